"""Every CLI command on Rosstat-layout tables and the shipped Russia boundaries, no options but
the files: the same matching, units and sections as the Data page."""

from __future__ import annotations

import pandas as pd
import pytest

from cli import main
from tests.fixtures import rosstat

BOUNDARY_ARGS = ["--boundaries", str(rosstat.BOUNDARIES)]


@pytest.fixture(scope="module", params=["xlsx", "csv"])
def table(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    write = rosstat.write_xlsx if request.param == "xlsx" else rosstat.write_csv
    return write(folder, units="thousands")


def run(capsys, *args: str) -> str:
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_check_reports_matching_and_structure(table, tmp_path, capsys):
    out = run(capsys, "check", *BOUNDARY_ARGS, "--employment", str(table), "--out", str(tmp_path))
    assert "units thousands (as printed: '(тысяч человек)')" in out
    assert "regions: 83 matched, 11 aggregate, 2 not_in_boundaries" in out
    report = pd.read_csv(tmp_path / "region_matching.csv", dtype=str, keep_default_na=False)
    assert report["status"].value_counts().to_dict() == {
        "matched": 83,
        "aggregate": 11,
        "not_in_boundaries": 2,
    }
    tyumen = report.set_index("code").loc["Тюменская область без автономных округов"]
    assert (tyumen["region"], tyumen["rule"]) == (
        "RU-TYU",
        "gazetteer: RU-TYU-X Тюменская область без автономных округов",
    )
    quality = pd.read_csv(tmp_path / "quality_report.csv", dtype=str)
    problems = quality["problem"].str.split().str[0].value_counts().to_dict()
    assert problems == {"title": 1, "units": 1, "label": 2, "footnote": 2}


def test_metrics_in_persons_on_boundary_ids(table, tmp_path, capsys):
    out = run(capsys, "metrics", *BOUNDARY_ARGS, "--employment", str(table), "--out", str(tmp_path))
    assert "reference economy: the table's row 'Российская Федерация'" in out
    cells = pd.read_csv(tmp_path / "region_cluster.csv", dtype={"region": str})
    assert cells["region"].nunique() == 83 and "RU" not in set(cells["region"])
    activities = pd.read_csv(tmp_path / "region_activity.csv", dtype={"region": str})
    assert sorted(activities["activity"].unique()) == [letter for letter, _ in rosstat.SECTIONS]
    expected = rosstat.subject_values()
    khm = activities[activities["region"] == "RU-KHM"].set_index("activity")["employment"]
    assert khm.to_dict() == expected.loc["RU-KHM"].astype(float).to_dict()
    manufacturing = cells[(cells["cluster"] == "manufacturing") & (cells["region"] == "RU-TYU")]
    assert manufacturing["employment"].iloc[0] == expected.at["RU-TYU-X", "C"]
    country = rosstat.expected_rows().set_index("id").loc["RU"]
    moscow = cells[(cells["region"] == "RU-MOW") & (cells["cluster"] == "ict")].iloc[0]
    moscow_total = expected.loc["RU-MOW"].sum()
    lq = (expected.at["RU-MOW", "J"] / moscow_total) / (country["J"] / country["total"])
    assert moscow["lq"] == pytest.approx(lq, rel=1e-6)


def test_priorities_and_maps_and_links(table, tmp_path, capsys):
    run(
        capsys,
        "priorities",
        *BOUNDARY_ARGS,
        "--employment",
        str(table),
        "--out",
        str(tmp_path / "p"),
    )
    density = pd.read_csv(tmp_path / "p" / "density.csv", dtype={"region": str})
    assert density["region"].nunique() == 83
    run(
        capsys,
        "maps",
        *BOUNDARY_ARGS,
        "--employment",
        str(table),
        "--metric",
        "lq",
        "--out",
        str(tmp_path / "m"),
    )
    assert len(list((tmp_path / "m").glob("*.html"))) == len(rosstat.SECTIONS) + 1
    assert len(list((tmp_path / "m").glob("*.png"))) == len(rosstat.SECTIONS)
    out = run(
        capsys,
        "links",
        *BOUNDARY_ARGS,
        "--employment",
        str(table),
        "--permutations",
        "99",
        "--out",
        str(tmp_path / "l"),
    )
    assert "191 neighbour pairs (queen contiguity)" in out
    assert "islands without a shared border (knn fallback): RU-SAK, RU-KGD" in out
    links = pd.read_csv(tmp_path / "l" / "border_links.csv", dtype=str)
    assert len(links) > 0
    assert set(links["cluster"]) <= {letter for letter, _ in rosstat.SECTIONS}
    neighbours = pd.read_csv(tmp_path / "l" / "neighbours.csv", dtype=str)
    pairs = set(zip(neighbours["region_a"], neighbours["region_b"], strict=True))
    assert set(zip(links["region_a"], links["region_b"], strict=True)) <= pairs
