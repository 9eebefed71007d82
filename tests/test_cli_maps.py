"""`cli.py maps`: one HTML and one PNG per category and an index, from hand-made files."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

import cli
from layers.geojson import read_embedded

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Four unit squares in a row (A–D) and employment in two categories (Alpha, <Beta>)."""
    regions = gpd.GeoDataFrame(
        {"code": ["A", "B", "C", "D"], "label": ["Avon", HOSTILE, "Cork", "Down"]},
        geometry=[box(i, 0, i + 1, 1) for i in range(4)],
        crs="EPSG:4326",
    )
    boundaries = tmp_path / "regions.geojson"
    regions.to_file(boundaries, driver="GeoJSON")
    employment = tmp_path / "employment.csv"
    employment.write_text(
        "region,activity,employment\n"
        "A,a1,100\nA,a2,100\nA,b1,200\n"
        "B,a1,50\nB,a2,50\nB,b1,300\n"
        "C,a1,300\nC,a2,100\nC,b1,100\n"
        "D,a1,\nD,a2,100\nD,b1,400\n",
        encoding="utf-8",
    )
    clusters = tmp_path / "clusters.csv"
    clusters.write_text("activity,cluster\na1,Alpha\na2,Alpha\nb1,<Beta>\n", encoding="utf-8")
    return {"boundaries": boundaries, "employment": employment, "clusters": clusters}


def run_maps(inputs: dict[str, Path], out: Path, *extra: str) -> int:
    return cli.main(
        [
            "maps",
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
            "--out",
            str(out),
            *extra,
        ]
    )


def embedded_features(html: str) -> list[dict]:
    """The features of the first GeoJSON layer embedded in an exported map."""
    return read_embedded(html)[0]["features"]


def test_maps_writes_one_html_and_png_per_category_and_an_index(inputs, tmp_path):
    out = tmp_path / "out"
    assert run_maps(inputs, out, "--metric", "lq") == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "alpha.html",
        "alpha.png",
        "beta.html",
        "beta.png",
        "index.html",
    ]
    for stem in ("alpha", "beta"):
        assert (out / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'href="([^"]+)"', index)) == {
        "alpha.html",
        "alpha.png",
        "beta.html",
        "beta.png",
    }
    assert "&lt;Beta&gt;" in index and "<Beta>" not in index


def test_maps_html_holds_every_region_with_its_lq(inputs, tmp_path):
    out = tmp_path / "out"
    run_maps(inputs, out, "--metric", "lq")
    html = (out / "alpha.html").read_text(encoding="utf-8")
    features = {f["properties"]["region"]: f for f in embedded_features(html)}
    assert sorted(features) == ["A", "B", "C", "D"]
    # region totals (sum of known cells): A 400, B 400, C 500, D 500 (a1 suppressed); E = 1800
    # Alpha: A 200, B 100, C 400, D 100 → 800; LQ_C = (400/500) / (800/1800) = 0.8 / 0.444 = 1.80
    # LQ_B = (100/400) / (800/1800) = 0.25 / 0.444 = 0.5625 → 0.56
    assert "Location quotient</th><td>1.80</td>" in features["C"]["properties"]["tip"]
    assert "Location quotient</th><td>0.56</td>" in features["B"]["properties"]["tip"]
    # the hostile region name is shown as text, never as markup
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in features["B"]["properties"]["tip"]


def test_maps_demo_writes_22_categories(tmp_path):
    out = tmp_path / "demo"
    assert cli.main(["maps", "--demo", "--metric", "stars", "--out", str(out)]) == 0
    assert len(list(out.glob("*.html"))) == 22 + 1
    assert len(list(out.glob("*.png"))) == 22


def test_maps_bad_id_column_exits_2_naming_the_column(inputs, tmp_path, capsys):
    code = cli.main(
        [
            "maps",
            "--boundaries",
            str(inputs["boundaries"]),
            "--id-column",
            "nope",
            "--employment",
            str(inputs["employment"]),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    error = capsys.readouterr().err
    assert "'nope'" in error and "regions.geojson" in error and "code" in error
    assert "Traceback" not in error


def test_maps_id_column_without_matching_codes_exits_2(inputs, tmp_path, capsys):
    code = cli.main(
        [
            "maps",
            "--boundaries",
            str(inputs["boundaries"]),
            "--id-column",
            "label",
            "--employment",
            str(inputs["employment"]),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    error = capsys.readouterr().err
    assert "no table region matches a boundary region (table: 'A', boundaries' 'label'" in error


def test_maps_without_files_or_demo_exits_2(tmp_path, capsys):
    assert cli.main(["maps", "--out", str(tmp_path)]) == 2
    assert "--boundaries, --employment needed" in capsys.readouterr().err


def test_maps_uses_given_totals_and_reference(inputs, tmp_path):
    totals = tmp_path / "totals.csv"
    totals.write_text("region,employment\nA,1000\nB,1000\nC,1000\nD,1000\n", encoding="utf-8")
    reference = tmp_path / "reference.csv"
    reference.write_text("activity,employment\na1,1000\na2,1000\nb1,2000\n", encoding="utf-8")
    out = tmp_path / "out"
    assert (
        run_maps(
            inputs,
            out,
            "--totals",
            str(totals),
            "--reference",
            str(reference),
            "--reference-total",
            "10000",
        )
        == 0
    )
    features = {
        f["properties"]["region"]: f["properties"]["tip"]
        for f in embedded_features((out / "alpha.html").read_text(encoding="utf-8"))
    }
    # Alpha reference 1000 + 1000 = 2000 of 10,000 = 0.2; LQ_C = (400/1000) / 0.2 = 2.00,
    # LQ_B = (100/1000) / 0.2 = 0.50
    assert "Location quotient</th><td>2.00</td>" in features["C"]
    assert "Location quotient</th><td>0.50</td>" in features["B"]


def test_maps_bad_total_names_file_row_and_column(inputs, tmp_path, capsys):
    totals = tmp_path / "totals.csv"
    totals.write_text("region,employment\nA,1000\nB,lots\n", encoding="utf-8")
    assert run_maps(inputs, tmp_path / "out", "--totals", str(totals)) == 2
    error = capsys.readouterr().err
    assert "totals.csv, row 3, column 'employment'" in error and "'lots'" in error
    assert "Traceback" not in error
