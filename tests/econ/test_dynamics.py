"""Cluster change, life-cycle stages, the dynamism star and wages on tables computed by hand."""

import numpy as np
import pandas as pd
import pytest

from econ.dataset import Dataset
from econ.dynamics import CHANGE_COLUMNS, cluster_change, dynamism_star
from econ.stages import life_cycle_stage
from econ.wages import cluster_wages, payroll_wages, productivity_star

# 2020: A x=100 y=100, B x=50 y=150, C x=50 y=50   (x 200, y 300; totals 200, 200, 100; E 500)
# 2021: A x=150 y=100, B x=50 y=230, C x=40 y=60   (x 240, y 390; totals 250, 280, 100; E 630)
# national growth: x 240/200 - 1 = .2, y 390/300 - 1 = .3
TABLE = pd.DataFrame(
    {
        "region": ["A", "A", "B", "B", "C", "C"] * 2,
        "activity": ["x", "y"] * 6,
        "year": [2020] * 6 + [2021] * 6,
        "employment": [100.0, 100, 50, 150, 50, 50, 150, 100, 50, 230, 40, 60],
    }
)
CLUSTERS = pd.DataFrame({"activity": ["x", "y"], "cluster": ["X", "Y"]})


@pytest.fixture(scope="module")
def change() -> pd.DataFrame:
    return cluster_change(TABLE, CLUSTERS, base_year=2020, year=2021)


def test_change_by_hand(change) -> None:
    assert list(change.columns) == CHANGE_COLUMNS
    got = change.set_index(["region", "cluster"])
    ax = got.loc[("A", "X")]
    assert (ax["base_year"], ax["year"]) == (2020, 2021)
    assert ax["employment_base"] == 100 and ax["employment"] == 150
    assert ax["growth"] == pytest.approx(0.5)  # a fraction: +50 %
    assert ax["job_creation"] == 50
    assert ax["lq_base"] == pytest.approx(1.25)  # (100/200) / (200/500)
    assert ax["lq"] == pytest.approx(1.575)  # (150/250) / (240/630)
    assert ax["lq_change"] == pytest.approx(0.325)
    assert ax["national_growth"] == pytest.approx(0.2)
    assert ax["shift_share_regional"] == pytest.approx(30.0)  # 150 - 100·1.2
    cy = got.loc[("C", "Y")]
    assert cy["growth"] == pytest.approx(0.2)
    assert cy["lq_base"] == pytest.approx(50 / 60)  # (50/100) / (300/500)
    assert cy["lq"] == pytest.approx(0.6 / (390 / 630))
    assert cy["national_growth"] == pytest.approx(0.3)
    assert cy["shift_share_regional"] == pytest.approx(-5.0)  # 60 - 50·1.3
    by = got.loc[("B", "Y")]
    assert by["job_creation"] == 80 and by["shift_share_regional"] == pytest.approx(35.0)


def test_national_rate_is_the_clusters_everywhere(change) -> None:
    rates = change.groupby("cluster")["national_growth"].agg(["min", "max"])
    assert rates.to_numpy().ravel().tolist() == pytest.approx([0.2, 0.2, 0.3, 0.3])


def test_region_totals_and_reference_by_year() -> None:
    totals = pd.Series(
        [400.0, 400, 200, 500, 560, 200],
        index=pd.MultiIndex.from_product([[2020, 2021], ["A", "B", "C"]]).swaplevel(),
    )
    reference = pd.DataFrame(
        {"activity": ["x", "y", "x", "y"], "year": [2020, 2020, 2021, 2021]}
    ).assign(employment=[400.0, 600, 600, 600])
    got = cluster_change(
        TABLE,
        CLUSTERS,
        base_year=2020,
        year=2021,
        reference=reference,
        region_totals=totals,
        reference_total=pd.Series({2020: 1000.0, 2021: 1260.0}),
    ).set_index(["region", "cluster"])
    ax = got.loc[("A", "X")]
    assert ax["lq_base"] == pytest.approx((100 / 400) / (400 / 1000))
    assert ax["lq"] == pytest.approx((150 / 500) / (600 / 1260))
    assert ax["national_growth"] == pytest.approx(0.5)  # the reference's x: 600/400 - 1
    assert ax["shift_share_regional"] == pytest.approx(0.0)  # 150 - 100·1.5


def test_missing_base_stays_missing() -> None:
    table = TABLE.copy()
    table.loc[0, "employment"] = np.nan  # A x 2020 suppressed
    ax = cluster_change(table, CLUSTERS, base_year=2020, year=2021).iloc[0]
    assert ax["region"] == "A" and np.isnan(ax["growth"]) and np.isnan(ax["job_creation"])
    # the default reference sums known cells: x was 50 + 50 in 2020, 240 in 2021
    assert ax["national_growth"] == pytest.approx(240 / 100 - 1)


