"""Specialisation and localisation indices on hand-computed examples and hypothesis properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ.concentration import location_quotients
from econ.indices import REGION_INDEX_COLUMNS, gini, localisation, region_indices


def one_region(values: list[float], groups: list[str] | None = None) -> tuple:
    activities = [f"a{i}" for i in range(len(values))]
    table = pd.DataFrame({"region": "A", "activity": activities, "employment": values})
    clusters = None if groups is None else pd.DataFrame({"activity": activities, "cluster": groups})
    return table, clusters


def test_krugman_of_disjoint_mixes_is_two() -> None:
    table, _ = one_region([2.0, 1.0, 7.0, 0.0, 0.0])
    reference = pd.DataFrame({"activity": table["activity"], "employment": [0, 0, 0, 6, 4]})
    row = region_indices(table, reference=reference).iloc[0]
    # |.2-0| + |.1-0| + |.7-0| + |0-.6| + |0-.4| = 2; Hoover = 2 / 2 = 1
    assert row["krugman"] == pytest.approx(2.0)
    assert row["hoover"] == pytest.approx(1.0)


def test_herfindahl_raw_and_normalised() -> None:
    table, _ = one_region([20.0, 50.0, 20.0, 10.0])
    row = region_indices(table).iloc[0]
    assert row["herfindahl"] == pytest.approx(0.34)  # .04 + .25 + .04 + .01
    assert row["herfindahl_norm"] == pytest.approx(0.12)  # (.34 - 1/4) / (1 - 1/4)
    assert row["krugman"] == pytest.approx(0.0)  # a single region is its own reference


def test_entropy_splits_into_related_and_unrelated_variety() -> None:
    table, clusters = one_region([1.0, 1.0, 1.0, 1.0], ["A", "A", "B", "B"])
    row = region_indices(table, clusters).iloc[0]
    assert list(row.index) == REGION_INDEX_COLUMNS
    # 4 × .25·log2(4) = 2 bits = unrelated (.5, .5 -> 1 bit) + related (2 × .5 × 1 bit)
    assert row[["entropy", "unrelated_variety", "related_variety"]].tolist() == pytest.approx(
        [2.0, 1.0, 1.0]
    )


def test_uneven_variety_by_hand() -> None:
    table, clusters = one_region([2.0, 1.0, 1.0, 0.0], ["A", "B", "B", "B"])
    row = region_indices(table, clusters).iloc[0]
    # shares .5, .25, .25, 0: entropy .5·1 + 2·.25·2 = 1.5; clusters (.5, .5): UV = 1;
    # RV = .5 · H(.5, .5, 0) = .5
    assert row[["entropy", "unrelated_variety", "related_variety"]].tolist() == pytest.approx(
        [1.5, 1.0, 0.5]
    )


def test_missing_cells_stay_out_of_the_shares() -> None:
    table, _ = one_region([20.0, 50.0, 20.0, 10.0, np.nan])
    assert region_indices(table).iloc[0]["herfindahl"] == pytest.approx(0.34)


def test_localisation_by_hand() -> None:
    table = pd.DataFrame(
        {
            "region": ["R1", "R1", "R2", "R2"],
            "activity": ["x", "y", "x", "y"],
            "employment": [50.0, 50.0, 0.0, 300.0],
        }
    )
    got = localisation(table).set_index("activity")
    # region shares (.25, .75). x: (1, 0) -> ½(.75 + .75) = .75; y: (1/7, 6/7) -> ½·2·(.25 - 1/7)
    assert got["hoover_localisation"].tolist() == pytest.approx([0.75, 0.25 - 1 / 7])
    # x LQs (4, 0): Gini .5; y LQs (4/7, 8/7): |4/7 - 8/7|·2 / (2·4·6/7) = 1/6
    assert got["gini"].tolist() == pytest.approx([0.5, 1 / 6])


def test_gini_of_one_winner() -> None:
    values = np.array([0.0, 4.0, 0.0, 0.0])
    got = gini(values, np.zeros(4, dtype=int), np.arange(4), (1, 4))
    assert got.tolist() == pytest.approx([0.75])  # Σ|xi-xj| = 24; 24 / (2·16·1)


def test_gini_of_sparse_groups_sorts_instead() -> None:
    # 3 groups over 20 members, 7 values (60 cells > 4·7): the sorted path. Group 0: (0, 0, 0, 4)
    # -> .75; group 1: (1, 3) -> |1-3|·2 / (2·4·2) = .25; group 2: one value -> 0
    values = np.array([4.0, 3.0, 0.0, 1.0, 0.0, 7.0, 0.0])
    groups = np.array([0, 1, 0, 1, 0, 2, 0])
    members = np.array([0, 1, 2, 3, 4, 5, 6])
    assert gini(values, groups, members, (3, 20)).tolist() == pytest.approx([0.75, 0.25, 0.0])
    dense = gini(values, groups, members, (3, 7))  # 21 cells <= 28: the matrix path
    assert dense.tolist() == pytest.approx([0.75, 0.25, 0.0])


@st.composite
def employment_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_regions = draw(st.integers(2, 5))
    n_activities = draw(st.integers(2, 6))
    values = draw(
        st.lists(
            st.integers(0, 1000),
            min_size=n_regions * n_activities,
            max_size=n_regions * n_activities,
        )
    )
    grid = np.array(values, dtype=float).reshape(n_regions, n_activities) + np.eye(
        n_regions, n_activities
    )  # every region and activity has some employment
    grid[:, 0] += 1
    grid[0, :] += 1
    regions = [f"r{i}" for i in range(n_regions)]
    activities = [f"a{j}" for j in range(n_activities)]
    table = pd.DataFrame(
        {
            "region": np.repeat(regions, n_activities),
            "activity": np.tile(activities, n_regions),
            "employment": grid.ravel(),
        }
    )
    groups = draw(st.lists(st.sampled_from("AB"), min_size=n_activities, max_size=n_activities))
    return table, pd.DataFrame({"activity": activities, "cluster": groups})


@settings(max_examples=60, deadline=None)
@given(employment_tables())
def test_employment_weighted_mean_lq_is_one(data: tuple) -> None:
    table, _ = data
    lq = location_quotients(table)
    reference = table.groupby("activity")["employment"].sum()
    weights = lq["activity"].map(reference)
    # Σ_i E_i·LQ_ir / Σ_i E_i = Σ_i s_ir = 1 for each region
    per_region = (lq["lq"] * weights).groupby(lq["region"]).sum() / weights.groupby(
        lq["region"]
    ).sum()
    assert per_region.to_numpy() == pytest.approx(1.0)
    # Σ_r e_r·LQ_ir / E = Σ_r e_ir / E_i = 1 for each activity
    region_size = lq["region"].map(table.groupby("region")["employment"].sum())
    weighted = (lq["lq"] * region_size).groupby(lq["activity"]).sum()
    per_activity = weighted / table["employment"].sum()
    assert per_activity.to_numpy() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(employment_tables())
def test_indices_stay_in_range(data: tuple) -> None:
    table, clusters = data
    got = region_indices(table, clusters)
    n = table["activity"].nunique()
    tolerance = 1e-9
    assert got["krugman"].between(-tolerance, 2 + tolerance).all()
    assert np.allclose(got["hoover"], got["krugman"] / 2)
    assert got["herfindahl"].between(1 / n - tolerance, 1 + tolerance).all()
    assert got["herfindahl_norm"].between(-tolerance, 1 + tolerance).all()
    assert got["entropy"].between(-tolerance, np.log2(n) + tolerance).all()
    assert (got[["related_variety", "unrelated_variety"]] >= -tolerance).all().all()
    assert np.allclose(got["related_variety"] + got["unrelated_variety"], got["entropy"])
    local = localisation(table)
    assert local["hoover_localisation"].between(-tolerance, 1 + tolerance).all()
    assert local["gini"].between(-tolerance, 1).all()


@settings(max_examples=40, deadline=None)
@given(employment_tables(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(data: tuple, rnd) -> None:
    table, clusters = data
    order = list(range(len(table)))
    rnd.shuffle(order)
    shuffled = table.iloc[order]
    pd.testing.assert_frame_equal(
        region_indices(shuffled, clusters), region_indices(table, clusters)
    )
    pd.testing.assert_frame_equal(localisation(shuffled), localisation(table))
    keys = ["region", "activity"]
    pd.testing.assert_frame_equal(
        location_quotients(shuffled).sort_values(keys, ignore_index=True),
        location_quotients(table),
    )


def test_a_region_of_zeros_has_no_indices() -> None:
    # shares 0/0 are undefined: every index is missing, not 0
    table = pd.DataFrame(
        {
            "region": ["A", "A", "B", "B"],
            "activity": ["x", "y"] * 2,
            "employment": [0.0, 0.0, 3.0, 1.0],
        }
    )
    clusters = pd.DataFrame({"activity": ["x", "y"], "cluster": ["C", "C"]})
    got = region_indices(table, clusters).set_index("region")
    assert got.loc["A", REGION_INDEX_COLUMNS[1:]].isna().all()
    # B: shares (.75, .25), one cluster: entropy = related variety = .811 bits, unrelated 0
    assert got.loc["B", "entropy"] == pytest.approx(0.8112781244591328)
    assert got.loc["B", "related_variety"] == pytest.approx(0.8112781244591328)
    assert got.loc["B", "unrelated_variety"] == 0.0


def test_a_large_dense_gini_sorted_on_every_core_matches_the_sorted_path() -> None:
    # 1,024 groups × 2,048 members (2^21 cells, enough to be split among the cores that sort
    # the matrix), a few values missing; the same values in a wider, mostly empty matrix go by
    # one sort of (group, value) instead
    rng = np.random.default_rng(3)
    groups, members = np.divmod(np.arange(1024 * 2048), 2048)
    values = rng.lognormal(0, 1, groups.size)
    values[::11] = np.nan
    dense = gini(values, groups, members, (1024, 2048))
    sparse = gini(values, groups, members, (1024, 4 * 2048 + 1))
    assert dense == pytest.approx(sparse, rel=1e-12)
    assert dense.min() > 0.3 and dense.max() < 0.7  # a log-normal(0, 1) Gini is about .52
