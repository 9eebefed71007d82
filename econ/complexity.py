"""Economic complexity of regions (ECI) and activities (PCI), and complexity outlook gain.

Hidalgo & Hausmann 2009 (method of reflections as an eigenvector problem); Hausmann, Hidalgo et
al. 2014, The Atlas of Economic Complexity (outlook gain). Inputs are the wide presence matrix of
`econ.relatedness.presence_matrix` and, for outlook gain, a relatedness matrix over its columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse.linalg import eigsh


def standardised(values: np.ndarray) -> np.ndarray:
    """z-score with the sample standard deviation (ddof = 1), NaN kept out of both moments."""
    return (values - np.nanmean(values)) / np.nanstd(values, ddof=1)


def second_eigenvector(symmetric: np.ndarray, leading: np.ndarray) -> np.ndarray:
    """Eigenvector of the second-largest eigenvalue of a symmetric matrix whose largest is 1
    with eigenvector `leading` (known in closed form): Lanczos on the deflated matrix."""
    unit = leading / np.linalg.norm(leading)
    deflated = symmetric - np.outer(unit, unit)
    start = np.random.default_rng(0).random(len(unit))
    return eigsh(deflated, k=1, which="LA", v0=start)[1][:, 0]


def complexity(presence: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ECI of each region and PCI of each activity, by the eigenvector method.

    ECI is the eigenvector of M̃_cc = D_c⁻¹ M D_p⁻¹ Mᵀ for its second-largest eigenvalue and PCI
    the mean ECI of the regions holding the activity (the same eigenvector of M̃_pp up to scale);
    the problem is solved in its symmetric form, in whichever space is smaller. The sign is chosen
    so ECI correlates positively with diversity; ECI and PCI are each standardised (mean 0,
    sample SD 1). Regions with no activity and activities present nowhere get NaN.
    Returns (`region, eci, diversity`, `activity, pci, ubiquity`).
    """
    m = presence.to_numpy(dtype="float64")
    diversity, ubiquity = m.sum(axis=1), m.sum(axis=0)
    rows, cols = diversity > 0, ubiquity > 0
    held = m[rows][:, cols]
    kc0, kp0 = diversity[rows], ubiquity[cols]
    eci = np.full(len(diversity), np.nan)
    pci = np.full(len(ubiquity), np.nan)
    if min(held.shape) > 2:
        scaled = held / np.sqrt(kc0)[:, None] / np.sqrt(kp0)[None, :]
        if held.shape[0] <= held.shape[1]:
            kc = second_eigenvector(scaled @ scaled.T, np.sqrt(kc0)) / np.sqrt(kc0)
            kp = held.T @ kc / kp0
        else:
            kp = second_eigenvector(scaled.T @ scaled, np.sqrt(kp0)) / np.sqrt(kp0)
            kc = held @ kp / kc0
        sign = -1.0 if np.corrcoef(kc0, kc)[0, 1] < 0 else 1.0
        eci[rows], pci[cols] = standardised(sign * kc), standardised(sign * kp)
    regions = pd.DataFrame(
        {"region": presence.index, "eci": eci, "diversity": diversity.astype("int64")}
    )
    activities = pd.DataFrame(
        {
            presence.columns.name or "activity": presence.columns,
            "pci": pci,
            "ubiquity": ubiquity.astype("int64"),
        }
    )
    return regions, activities


def outlook_gain(presence: pd.DataFrame, relatedness: pd.DataFrame, pci: pd.Series) -> pd.DataFrame:
    """Complexity outlook gain of each region for each activity it does not hold (regions × units).

    COG_cp = (1 − M_cp) Σ_{p'≠p} (1 − M_cp') PCI_p' φ_pp' / Σ_{k≠p'} φ_kp' (Hausmann et al. 2014):
    the PCI-weighted rise in relatedness density, as `density` defines it (self-proximity left
    out), of every activity the region still lacks if it moved into p. 0 where M_cp = 1.
    `pci` is indexed by unit.
    """
    units = presence.columns
    phi = relatedness.reindex(index=units, columns=units).to_numpy(dtype="float64", copy=True)
    np.fill_diagonal(phi, 0.0)
    phi = np.nan_to_num(phi)
    total = phi.sum(axis=0)
    weights = np.divide(phi, total[None, :], out=np.zeros_like(phi), where=total[None, :] > 0)
    lacking = 1.0 - presence.to_numpy(dtype="float64")
    complexity_of = np.nan_to_num(pci.reindex(units).to_numpy(dtype="float64"))
    gain = lacking * ((lacking * complexity_of[None, :]) @ weights.T)
    return pd.DataFrame(gain, index=presence.index, columns=units)
