"""`cli.py links`: the four link tables from hand-made files, and bad flows reported by row."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import cli


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Squares A-B-C in a row and island D far east; Alpha strong in A, B and Beta in C, D."""
    regions = gpd.GeoDataFrame(
        {"code": ["A", "B", "C", "D"], "label": ["Avon", "Bath", "Cork", "Derry"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1), box(10, 0, 11, 1)],
        crs="EPSG:4326",
    )
    boundaries = tmp_path / "regions.geojson"
    regions.to_file(boundaries, driver="GeoJSON")
    employment = tmp_path / "employment.csv"
    employment.write_text(
        "region,activity,employment\n"
        "A,a,300\nA,b,100\nB,a,300\nB,b,100\nC,a,100\nC,b,300\nD,a,100\nD,b,300\n",
        encoding="utf-8",
    )
    clusters = tmp_path / "clusters.csv"
    clusters.write_text("activity,cluster\na,Alpha\nb,Beta\n", encoding="utf-8")
    return {"boundaries": boundaries, "employment": employment, "clusters": clusters}


def run_links(inputs: dict[str, Path], out: Path, *extra: str) -> int:
    return cli.main(
        [
            "links",
            "--boundaries",
            str(inputs["boundaries"]),
            "--id-column",
            "code",
            "--name-column",
            "label",
            "--employment",
            str(inputs["employment"]),
            "--clusters",
            str(inputs["clusters"]),
            "--permutations",
            "99",
            "--partners",
            "1",
            "--out",
            str(out),
            *extra,
        ]
    )


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        out / name, dtype={"region": str, "region_a": str, "region_b": str}, keep_default_na=False
    )


def test_links_writes_the_four_tables(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_links(inputs, out) == 0
    # each region employs 400; Alpha = 800 of 1,600 overall, so share 0.5:
    # LQ Alpha A = B = (300/400)/0.5 = 1.5, C = D = 0.5; Beta the mirror image.
    # A-B border, both >= 1.25 in Alpha: weight min(300, 300); C-D are joined only by the
    # islands' fallback (D touches nobody), which is no shared border.
    assert read(out, "border_links.csv").values.tolist() == [["A", "B", "Alpha", 300]]
    assert read(out, "zones.csv").values.tolist() == [[1, "Alpha", "A"], [1, "Alpha", "B"]]
    partners = read(out, "partners.csv")
    assert list(partners.columns) == ["region", "partner", "similarity", "shared", "complementary"]
    # identical profiles: cosine 1; the partner of A is B, of D is C
    assert partners[["region", "partner"]].values.tolist() == [
        ["A", "B"],
        ["B", "A"],
        ["C", "D"],
        ["D", "C"],
    ]
    assert partners["similarity"].tolist() == pytest.approx([1.0] * 4)
    assert partners["shared"].tolist() == ["Alpha", "Alpha", "Beta", "Beta"]
    hotspots = read(out, "hotspots.csv")
    assert list(hotspots.columns) == ["region", "cluster", "local_i", "p_value", "quadrant"]
    assert len(hotspots) == 8  # 4 regions × 2 categories
    assert set(hotspots["quadrant"]) <= {"HH", "LL", "HL", "LH", "ns"}
    neighbours = read(out, "neighbours.csv")
    assert neighbours.values.tolist() == [
        ["A", "B", "queen"],
        ["B", "C", "queen"],
        ["C", "D", "knn"],
    ]
    assert "islands without a shared border (knn fallback): D" in capsys.readouterr().out


def test_links_reports_flows_with_unknown_regions_by_row(inputs, tmp_path, capsys):
    flows = tmp_path / "flows.csv"
    flows.write_text("origin,destination,value\nA,B,10\nA,Z,5\n", encoding="utf-8")
    assert run_links(inputs, tmp_path / "out", "--flows", str(flows)) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: flows.csv, row 3, column 'destination': 1 problem(s)")
    assert "'Z': unknown region id" in error


def test_links_on_the_demo_by_default(tmp_path):
    out = tmp_path / "demo"
    assert cli.main(["links", "--permutations", "9", "--out", str(out)]) == 0
    zones = read(out, "zones.csv")
    computing = zones[zones["cluster"] == "Computer and Mathematical Occupations"]
    # LQ >= 1.25 in both: DC, Maryland, Virginia (Colorado-Utah only from 1.2 on)
    assert computing["region"].tolist() == ["11", "24", "51"]
    assert len(read(out, "partners.csv")) == 54 * 5  # 54 areas with data, 5 partners each
