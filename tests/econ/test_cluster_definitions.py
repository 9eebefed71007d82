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
from econ.errors import InputError

SIX = list("abcdef")
GROUPS = pd.Series(["x", "x", "x", "y", "y", "z"], index=SIX)


def six_activity_matrix(c_to_f: float = 0.45) -> pd.DataFrame:
    values = np.full((6, 6), 0.1)
    for (i, j), r in {
        ("a", "b"): 0.8,
        ("a", "c"): 0.6,
        ("b", "c"): 0.4,
        ("d", "e"): 0.9,
        ("c", "f"): c_to_f,
    }.items():
        values[SIX.index(i), SIX.index(j)] = values[SIX.index(j), SIX.index(i)] = r
    np.fill_diagonal(values, 1.0)
    return pd.DataFrame(values, index=SIX, columns=SIX)


def test_validation_scores_by_hand():
    scores = validation_scores(six_activity_matrix(), GROUPS)
    own_share = {
        "a": (0.8 + 0.6) / (0.8 + 0.6 + 3 * 0.1),
        "b": (0.8 + 0.4) / (0.8 + 0.4 + 3 * 0.1),
        "c": (0.6 + 0.4) / (0.6 + 0.4 + 0.45 + 2 * 0.1),
        "d": 0.9 / (0.9 + 4 * 0.1),
        "e": 0.9 / (0.9 + 4 * 0.1),
        "f": 0.0,
    }
    assert scores.within == pytest.approx(sum(own_share.values()) / 6)
    best_related_to_own_cluster = ["a", "b", "c", "d", "e"]
    assert scores.best_own == pytest.approx(len(best_related_to_own_cluster) / 6)
    mean_in_same_cluster = (0.8 + 0.6 + 0.4 + 0.9) / 4
    mean_across_clusters = (0.45 + 10 * 0.1) / 11
    assert scores.between == pytest.approx(mean_across_clusters / mean_in_same_cluster)


def test_an_activity_closer_to_another_cluster_is_not_best_own():
    c_closer_to_f_than_to_a_and_b = six_activity_matrix(c_to_f=0.55)
    scores = validation_scores(c_closer_to_f_than_to_a_and_b, GROUPS)
    assert scores.best_own == pytest.approx(4 / 6)


def test_moves_take_an_activity_to_the_cluster_it_relates_to_most():
    c_with_d_and_e = pd.Series(["x", "x", "y", "y", "y", "z"], index=SIX)
    result = moved(six_activity_matrix(), c_with_d_and_e)
    assert result.tolist() == GROUPS.tolist()


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


def test_more_rounds_of_moves_until_every_activity_is_best_related_to_its_own_cluster():
    employment, truth = planted()
    relatedness = activity_relatedness(employment)
    rng = np.random.default_rng(3)
    start = pd.Series(rng.integers(0, 4, len(truth)).astype(str), index=relatedness.index)
    assert validation_scores(relatedness, moved(relatedness, start, rounds=1)).best_own < 0.7
    assert validation_scores(relatedness, moved(relatedness, start, rounds=50)).best_own == 1.0


def test_one_cluster_is_no_candidate_and_an_impossible_range_says_why():
    employment, truth = planted()
    relatedness = activity_relatedness(employment)
    one_group = pd.Series("all", index=relatedness.index)
    found = candidate_definitions(relatedness, ks=range(4, 5), current=one_group)
    assert found.table["candidate"].tolist() == ["average-4", "ward-4"]
    with pytest.raises(InputError, match="24 activities and cluster counts 30–60; choose"):
        candidate_definitions(relatedness, ks=range(30, 61), current=one_group)


def test_weights_all_zero_are_refused():
    employment, truth = planted()
    zero = {"correlation": 0, "coagglomeration": 0, "proximity": 0}
    with pytest.raises(InputError, match="every relatedness weight is 0"):
        activity_relatedness(employment, weights=zero)


def test_coagglomeration_by_hand():
    employment = pd.DataFrame(
        [("r1", "A", 2.0), ("r1", "A", 1.0), ("r1", "B", 1.0), ("r2", "A", 1.0), ("r2", "B", 3.0)],
        columns=["region", "activity", "employment"],
    )
    gamma = coagglomeration(employment)
    assert gamma.loc["A", "B"] == pytest.approx((0.25 * -0.25 + -0.25 * 0.25) / (1 - 0.5))
    assert gamma.loc["A", "A"] == pytest.approx((0.25**2 + 0.25**2) / (1 - 0.5))


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


def test_moves_keep_the_current_ids_so_a_changed_id_is_a_move():
    swapped = pd.Series(["y", "y", "y", "x", "x", "z"], index=SIX)
    ari, read_by_members = compare(swapped, GROUPS)
    assert ari == pytest.approx(1.0) and read_by_members.empty
    ari, read_by_ids = compare(swapped, GROUPS, same_ids=True)
    assert read_by_ids["activity"].tolist() == ["a", "b", "c", "d", "e"]
    assert read_by_ids["to"].tolist() == ["y", "y", "y", "x", "x"]
