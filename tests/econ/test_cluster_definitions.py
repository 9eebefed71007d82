"""Cluster definitions from co-location: validation scores computed by hand, planted groups
recovered, moves from a grouping, names and the comparison with the current grouping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from econ.cluster_definitions import (
    CANDIDATE_COLUMNS,
    activity_relatedness,
    candidate_definitions,
    coagglomeration,
    compare,
    moved,
    suggested_names,
    validation_scores,
)

SIX = list("abcdef")


def six_activity_matrix() -> pd.DataFrame:
    values = np.full((6, 6), 0.1)
    for (i, j), r in {
        ("a", "b"): 0.8,
        ("a", "c"): 0.6,
        ("b", "c"): 0.4,
        ("d", "e"): 0.9,
        ("c", "f"): 0.45,
    }.items():
        values[SIX.index(i), SIX.index(j)] = values[SIX.index(j), SIX.index(i)] = r
    np.fill_diagonal(values, 1.0)
    return pd.DataFrame(values, index=SIX, columns=SIX)


def test_validation_scores_by_hand():
    labels = pd.Series(["x", "x", "x", "y", "y", "z"], index=SIX)
    scores = validation_scores(six_activity_matrix(), labels)
    # within: a 1.4/1.7, b 1.2/1.5, c 1.0/1.65, d and e 0.9/1.3, f 0 (alone)
    assert scores.within == pytest.approx((1.4 / 1.7 + 0.8 + 1 / 1.65 + 2 * 0.9 / 1.3) / 6)
    # best own: every activity but f, whose own cluster has no other member
    assert scores.best_own == pytest.approx(5 / 6)
    # between / within: 10 pairs at 0.1 and c–f at 0.45 over ab, ac, bc, de
    assert scores.between == pytest.approx((1.45 / 11) / (2.7 / 4))


def test_moves_take_an_activity_to_the_cluster_it_relates_to_most():
    start = pd.Series(["x", "x", "y", "y", "y", "z"], index=SIX)  # c put with d and e
    result = moved(six_activity_matrix(), start)
    assert result.tolist() == ["x", "x", "x", "y", "y", "z"]


def planted(seed: int = 7, regions: int = 60, groups: int = 4, size: int = 6) -> tuple:
    """Employment where each group of activities shares a set of home regions."""
    rng = np.random.default_rng(seed)
    rows, truth = [], {}
    homes = [rng.choice(regions, size=12, replace=False) for _ in range(groups)]
    for g in range(groups):
        for a in range(size):
            activity = f"g{g}a{a}"
            truth[activity] = g
            level = rng.uniform(50, 150, size=regions)
            level[homes[g]] *= rng.uniform(6, 10)
            rows += [(f"r{r}", activity, float(level[r])) for r in range(regions)]
    employment = pd.DataFrame(rows, columns=["region", "activity", "employment"])
    return employment, pd.Series(truth)


def test_the_best_candidate_recovers_planted_groups():
    employment, truth = planted()
    relatedness = activity_relatedness(employment)
    found = candidate_definitions(relatedness, ks=range(2, 10), methods=("average", "ward"))
    best = found.labels[found.best]
    assert adjusted_rand_score(truth[best.index], best) >= 0.9
    assert found.table.loc[0, "k"] == 4
    assert list(found.table.columns) == CANDIDATE_COLUMNS


def test_coagglomeration_is_positive_for_activities_sharing_regions():
    employment, truth = planted()
    gamma = coagglomeration(employment)
    same = gamma.loc["g0a0", "g0a1"]
    other = gamma.loc["g0a0", "g1a0"]
    assert same > 0 > other


def test_names_and_comparison_with_the_current_grouping():
    employment, truth = planted()
    labels = truth.map({0: "p", 1: "q", 2: "r", 3: "s"})
    labels["g0a0"] = "q"  # one activity moved
    names = suggested_names(labels, employment)
    assert names.index.nunique() == 4 and " / " in names["p"]
    ari, moves = compare(labels, truth.astype(str))
    assert 0.8 < ari < 1.0
    assert moves.to_dict("list") == {"activity": ["g0a0"], "from": ["0"], "to": ["1"]}
