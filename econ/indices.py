"""Specialisation indices per region and localisation indices per activity or cluster.

Shares are taken over the cells with known employment: a missing (suppressed) cell stays out of
both the region's and the reference's distribution rather than counting as zero, and is reported by
`econ.quality`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import (
    block_sum,
    blocks,
    cluster_codes,
    combined,
    group_sum,
    quotients,
)
from econ.cores import CORES, on_cores

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
    cells = size * count
    rows_in = np.zeros(size, dtype=np.intp)
    n, region_sum, bench_sum, squares, information = (np.zeros(size) for _ in range(5))
    cluster_sum, gap = np.zeros(cells), np.zeros(size)

    def kept(rows: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each row's region × year group, whether it is kept (employment and reference both
        known), and its employment and reference employment, 0 where not kept."""
        e, bench = c.employment[rows], reference[c.unit_year_of(rows)]
        keep = ~(np.isnan(e) | np.isnan(bench))
        return c.region_year_of(rows), keep, np.where(keep, e, 0.0), np.where(keep, bench, 0.0)

    # Every sum but Krugman's in one pass: with S = Σe, s = e/S and E_c a cluster's Σe,
    # H = Σe²/S², entropy = log2 S − Σ e·log2 e / S, and related variety (Σ_c E_c·log2 E_c −
    # Σ e·log2 e) / S.
    for rows in blocks(len(c.employment), max(cells, size)):
        group, keep, e, bench = kept(rows)
        rows_in += block_sum(group, None, size)
        n += block_sum(group, keep.astype(np.float64), size)
        region_sum += block_sum(group, e, size)
        bench_sum += block_sum(group, bench, size)
        squares += block_sum(group, e * e, size)
        information += block_sum(group, _log_weighted(e), size)
        cluster_sum += np.bincount(
            combined(group, cluster_of[c.u[rows]], count, cells, np.intp), e, cells
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        for rows in blocks(len(c.employment), size):
            group, _, e, bench = kept(rows)
            share = e / region_sum[group]
            gap += block_sum(group, np.abs(share - bench / bench_sum[group]), size)
        in_clusters = _log_weighted(cluster_sum).reshape(size, count).sum(axis=1)
        entropy = np.log2(region_sum) - information / region_sum
        related = np.maximum((in_clusters - information) / region_sum, 0.0)
        herfindahl = squares / region_sum**2
        result = {
            "krugman": gap,
            "hoover": gap / 2,
            "herfindahl": herfindahl,
            "herfindahl_norm": np.where(n > 1, (herfindahl - 1 / n) / (1 - 1 / n), np.nan),
            "entropy": np.maximum(entropy, 0.0),
        }
    if clusters is None:
        related = np.full(size, np.nan)
    result["related_variety"] = related
    result["unrelated_variety"] = np.maximum(result["entropy"] - related, 0.0)

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
    region_total = q.region_total_of_row
    keep = ~(np.isnan(c.employment) | np.isnan(region_total))
    group, size = c.unit_year, len(c.years) * len(c.units)
    e, region_total = np.where(keep, c.employment, 0.0), np.where(keep, region_total, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit_share = e / group_sum(group, e, size)[group]
        unit_share -= region_total / group_sum(group, region_total, size)[group]
        hoover = group_sum(group, np.abs(unit_share, out=unit_share), size) / 2
    present = np.flatnonzero(group_sum(group, keep.astype(np.float64), size))
    year, units = np.divmod(present, len(c.units))
    result = {}
    if "year" in table.columns:
        result["year"] = c.years.take(year)
    result[unit] = c.units.take(units)
    result["hoover_localisation"] = hoover[present]
    # an LQ is missing wherever the employment or the region's total is
    result["gini"] = gini(q.lq, group, c.r, (size, len(c.regions)))[present]
    return pd.DataFrame(result)


def gini(values: np.ndarray, groups: np.ndarray, members: np.ndarray, shape: tuple) -> np.ndarray:
    """Gini coefficient of `values` within each group: 2 Σ k x_(k) / (n Σ x) − (n + 1) / n.

    `groups` and `members` are codes (for LQs: unit and region) within `shape`; each pair occurs
    once, and a missing (NaN) value is left out. A dense groups × members matrix is sorted
    row-wise when it is at most four times the known data, else the known values are sorted by
    (group, value).
    """
    known = ~np.isnan(values)
    size = shape[0]
    if shape[0] * shape[1] <= 4 * np.count_nonzero(known):
        matrix = np.full(shape, np.nan)
        matrix.ravel()[combined(groups, members, shape[1], matrix.size, np.intp)] = values
        _sort_rows(matrix)
        missing = np.isnan(matrix)
        n = shape[1] - missing.sum(axis=1)
        np.copyto(matrix, 0.0, where=missing)
        total = matrix.sum(axis=1)
        weighted = matrix @ np.arange(1.0, shape[1] + 1)
    else:
        values, groups = values[known], groups[known]
        n = group_sum(groups, None, size)
        total = group_sum(groups, values, size)
        order = np.lexsort((values, groups))
        starts = np.concatenate([[0], np.cumsum(n)[:-1]])
        rank = np.arange(values.size) - starts[groups[order]] + 1
        weighted = group_sum(groups[order], rank * values[order], size)
    with np.errstate(divide="ignore", invalid="ignore"):
        coefficient = 2 * weighted / (n * total) - (n + 1) / n
    return np.where(total > 0, coefficient, np.nan)


def _sort_rows(matrix: np.ndarray) -> None:
    """Sort each row of `matrix` in place, a share of the rows on each core."""
    shares = min(CORES, max(matrix.size >> 20, 1))
    on_cores(lambda part: part.sort(axis=1), np.array_split(matrix, shares))


def _log_weighted(values: np.ndarray) -> np.ndarray:
    """x·log2 x of each value, with 0·log 0 = 0 (the terms of entropy in bits)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(values > 0, values * np.log2(values), 0.0)
