"""Specialisation indices per region and localisation indices per activity or cluster.

Shares are taken over the cells with known employment: a missing (suppressed) cell stays out of
both the region's and the reference's distribution rather than counting as zero, and is reported by
`econ.quality`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import cluster_codes, combined, group_sum, quotients

REGION_INDEX_COLUMNS = [
    "region",
    "krugman",
    "hoover",
    "herfindahl",
    "herfindahl_norm",
    "entropy",
    "related_variety",
    "unrelated_variety",
]


def region_indices(
    employment: pd.DataFrame,
    clusters: pd.DataFrame | None = None,
    *,
    reference: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Specialisation and variety of each region's activity mix.

    Krugman index K = Σ|s_ir − s_i| (0..2) and Hoover coefficient of specialisation K/2 against
    the reference shares rescaled to the activities the region reports; Herfindahl H = Σ s_ir² and
    its normalised form (H − 1/N)/(1 − 1/N) over the N reported activities; Shannon entropy in bits
    split into unrelated variety (entropy of the cluster shares) and related variety (share-weighted
    entropy within clusters) — Frenken, Van Oort & Verburg 2007; an activity without a cluster is
    a cluster of its own. Without `clusters` the variety columns are NaN. Returns
    `region[, year]` and the `REGION_INDEX_COLUMNS` measures, one row per region (and year).
    """
    q = quotients(employment, reference=reference)
    c = q.coded
    bench = q.reference_of_row
    keep = ~np.isnan(c.employment) & ~np.isnan(bench)
    group = c.region_year[keep]
    size = len(c.years) * len(c.regions)
    e, bench = c.employment[keep], bench[keep]
    n = group_sum(group, None, size)
    share = e / group_sum(group, e, size)[group]
    reference_share = bench / group_sum(group, bench, size)[group]
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = group_sum(group, np.abs(share - reference_share), size)
        herfindahl = group_sum(group, share**2, size)
        entropy = group_sum(group, _information(share), size)
        result = {
            "krugman": gap,
            "hoover": gap / 2,
            "herfindahl": herfindahl,
            "herfindahl_norm": np.where(n > 1, (herfindahl - 1 / n) / (1 - 1 / n), np.nan),
            "entropy": entropy,
        }
    if clusters is None:
        related = np.full(size, np.nan)
    else:
        cluster_of, names = cluster_codes(c.units, clusters)
        unmapped = cluster_of < 0
        cluster_of[unmapped] = len(names) + np.arange(unmapped.sum())
        count = len(names) + int(unmapped.sum())
        cell = combined(group, cluster_of[c.u[keep]], count, size * count)
        cluster_share = np.bincount(cell, weights=share)[cell]
        with np.errstate(divide="ignore", invalid="ignore"):
            within = np.where(share > 0, share * np.log2(cluster_share / share), 0.0)
        related = group_sum(group, within, size)
    result["related_variety"] = related
    result["unrelated_variety"] = entropy - related

    present = np.flatnonzero(group_sum(c.region_year, None, size))
    year, region = np.divmod(present, len(c.regions))
    table = {"region": c.regions.take(region)}
    if "year" in employment.columns:
        table["year"] = c.years.take(year)
    for name, values in result.items():
        table[name] = np.where(n[present] > 0, values[present], np.nan)
    return pd.DataFrame(table)


def localisation(
    table: pd.DataFrame,
    *,
    unit: str = "activity",
    region_totals: pd.Series | None = None,
) -> pd.DataFrame:
    """Geographic concentration of each activity or cluster across regions.

    Hoover localisation index ½ Σ_r |e_ir/E_i − e_r/E| (0 = spread like all employment, near 1 =
    all in one small region), over the regions where the unit's employment is known, and the Gini
    coefficient of the unit's LQs across those regions. Returns `[year,] <unit>,
    hoover_localisation, gini`.
    """
    q = quotients(table, unit=unit, region_totals=region_totals)
    c = q.coded
    lq = q.lq
    region_total = q.region_total_of_row
    keep = ~np.isnan(c.employment) & ~np.isnan(region_total)
    group, size = c.unit_year[keep], len(c.years) * len(c.units)
    e, region_total = c.employment[keep], region_total[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        unit_share = e / group_sum(group, e, size)[group]
        region_share = region_total / group_sum(group, region_total, size)[group]
        hoover = group_sum(group, np.abs(unit_share - region_share), size) / 2
    present = np.flatnonzero(group_sum(group, None, size))
    year, units = np.divmod(present, len(c.units))
    result = {}
    if "year" in table.columns:
        result["year"] = c.years.take(year)
    result[unit] = c.units.take(units)
    result["hoover_localisation"] = hoover[present]
    shape = (size, len(c.regions))
    result["gini"] = gini(lq[keep], group, c.r[keep], shape)[present]
    return pd.DataFrame(result)


def gini(values: np.ndarray, groups: np.ndarray, members: np.ndarray, shape: tuple) -> np.ndarray:
    """Gini coefficient of `values` within each group: 2 Σ k x_(k) / (n Σ x) − (n + 1) / n.

    `groups` and `members` are codes (for LQs: unit and region) within `shape`; each pair occurs
    once. A dense groups × members matrix is sorted row-wise when it is at most four times the
    data, else the values are sorted by (group, value).
    """
    known = ~np.isnan(values)
    values, groups, members = values[known], groups[known], members[known]
    size = shape[0]
    n = group_sum(groups, None, size)
    total = group_sum(groups, values, size)
    if shape[0] * shape[1] <= 4 * values.size:
        matrix = np.full(shape, np.nan)
        matrix[groups, members] = values
        matrix.sort(axis=1)
        weighted = np.nan_to_num(matrix, copy=False) @ np.arange(1.0, shape[1] + 1)
    else:
        order = np.lexsort((values, groups))
        starts = np.concatenate([[0], np.cumsum(n)[:-1]])
        rank = np.arange(values.size) - starts[groups[order]] + 1
        weighted = group_sum(groups[order], rank * values[order], size)
    with np.errstate(divide="ignore", invalid="ignore"):
        coefficient = 2 * weighted / (n * total) - (n + 1) / n
    return np.where(total > 0, coefficient, np.nan)


def _information(share: np.ndarray) -> np.ndarray:
    """Each share's contribution to Shannon entropy in bits, s·log2(1/s), with 0·log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(share > 0, -share * np.log2(share), 0.0)
