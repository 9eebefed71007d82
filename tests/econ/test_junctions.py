"""Junction candidates: who qualifies, how they are scored and explained; the demo reads well."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from econ.dataset import demo_dataset
from econ.junctions import (
    bridge_relatedness,
    bridging_activities,
    category_strength,
    explain,
    junction_candidates,
)
from econ.priorities import priorities
from econ.relatedness import proximity

STRENGTH = pd.DataFrame(
    {
        "region": ["R1"] * 3 + ["R2"] * 3,
        "cluster": ["X", "Y", "Z"] * 2,
        "employment": [100.0, 50, 100, 10, 80, 30],
        "lq": [1.5, 0.9, 1.2, 0.5, 1.3, 0.85],
        "stars": [1, 0, 2, 0, 1, 0],
    }
)
RELATEDNESS = pd.DataFrame(
    [[1, 0.6, 0.55], [0.6, 1, 0.7], [0.55, 0.7, 1]], index=list("XYZ"), columns=list("XYZ")
)
DENSITY = pd.DataFrame([[0.2, 0.5, 0.4], [0.3, 0.6, 0.1]], index=["R1", "R2"], columns=list("XYZ"))
COMPLEXITY = pd.Series({"X": 1.0, "Y": 0.0, "Z": -1.0})


@pytest.fixture
def candidates() -> pd.DataFrame:
    return junction_candidates(
        category_strength(STRENGTH), RELATEDNESS, DENSITY, COMPLEXITY, min_relatedness=0.5
    )


def test_strength_uses_stars_else_lq():
    marked = category_strength(STRENGTH)
    # strong: ≥ 1 star and LQ ≥ 1 -> R1 X, R1 Z, R2 Y; near: LQ ≥ 0.8 -> R1 Y, R2 Z
    assert marked["strong"].tolist() == [True, False, True, False, True, False]
    assert marked["near"].tolist() == [False, True, False, False, False, True]
    plain = category_strength(STRENGTH.drop(columns="stars"))
    assert plain["strong"].tolist() == [True, False, False, False, True, False]  # LQ ≥ 1.25


def test_candidates_and_scores_by_hand(candidates):
    # R1: X-Y (strong-near, φ .6), Z-Y (strong-near, φ .7), X-Z (both strong, X has the higher
    # LQ so it is side a, φ .55). R2: Y-Z (strong-near, φ .7); Y-X fails (X is neither).
    pairs = candidates[["region", "cluster_a", "cluster_b", "kind"]].values.tolist()
    assert pairs == [
        ["R1", "X", "Y", "strong-near"],
        ["R1", "Z", "Y", "strong-near"],
        ["R1", "X", "Z", "strong-strong"],
        ["R2", "Y", "Z", "strong-near"],
    ]
    # percentile ranks over the 4 candidates (ties share the average rank), in the order above:
    # relatedness .6 .7 .55 .7   -> 2, 3.5, 1, 3.5 -> .5 .875 .25 .875
    # employment 150 150 200 110 -> 2.5 2.5 4 1    -> .625 .625 1 .25
    # density_b  .5 .5 .4 .1     -> 3.5 3.5 2 1    -> .875 .875 .5 .25
    # complexity .5 -.5 0 -.5    -> 4 1.5 3 1.5    -> 1 .375 .75 .375
    # score = mean: 3/4 = .75, 2.75/4 = .6875, 2.5/4 = .625, 1.75/4 = .4375
    np.testing.assert_allclose(candidates["score"], [0.75, 0.6875, 0.625, 0.4375])
    np.testing.assert_allclose(candidates["employment"], [150, 150, 200, 110])


def test_threshold_drops_weak_pairs():
    strict = junction_candidates(
        category_strength(STRENGTH), RELATEDNESS, DENSITY, COMPLEXITY, min_relatedness=0.65
    )
    assert strict[["cluster_a", "cluster_b"]].values.tolist() == [["Z", "Y"], ["Y", "Z"]]


def test_explanation_is_built_from_the_numbers(candidates):
    candidates["bridges"] = [["c1", "c2"], [], ["c3"], []]
    lines = explain(
        candidates,
        cluster_names={"X": "Chemicals", "Y": "Agro-food"},
        activity_names={"c1": "Food chemists"},
    )
    assert lines.iloc[0] == (
        "Chemicals (★, LQ 1.50) and Agro-food (LQ 0.90, density 0.50) "
        "are related (φ 0.60); bridging activities: Food chemists, c2"
    )
    assert lines.iloc[2] == (
        "Chemicals (★, LQ 1.50) and Z (★★, LQ 1.20) are related (φ 0.55); bridging activities: c3"
    )
    assert lines.iloc[1].endswith("bridging activities: none missing")
    russian = explain(candidates, language="ru")
    assert russian.iloc[0].startswith("X (★, LQ 1.50) и Y (LQ 0.90, плотность 0.50) связаны")


def test_bridging_activities_by_hand():
    # Presence of test_relatedness; X = {A, B}, Y = {C, D}. Mean φ to the *other* members:
    # A: X 2/3, Y (1/3+0)/2 = 1/6 -> min 1/6;  B: X 2/3, Y (2/3+0)/2 = 1/3 -> 1/3;
    # C: X (1/3+2/3)/2 = 1/2, Y 1/3 -> 1/3;    D: X 0, Y 1/3 -> 0.
    m = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1]],
        index=["r1", "r2", "r3", "r4"],
        columns=list("ABCD"),
        dtype=float,
    )
    clusters = pd.DataFrame({"activity": list("ABCD"), "cluster": ["X", "X", "Y", "Y"]})
    bridges = bridge_relatedness(proximity(m), clusters)
    np.testing.assert_allclose(bridges.loc["A"], [2 / 3, 1 / 6])
    np.testing.assert_allclose(bridges.loc["C"], [1 / 2, 1 / 3])
    pairs = pd.DataFrame({"region": ["r1", "r4", "r2"], "cluster_a": "X", "cluster_b": "Y"})
    # r1 lacks C (1/3) and D (0); r4 lacks A (1/6), B (1/3); r2 lacks only D
    found = bridging_activities(pairs, m, bridges, clusters, top=3)
    assert found.tolist() == [["C", "D"], ["B", "A"], ["D"]]
    assert bridging_activities(pairs, m, bridges, clusters, top=1).tolist() == [["C"], ["B"], ["D"]]


@pytest.fixture(scope="module")
def demo():
    return priorities(demo_dataset())


def test_demo_candidates_read_sensibly(demo):
    j = demo.junctions
    assert j["relatedness"].min() >= 0.5
    strong = demo.categories.set_index(["region", "cluster"])["strong"]
    assert strong.loc[list(zip(j["region"], j["cluster_a"], strict=True))].all()
    ohio = j[j["region"] == "39"]  # Ohio: production and logistics go together
    top = ohio.iloc[0]
    assert (top["cluster_a"], top["cluster_b"]) == (
        "Production Occupations",
        "Transportation and Material Moving Occupations",
    )
    assert "are related (φ 0.64)" in top["explanation"]
    assert len(top["bridges"]) == 3
    assert demo.note.localised("en") == (
        "relatedness: co-location proximity φ = min(P(i|j), P(j|i)) on RCA ≥ 1 presence "
        "(Hidalgo et al. 2007); presence: RCA ≥ 1.00; strong = at least 1 cluster star(s) and "
        "LQ ≥ 1 (econ.stars)"
    )
    assert demo.note.localised("ru").startswith("связанность: близость по совместному размещению")
    assert "RCA ≥ 1,00" in demo.note.localised("ru")


def test_demo_tables_have_the_expected_shape(demo):
    # 54 OEWS areas × 829 detailed occupations; 22 SOC major groups
    assert demo.presence.shape == (54, 829)
    assert demo.relatedness.shape == (829, 829)
    assert demo.category_relatedness.shape == (22, 22)
    assert demo.regions["eci"].notna().sum() == 54
    assert demo.activities["pci"].isna().sum() == (demo.activities["ubiquity"] == 0).sum()
