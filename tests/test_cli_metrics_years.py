"""A two-year Rosstat-layout table through `matched_dataset` and `cli.py metrics`: the change
table with its published columns, values computed by hand from the fixture, and wages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cli
from econ.dynamics import CHANGE_COLUMNS
from econ.errors import InputError
from intake.pipeline import Sources, matched_dataset
from layers.geojson import read_embedded
from tests.fixtures import rosstat_years as fixture
from tests.fixtures.rosstat import BOUNDARIES


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    return fixture.write_csv(tmp_path_factory.mktemp("rosstat_years"))


@pytest.fixture(scope="module")
def intake(table):
    return matched_dataset(Sources(employment=table, boundaries=BOUNDARIES))


def lq(subject: str, section: str, position: int) -> float:
    """LQ by hand: the subject's share of its Всего over the six subjects' share."""
    employment = fixture.EMPLOYMENT
    known = [e[section][position] or 0 for e in employment.values()]
    total = sum(t[position] for t in fixture.TOTALS.values())
    share = employment[subject][section][position] / fixture.TOTALS[subject][position]
    return share / (sum(known) / total)


def test_pipeline_keeps_both_years_in_persons(intake) -> None:
    data = intake.data
    assert data.years == [2022, 2023]
    assert set(data.employment["region"]) == set(fixture.SUBJECTS)
    cell = data.employment.set_index(["region", "activity", "year"])["employment"]
    assert cell[("RU-MOW", "J", 2023)] == 600_000  # printed 600,0 thousand
    assert pd.isna(cell[("RU-TA", "K", 2023)])  # printed …
    assert data.region_totals[("RU-SVE", 2023)] == 1_990_000
    wages = data.wages.set_index(["region", "activity", "year"])["wage"]
    assert wages[("RU-MOW", "J", 2023)] == pytest.approx(198_000)  # 180 000 · 1.1
    assert pd.isna(wages[("RU-TA", "K", 2022)])


def test_metrics_writes_the_change_table(table, tmp_path) -> None:
    out = tmp_path / "out"
    args = ["metrics", "--employment", str(table), "--boundaries", str(BOUNDARIES)]
    assert cli.main([*args, "--out", str(out)]) == 0
    change = pd.read_csv(out / "region_cluster_change.csv")
    assert list(change.columns) == CHANGE_COLUMNS
    assert len(change) == 6 * 5
    assert set(change["base_year"]) == {2022} and set(change["year"]) == {2023}
    ict = change[change["cluster"] == "ict"].set_index("region")
    mow = ict.loc["RU-MOW"]
    assert (mow["employment_base"], mow["employment"]) == (500_000, 600_000)
    assert mow["growth"] == pytest.approx(0.2) and mow["job_creation"] == 100_000
    assert mow["lq_base"] == pytest.approx(lq("RU-MOW", "J", 0), rel=1e-7)
    assert mow["lq"] == pytest.approx(lq("RU-MOW", "J", 1), rel=1e-7)
    j0 = sum(e["J"][0] for e in fixture.EMPLOYMENT.values())
    j1 = sum(e["J"][1] for e in fixture.EMPLOYMENT.values())
    assert mow["national_growth"] == pytest.approx(j1 / j0 - 1, rel=1e-7)
    competitive = 600_000 - 500_000 * j1 / j0
    assert mow["shift_share_regional"] == pytest.approx(competitive, rel=1e-6)
    finance = change[change["cluster"] == "finance_insurance"].set_index("region")
    assert pd.isna(finance.loc["RU-TA", "growth"])  # 2023 withheld: no growth, not -100 %
    by_year = pd.read_csv(out / "region_cluster.csv")
    assert sorted(by_year["year"].unique()) == [2022, 2023]


def test_metrics_writes_wages_and_the_productivity_star(table, tmp_path) -> None:
    out = tmp_path / "out"
    args = ["metrics", "--employment", str(table), "--boundaries", str(BOUNDARIES)]
    assert cli.main([*args, "--productivity-top", "0.2", "--out", str(out)]) == 0
    wages = pd.read_csv(out / "region_cluster_wages.csv")
    ict = wages[(wages["cluster"] == "ict") & (wages["year"] == 2022)].set_index("region")
    paid = {gid: e["J"][0] for gid, e in fixture.EMPLOYMENT.items()}
    bill = sum(paid[gid] * fixture.wage(gid, "J", 2022) for gid in paid)
    national = bill / sum(paid.values())
    assert ict.loc["RU-MOW", "relative_wage"] == pytest.approx(180_000 / national, rel=1e-7)
    # top 20 % of six subjects: rank 1 (1/6) only — Moscow, highest relative ICT wage
    assert ict.index[ict["productivity_star"]].tolist() == ["RU-MOW"]


def test_chosen_years(table, tmp_path) -> None:
    args = ["metrics", "--employment", str(table), "--boundaries", str(BOUNDARIES)]
    out = tmp_path / "out"
    assert cli.main([*args, "--base-year", "2022", "--year", "2023", "--out", str(out)]) == 0
    with pytest.raises(InputError, match="no year 2021 in the table; its years are 2022, 2023"):
        cli.metrics(cli.parser().parse_args([*args, "--base-year", "2021", "--out", str(out)]))


def test_one_year_has_no_change_table(tmp_path) -> None:
    out = tmp_path / "out"
    assert cli.main(["metrics", "--demo", "--out", str(out)]) == 0
    assert not (out / "region_cluster_change.csv").exists()
    wages = pd.read_csv(out / "region_cluster_wages.csv", dtype={"region": str})
    assert wages["productivity_star"].sum() > 0


def map_tip(html: Path, region: str) -> str:
    """The tooltip of `region` in a written map (`layers.geojson.read_embedded` decodes it)."""
    for collection in read_embedded(html.read_text(encoding="utf-8")):
        for feature in collection["features"]:
            if feature["properties"].get("region") == region:
                return feature["properties"]["tip"]
    raise AssertionError(f"no region {region} in {html.name}")


def test_maps_of_growth_and_stage(table, tmp_path) -> None:
    args = ["maps", "--employment", str(table), "--boundaries", str(BOUNDARIES)]
    assert cli.main([*args, "--metric", "growth", "--out", str(tmp_path / "growth")]) == 0
    index = (tmp_path / "growth" / "index.html").read_text(encoding="utf-8")
    assert "employment growth 2022–2023, %" in index
    assert len(list((tmp_path / "growth").glob("*.png"))) == 5
    tip = map_tip(tmp_path / "growth" / "j.html", "RU-MOW")
    assert "Employment growth, %</th><td>20.0<" in tip  # 500 → 600 thousand
    assert cli.main([*args, "--metric", "stage", "--out", str(tmp_path / "stage")]) == 0
    assert "life-cycle stage 2022–2023" in (tmp_path / "stage" / "index.html").read_text()


def test_change_maps_need_two_years(tmp_path) -> None:
    with pytest.raises(InputError, match="--metric lq_change needs a table with two or more"):
        cli.maps(cli.parser().parse_args(["maps", "--demo", "--metric", "lq_change", "--out", "x"]))
