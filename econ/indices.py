"""Specialisation indices per region and localisation indices per activity or cluster.

Shares are taken over the cells with known employment: a missing (suppressed) cell stays out of
both the region's and the reference's distribution rather than counting as zero, and is reported by
`econ.quality`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import blocks, cluster_codes, combined, group_sum, quotients

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
    size = len(c.years) * len(c.regions)
    reference = q.reference.ravel()
    cluster_of, count = _variety_groups(c.units, clusters)
    rows_in = np.zeros(size, dtype=np.intp)
    n, region_sum, bench_sum = np.zeros(size), np.zeros(size), np.zeros(size)
    cluster_sum = np.zeros(size * count) if clusters is not None else None
    gap, herfindahl, entropy, within = (np.zeros(size) for _ in range(4))
    step = max(size * count, size) if clusters is not None else size

    def kept(rows: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each kept row's region × year group, employment, reference employment and row."""
        e, bench = c.employment[rows], reference[c.unit_year_of(rows)]
        keep = ~np.isnan(e) & ~np.isnan(bench)
        return c.region_year_of(rows)[keep], e[keep], bench[keep], keep

    for rows in blocks(len(c.employment), step):  # the sums the shares divide by
        group, e, bench, _ = kept(rows)
        rows_in += np.bincount(c.region_year_of(rows), minlength=size)
        n += np.bincount(group, minlength=size)
        region_sum += np.bincount(group, e, size)
        bench_sum += np.bincount(group, bench, size)
    for rows in blocks(len(c.employment), step):  # sums of the shares
        group, e, bench, keep = kept(rows)
        share = e / region_sum[group]
        reference_share = bench / bench_sum[group]
        with np.errstate(divide="ignore", invalid="ignore"):
            gap += np.bincount(group, np.abs(share - reference_share), size)
            herfindahl += np.bincount(group, share**2, size)
            entropy += np.bincount(group, _information(share), size)
        if cluster_sum is not None:
            cell = combined(group, cluster_of[c.u[rows][keep]], count, size * count)
            cluster_sum += np.bincount(cell, share, size * count)
    if cluster_sum is not None:
        for rows in blocks(len(c.employment), step):  # within-cluster variety
            group, e, _, keep = kept(rows)
            share = e / region_sum[group]
            cell = combined(group, cluster_of[c.u[rows][keep]], count, size * count)
            with np.errstate(divide="ignore", invalid="ignore"):
                part = np.where(share > 0, share * np.log2(cluster_sum[cell] / share), 0.0)
            within += np.bincount(group, part, size)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = {
            "krugman": gap,
            "hoover": gap / 2,
            "herfindahl": herfindahl,
            "herfindahl_norm": np.where(n > 1, (herfindahl - 1 / n) / (1 - 1 / n), np.nan),
            "entropy": entropy,
        }
    related = within if clusters is not None else np.full(size, np.nan)
    result["related_variety"] = related
    result["unrelated_variety"] = entropy - related

    present = np.flatnonzero(rows_in)
    year, region = np.divmod(present, len(c.regions))
    table = {"region": c.regions.take(region)}
    if "year" in employment.columns:
        table["year"] = c.years.take(year)
    for name, values in result.items():
        table[name] = np.where(n[present] > 0, values[present], np.nan)
    return pd.DataFrame(table)


def _variety_groups(units: pd.Index, clusters: pd.DataFrame | None) -> tuple[np.ndarray, int]:
    """Each activity's cluster code for the variety measures, an activity without a cluster a
    cluster of its own; and how many clusters that makes (1 without `clusters`)."""
    if clusters is None:
        return np.zeros(len(units), dtype=np.intp), 1
    cluster_of, names = cluster_codes(units, clusters)
    unmapped = cluster_of < 0
    cluster_of[unmapped] = len(names) + np.arange(unmapped.sum())
    return cluster_of, len(names) + int(unmapped.sum())


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
