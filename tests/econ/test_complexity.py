"""ECI, PCI, density and proximity against the Growth Lab's `ecomplexity`; outlook gain by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity
from ecomplexity import proximity as growth_lab_proximity

from econ.complexity import complexity, outlook_gain, standardised
from econ.concentration import location_quotients
from econ.relatedness import density, presence_matrix, proximity

COLUMNS = {"time": "year", "loc": "region", "prod": "activity", "val": "employment"}


@pytest.fixture(scope="module")
def employment() -> pd.DataFrame:
    """30 regions × 20 activities with a nested structure (bigger regions hold more)."""
    rng = np.random.default_rng(7)
    regions, activities = 30, 20
    scale = np.outer(np.linspace(0.2, 3, regions), np.linspace(3, 0.2, activities))
    values = rng.gamma(2.0, 500.0, (regions, activities)) * np.exp(scale)
    return pd.DataFrame(
        [
            (f"r{i:02d}", f"p{j:02d}", float(values[i, j]))
            for i in range(regions)
            for j in range(activities)
        ],
        columns=["region", "activity", "employment"],
    )


@pytest.fixture(scope="module")
def growth_lab(employment) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(
            employment.assign(year=2025), COLUMNS, verbose=False, check_logsupermodularity=False
        )


@pytest.fixture(scope="module")
def presence(employment) -> pd.DataFrame:
    return presence_matrix(location_quotients(employment))


def wide(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    return frame.pivot(index="region", columns="activity", values=value)


def test_presence_and_proximity_agree(employment, growth_lab, presence):
    # Same RCA (default reference = sum of all regions) and the same φ (symmetric, min rule).
    np.testing.assert_array_equal(presence.to_numpy(), wide(growth_lab, "mcp").to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = growth_lab_proximity(employment.assign(year=2025), COLUMNS)
    theirs = theirs.pivot(index="activity_1", columns="activity_2", values="proximity")
    np.testing.assert_allclose(proximity(presence).to_numpy(), theirs.to_numpy(), atol=1e-12)


def test_density_differs_only_by_self_proximity(growth_lab, presence):
    # ecomplexity keeps φ_pp = 1: d_cp = (Σ_k M_ck φ_kp) / S_p with S_p = Σ_k φ_kp.
    # Ours leaves k = p out: ω_cp = (d_cp·S_p − M_cp·1) / (S_p − 1), checked exactly.
    phi = proximity(presence)
    totals = phi.sum(axis=0).to_numpy()
    theirs = wide(growth_lab, "density").to_numpy()
    m = presence.to_numpy()
    expected = (theirs * totals - m) / (totals - 1)
    np.testing.assert_allclose(density(presence, phi).to_numpy(), expected, atol=1e-12)


def test_eci_and_pci_agree_up_to_the_standardisation(growth_lab, presence):
    regions, activities = complexity(presence)
    # ecomplexity: ECI z-scored with the population SD (ddof 0); ours with the sample SD:
    # eci_ours = eci_theirs · σ_pop/σ_sample = eci_theirs · sqrt((n − 1)/n).
    theirs = growth_lab.drop_duplicates("region").set_index("region")["eci"]
    n = len(theirs)
    ours = regions.set_index("region")["eci"]
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy() * np.sqrt((n - 1) / n), atol=1e-9)
    # ecomplexity centres and scales PCI with ECI's mean and SD; ours z-scores PCI on its own,
    # so ours is the sample-SD z-score of theirs (same eigenvector, same sign).
    pci = growth_lab.drop_duplicates("activity").set_index("activity")["pci"]
    ours_pci = activities.set_index("activity")["pci"]
    np.testing.assert_allclose(ours_pci.to_numpy(), standardised(pci.to_numpy()), atol=1e-9)
    diversity = growth_lab.drop_duplicates("region")["diversity"].to_numpy()
    assert regions["diversity"].tolist() == diversity.tolist()
    assert np.corrcoef(regions["diversity"], regions["eci"])[0, 1] > 0


def test_both_eigen_spaces_give_the_same_answer(presence):
    # 30 regions × 20 activities solves in activity space; the transpose-shaped problem (fewer
    # regions than activities) solves in region space. Dropping 15 regions flips the choice.
    few = presence.iloc[::2]
    few = few.loc[:, few.sum() > 0]
    regions, activities = complexity(few)
    assert len(few) < few.shape[1]
    kc = few.to_numpy() @ activities["pci"].to_numpy() / few.sum(axis=1).to_numpy()
    # ECI is the mean PCI of the region's activities up to a positive affine map
    assert np.corrcoef(kc, regions["eci"])[0, 1] == pytest.approx(1.0)
    assert regions["eci"].std() == pytest.approx(1.0)
    assert activities["pci"].mean() == pytest.approx(0.0)


def test_regions_without_activities_get_no_eci():
    m = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0]],
        index=["r1", "r2", "r3", "r4", "r5"],
        columns=list("ABCD"),
        dtype=float,
    )
    regions, activities = complexity(m)
    assert regions["eci"].isna().tolist() == [False] * 4 + [True]
    assert regions["diversity"].tolist() == [2, 3, 2, 2, 0]
    assert activities["ubiquity"].tolist() == [2, 3, 3, 1]


def test_outlook_gain_by_hand():
    # The 4 × 4 presence of test_relatedness; φ: A-B 2/3, A-C 1/3, B-C 2/3, C-D 1/3.
    # Off-diagonal column sums S: A 1, B 4/3, C 4/3, D 1/3. PCI given: A 1, B 0, C −1, D 2.
    m = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1]],
        index=["r1", "r2", "r3", "r4"],
        columns=list("ABCD"),
        dtype=float,
    )
    pci = pd.Series({"A": 1.0, "B": 0.0, "C": -1.0, "D": 2.0})
    gain = outlook_gain(m, proximity(m), pci)
    # r1 lacks C, D. Moving into C: only D counts, PCI_D·φ_CD/S_D = 2·(1/3)/(1/3) = 2.
    # Moving into D: only C counts, PCI_C·φ_DC/S_C = −1·(1/3)/(4/3) = −1/4. Held A, B: 0.
    np.testing.assert_allclose(gain.loc["r1"].to_numpy(), [0, 0, 2, -0.25])
    # r4 lacks A, B. Into A: PCI_B·φ_AB/S_B = 0. Into B: PCI_A·φ_BA/S_A = 1·(2/3)/1 = 2/3.
    np.testing.assert_allclose(gain.loc["r4"].to_numpy(), [0, 2 / 3, 0, 0])