def test_one_example_per_stage() -> None:
    rows = pd.DataFrame(
        {
            "lq": [0.8, 1.5, 1.5, 1.5, 0.7],
            "lq_change": [0.1, 0.2, -0.1, -0.1, -0.2],
            "growth": [0.3, 0.3, 0.25, 0.05, 0.1],
            "national_growth": [0.2, 0.2, 0.2, 0.2, 0.2],
        }
    )
    assert life_cycle_stage(rows).tolist() == [
        "emerging",  # small and gaining
        "growing",  # specialised and gaining
        "mature",  # specialised, not gaining, keeping pace with the nation
        "declining",  # specialised, losing ground and falling behind the nation
        "declining",  # small and losing
    ]
    stricter = life_cycle_stage(rows, lq_threshold=2.0, lq_change_threshold=0.15)
    assert stricter.tolist() == ["declining", "emerging", "declining", "declining", "declining"]
    assert life_cycle_stage(rows, growth_margin=0.1).tolist()[2] == "declining"


def test_stages_of_the_hand_table(change) -> None:
    stages = change.assign(stage=life_cycle_stage(change)).set_index(["region", "cluster"])
    assert stages["stage"].to_dict() == {
        ("A", "X"): "growing",  # LQ 1.25 → 1.575
        ("A", "Y"): "declining",  # LQ 0.83 → 0.65
        ("B", "X"): "declining",  # LQ 0.625 → 0.469
        ("B", "Y"): "growing",  # LQ 1.25 → 1.33
        ("C", "X"): "declining",  # LQ 1.25 → 1.05, growth -20 % against +20 %
        ("C", "Y"): "emerging",  # LQ 0.83 → 0.97
    }


def test_stage_missing_without_inputs() -> None:
    rows = pd.DataFrame(
        {"lq": [np.nan], "lq_change": [0.1], "growth": [0.1], "national_growth": [0.0]}
    )
    assert life_cycle_stage(rows).isna().all()


def test_dynamism_star(change) -> None:
    best = change[dynamism_star(change, top=1 / 3, floor=0)]
    assert sorted(zip(best["region"], best["cluster"], strict=True)) == [("A", "X"), ("B", "Y")]
    assert not dynamism_star(change, floor=0).any()  # 3 regions: no one is in the top 10 %
    # from 60 base-year jobs: X ranks A alone (top 1/1), Y ranks A and B (B top 1/2)
    big = change[dynamism_star(change, top=0.5, floor=60)]
    assert list(zip(big["region"], big["cluster"], strict=True)) == [("B", "Y")]


# cluster X = x1 + x2; wages per employee
WAGES = pd.DataFrame(
    {
        "region": ["A", "A", "B", "B", "C", "C"],
        "activity": ["x1", "x2"] * 3,
        "employment": [100.0, 100, 300, 100, 100, 100],
        "wage": [50.0, 30, 38, np.nan, 20, 20],
    }
)
WAGE_CLUSTERS = pd.DataFrame({"activity": ["x1", "x2"], "cluster": ["X", "X"]})


def test_cluster_wages_by_hand() -> None:
    got = cluster_wages(
        WAGES.drop(columns="wage"), WAGES.drop(columns="employment"), WAGE_CLUSTERS
    ).set_index("region")
    assert got["wage"].tolist() == pytest.approx([40.0, 38.0, 20.0])  # (5000 + 3000) / 200
    assert got["wage_coverage"].tolist() == pytest.approx([1.0, 0.75, 1.0])
    national = (5000 + 3000 + 11400 + 2000 + 2000) / 700
    assert got["national_wage"].tolist() == pytest.approx([national] * 3)
    assert got.loc["A", "relative_wage"] == pytest.approx(40 / national)


def test_productivity_star_on_a_hand_table() -> None:
    table = cluster_wages(
        WAGES.drop(columns="wage"), WAGES.drop(columns="employment"), WAGE_CLUSTERS
    )
    assert table.loc[productivity_star(table, top=1 / 3), "region"].tolist() == ["A"]
    assert not productivity_star(table).any()
    # ten regions with relative wages 0.6 … 1.5: the top 10 % is the one region at 1.5
    ten = pd.DataFrame(
        {"region": list("abcdefghij"), "cluster": "X", "relative_wage": np.arange(6, 16) / 10}
    )
    assert ten.loc[productivity_star(ten), "region"].tolist() == ["j"]


def test_wages_from_payroll() -> None:
    table = pd.DataFrame({"employment": [200.0, 0.0], "payroll": [9000.0, 10.0]})
    assert payroll_wages(table).tolist()[0] == 45.0
    assert np.isnan(payroll_wages(table).iloc[1])


def test_dataset_in_one_year() -> None:
    totals = pd.Series(
        [1.0, 2.0, 3.0, 4.0],
        index=pd.MultiIndex.from_tuples([("A", 2020), ("B", 2020), ("A", 2021), ("B", 2021)]),
    )
    data = Dataset(
        employment=TABLE,
        activities=CLUSTERS,
        region_totals=totals,
        reference=TABLE.groupby(["activity", "year"], as_index=False)["employment"].sum(),
        wages=TABLE.rename(columns={"employment": "wage"}),
    )
    assert data.years == [2020, 2021]
    one = data.in_year(2021)
    assert "year" not in one.employment and one.employment["employment"].sum() == 630
    assert one.region_totals.to_dict() == {"A": 3.0, "B": 4.0}
    assert one.reference.set_index("activity")["employment"].to_dict() == {"x": 240, "y": 390}
    assert len(one.wages) == 6 and one.meta["year"] == 2021
