"""Stars, strong clusters and reliability on a ten-region table worked out by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ.dataset import demo_dataset
from econ.stars import (
    REGION_CLUSTER_COLUMNS,
    category_groups,
    region_cluster,
    specialised,
    strong_clusters,
    top_share,
)

REGIONS = [f"R{i}" for i in range(10)]
# Cluster C (activity c): R0 9000, R1 2000, R2..R9 1000. Cluster D (activity d): R0 9000,
# R1 2000, R2..R8 9000 + i (distinct), R9 500. R1 also lists c2 (in C) as suppressed.
C = [9000, 2000] + [1000] * 8
D = [9000, 2000] + [9000 + i for i in range(2, 9)] + [500]
EMPLOYMENT = pd.DataFrame(
    {
        "region": REGIONS * 2 + ["R1"],
        "activity": ["c"] * 10 + ["d"] * 10 + ["c2"],
        "employment": [float(v) for v in C + D] + [np.nan],
    }
)
CLUSTERS = pd.DataFrame({"activity": ["c", "c2", "d"], "cluster": ["C", "C", "D"]})


def cluster_c(**rules: float | bool) -> pd.DataFrame:
    table = region_cluster(EMPLOYMENT, CLUSTERS, **rules)
    return table[table["cluster"] == "C"].set_index("region")


def test_columns_are_exactly_the_published_ones() -> None:
    assert list(region_cluster(EMPLOYMENT, CLUSTERS).columns) == REGION_CLUSTER_COLUMNS


def test_eco_stars_by_hand() -> None:
    c = cluster_c()
    # Reference C = 9000+2000+8*1000 = 19000; E = 19000 + sum(D) = 19000 + 74535 = 93535.
    reference_share = 19000 / (19000 + sum(D))
    assert c.loc["R0", "lq"] == pytest.approx(0.5 / reference_share)  # 9000/18000 = .5 ≈ 2.46
    assert c.loc["R9", "lq"] == pytest.approx((1000 / 1500) / reference_share)  # ≈ 3.28
    assert c.loc["R0", "share_of_reference"] == pytest.approx(9000 / 19000)
    # size: top 10% of 10 regions = R0 only; focus: R9 (2/3 of its jobs), R0 and R1 tie second.
    assert c.index[c["size_star"]].tolist() == ["R0"]
    assert c.index[c["focus_star"]].tolist() == ["R9"]
    assert c.index[c["specialisation_star"]].tolist() == ["R0", "R1", "R9"]
    assert c["stars"].to_dict() == {"R0": 2, "R1": 1, "R9": 2} | {r: 0 for r in REGIONS[2:9]}


def test_reliability_flags_floor_and_suppressed_inputs() -> None:
    table = region_cluster(EMPLOYMENT, CLUSTERS).set_index(["region", "cluster"])
    unreliable = table.index[~table["reliable"]].tolist()
    assert unreliable == [("R1", "C"), ("R9", "D")]  # c2 suppressed; 500 < floor 1000
    # flagged but still starred by default; withheld on request
    assert table.loc[("R1", "C"), "specialisation_star"]
    assert cluster_c(star_unreliable=False).loc["R1", "stars"] == 0
    assert cluster_c(floor=1001, star_unreliable=False).loc["R9", "stars"] == 0


def test_thresholds_are_configurable() -> None:
    c = cluster_c(size_top=0.2, specialisation_lq=3.0)
    # top 20%: R0 (9000) and R1 (2000); LQ >= 3: only R9 (3.28)
    assert c.index[c["size_star"]].tolist() == ["R0", "R1"]
    assert c.index[c["specialisation_star"]].tolist() == ["R9"]


def test_strong_clusters_by_hand() -> None:
    table = region_cluster(EMPLOYMENT, CLUSTERS)
    c = table[table["cluster"] == "C"]
    strong = strong_clusters(c)
    # LQ 75th percentile = .49 + .75*(2.46-.49) ≈ 1.97 -> R0, R1, R9; employment 25th
    # percentile = 1000, strictly above -> R0, R1.
    assert c.loc[strong, "region"].tolist() == ["R0", "R1"]


def test_binary_specialisation_threshold_is_inclusive() -> None:
    assert specialised(pd.Series([0.99, 1.0, np.nan, 2.0])).tolist() == [False, True, False, True]


def test_demo_stars_counts() -> None:
    data = demo_dataset()
    table = region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
    assert len(table) == 1184  # 20 major groups in all 54 areas, 2 groups in 53 and 51
    # 10% of 54 areas is 5.4: the 5 largest of each category (no ties on the demo)
    assert table.groupby("cluster")["size_star"].sum().tolist() == [5] * 22
    legal = table.query("region == '11' and cluster == 'Legal Occupations'")
    # DC: (41,690 / 701,920) / (1,305,620 / 155,495,730) = .059394 / .0083965 = 7.0737
    assert legal["lq"].item() == pytest.approx(7.0737, abs=1e-4)
    assert legal["specialisation_star"].item()


def test_top_share_ties_share_the_better_rank() -> None:
    # 20 regions: two tie for first (rank 1/20 = .05 <= .1), the next is rank 3 (.15 > .1)
    table = pd.DataFrame(
        {
            "region": [f"R{i:02d}" for i in range(20)],
            "cluster": "C",
            "employment": [5.0, 5.0, 4.0] + [1.0] * 16 + [np.nan],
        }
    )
    groups = category_groups(table)
    values = table["employment"].to_numpy()
    assert np.flatnonzero(top_share(values, groups, 0.10)).tolist() == [0, 1]
    # 19 known values: 3 / 19 = .158 <= .2 gives the third region a star at 20%
    assert np.flatnonzero(top_share(values, groups, 0.20)).tolist() == [0, 1, 2]


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 5), st.one_of(st.none(), st.integers(0, 6))), max_size=60
    ),
    share=st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 1.0]),
)
def test_top_share_is_the_rank_rule_counted_one_row_at_a_time(rows, share) -> None:
    # Few groups of similar size take the per-group matrix; one big group beside small ones
    # takes the sort by group and value: both must give the rule counted row by row.
    groups = np.array([g for g, _ in rows], dtype=np.int16)
    values = np.array([np.nan if v is None else float(v) for _, v in rows])
    expected = []
    for group, value in zip(groups, values, strict=True):
        peers = values[(groups == group) & ~np.isnan(values)]
        rank = 1 + np.count_nonzero(peers > value)
        expected.append(not np.isnan(value) and rank / peers.size <= share)
    assert top_share(values, groups, share).tolist() == expected
