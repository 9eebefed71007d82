"""Relatedness: presence, proximity φ, density without self-proximity, category relatedness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from econ.errors import InputError
from econ.relatedness import (
    category_relatedness,
    density,
    lq_correlation,
    lq_matrix,
    matrix_table,
    pair_table,
    presence_matrix,
    proximity,
    user_matrix,
)

# Presence M (RCA >= 1) of the hand example:
#        A  B  C  D
#   r1   1  1  0  0
#   r2   1  1  1  0
#   r3   0  1  1  0
#   r4   0  0  1  1
# given as LQs so presence_matrix is exercised too (1.0 exactly counts, NaN counts as absent).
LQ = {
    "r1": {"A": 1.0, "B": 2.5, "C": 0.4, "D": np.nan},
    "r2": {"A": 1.3, "B": 1.1, "C": 1.2, "D": 0.0},
    "r3": {"A": 0.9, "B": 1.6, "C": 1.0, "D": 0.2},
    "r4": {"A": 0.1, "B": 0.99, "C": 3.0, "D": 4.0},
}


def quotients() -> pd.DataFrame:
    rows = [(r, a, lq) for r, cells in LQ.items() for a, lq in cells.items()]
    return pd.DataFrame(rows, columns=["region", "activity", "lq"])


@pytest.fixture
def presence() -> pd.DataFrame:
    return presence_matrix(quotients())


def test_presence_reads_rca_at_least_one_and_missing_as_absent(presence):
    expected = [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1]]
    assert presence.to_numpy().tolist() == expected
    assert list(presence.index) == ["r1", "r2", "r3", "r4"]
    assert presence_matrix(quotients(), threshold=1.5).sum().sum() == 4  # 2.5, 1.6, 3.0, 4.0


def test_proximity_by_hand(presence):
    # ubiquity A=2, B=3, C=3, D=1; co-occurrence A-B 2 (r1, r2), A-C 1 (r2), B-C 2 (r2, r3),
    # C-D 1 (r4), A-D and B-D 0.  φ = together / max(u_i, u_j):
    # A-B 2/3, A-C 1/3, B-C 2/3, C-D 1/max(3, 1) = 1/3, diagonal 1.
    third = 1 / 3
    expected = np.array(
        [
            [1, 2 * third, third, 0],
            [2 * third, 1, 2 * third, 0],
            [third, 2 * third, 1, third],
            [0, 0, third, 1],
        ]
    )
    np.testing.assert_allclose(proximity(presence).to_numpy(), expected)


def test_density_leaves_out_self_proximity(presence):
    # Off-diagonal column sums of φ: A 2/3+1/3 = 1, B 2/3+2/3 = 4/3, C 1/3+2/3+1/3 = 4/3, D 1/3.
    # r1 holds A, B: ω_A = φ_BA/1 = 2/3; ω_B = φ_AB/(4/3) = 1/2; ω_C = (1/3+2/3)/(4/3) = 3/4;
    #   ω_D = 0.  r3 holds B, C: ω_A = (2/3+1/3)/1 = 1; ω_D = φ_CD/(1/3) = 1.
    # r4 holds C, D: ω_A = 1/3; ω_B = (2/3)/(4/3) = 1/2; ω_C = (1/3)/(4/3) = 1/4; ω_D = 1.
    omega = density(presence, proximity(presence))
    np.testing.assert_allclose(omega.loc["r1"].to_numpy(), [2 / 3, 1 / 2, 3 / 4, 0])
    np.testing.assert_allclose(omega.loc["r3", ["A", "D"]].to_numpy(), [1, 1])
    np.testing.assert_allclose(omega.loc["r4"].to_numpy(), [1 / 3, 1 / 2, 1 / 4, 1])


def test_category_relatedness_is_the_mean_over_activity_pairs(presence):
    # X = {A, B}, Y = {C, D}: X-Y mean(φ_AC, φ_AD, φ_BC, φ_BD) = (1/3 + 0 + 2/3 + 0)/4 = 1/4;
    # X-X the distinct pair A-B = 2/3; Y-Y the pair C-D = 1/3.
    clusters = pd.DataFrame({"activity": list("ABCD"), "cluster": ["X", "X", "Y", "Y"]})
    between = category_relatedness(proximity(presence), clusters)
    np.testing.assert_allclose(between.to_numpy(), [[2 / 3, 1 / 4], [1 / 4, 1 / 3]])


def test_lq_correlation_clips_negatives_to_zero():
    lq = pd.DataFrame({"A": [1.0, 2.0, 3.0], "B": [2.0, 4.0, 6.1], "C": [3.0, 2.0, 1.0]})
    r = lq_correlation(lq)
    assert r.loc["A", "B"] == pytest.approx(np.corrcoef([1, 2, 3], [2, 4, 6.1])[0, 1])
    assert r.loc["A", "C"] == 0.0  # correlation -1 is read as unrelated
    assert np.diag(r).tolist() == [1.0, 1.0, 1.0]


def test_lq_correlation_uses_regions_where_both_are_known():
    lq = lq_matrix(quotients())
    # A and D are both known in r2, r3, r4: A (1.3, 0.9, 0.1), D (0, 0.2, 4) -> negative -> 0.
    assert lq_correlation(lq).loc["A", "D"] == 0.0
    expected = np.corrcoef([1.0, 1.3, 0.9, 0.1], [2.5, 1.1, 1.6, 0.99])[0, 1]
    assert lq_correlation(lq).loc["A", "B"] == pytest.approx(expected)


def test_user_matrix_is_symmetric_and_checked():
    units = pd.Index(list("ABC"))
    pairs = pd.DataFrame(
        {"activity_a": ["A", "C"], "activity_b": ["B", "A"], "relatedness": [0.4, 0.9]}
    )
    m = user_matrix(pairs, units)
    assert m.to_numpy().tolist() == [[1, 0.4, 0.9], [0.4, 1, 0], [0.9, 0, 1]]
    bad = pairs.assign(relatedness=["0.4", "high"])
    with pytest.raises(InputError, match=r"io\.csv, row 3, column 'relatedness'"):
        user_matrix(bad, units, file="io.csv")
    with pytest.raises(InputError, match=r"row 2, column 'activity_b': 'Z' is not among"):
        user_matrix(pairs.assign(activity_b=["Z", "A"]), units, file="io.csv")
    with pytest.raises(InputError, match="missing relatedness"):
        user_matrix(pairs.drop(columns="relatedness"), units)


def test_tidy_tables(presence):
    phi = proximity(presence)
    pairs = pair_table(phi)
    # the four positive unordered pairs A-B, A-C, B-C, C-D
    assert pairs[["activity_a", "activity_b"]].values.tolist() == [
        ["A", "B"],
        ["A", "C"],
        ["B", "C"],
        ["C", "D"],
    ]
    tidy = matrix_table(density(presence, phi), unit="activity", value="density")
    assert list(tidy.columns) == ["region", "activity", "density"]
    assert len(tidy) == 16
    assert tidy.set_index(["region", "activity"]).loc[("r4", "C"), "density"] == 0.25


def test_a_bad_relatedness_table_is_explained_in_russian():
    units = pd.Index(list("ABC"))
    pairs = pd.DataFrame(
        {"activity_a": ["A", "C"], "activity_b": ["Z", "A"], "relatedness": [1, 0]}
    )
    with pytest.raises(InputError) as raised:
        user_matrix(pairs, units, file="io.csv")
    assert raised.value.localised("ru") == (
        "io.csv, строка 2, столбец 'activity_b': 'Z' нет среди кодов столбца activity в данных "
        "о занятости; используйте те же коды"
    )
    with pytest.raises(InputError) as raised:
        user_matrix(pairs.assign(relatedness=[0.5, 1.5]), units, file="io.csv")
    assert raised.value.localised("ru") == (
        "io.csv, строка 3, столбец 'relatedness': связанность должна быть числом от 0 до 1; "
        "исправьте или удалите эту строку"
    )
    with pytest.raises(InputError) as raised:
        user_matrix(pairs.drop(columns=["activity_b", "relatedness"]), units)
    assert raised.value.localised("ru") == (
        "в таблице связанности должны быть столбцы activity_a, activity_b, relatedness; "
        "не хватает: activity_b, relatedness"
    )
