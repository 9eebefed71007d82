"""Cluster stars, strong clusters and the reliability of each region × cluster cell.

Stars follow the European Cluster Observatory (Ketels & Sölvell 2006; Sölvell, Ketels & Lindqvist
2009): a size star for the top 10% of regions by the category's employment, a specialisation star
for LQ >= 2, a focus star for the top 10% by the category's share of regional employment. The US
Cluster Mapping Project's "strong cluster" rule (clustermapping.us) is the alternative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import (
    cluster_employment,
    cluster_reference,
    combined,
    encode,
    keys_of,
    location_quotients,
)

REGION_CLUSTER_COLUMNS = [
    "region",
    "cluster",
    "employment",
    "share_of_region",
    "share_of_reference",
    "lq",
    "reliable",
    "size_star",
    "specialisation_star",
    "focus_star",
    "stars",
]


def specialised(lq: pd.Series, threshold: float = 1.0) -> pd.Series:
    """Binary specialisation: True where LQ >= `threshold` (1: above the reference's share)."""
    return lq.ge(threshold)


def category_groups(table: pd.DataFrame, unit: str = "cluster") -> np.ndarray:
    """A code per row for its unit (and year): the groups regions are ranked within."""
    groups, count = np.zeros(len(table), dtype=np.int8), 1
    for key in keys_of(table, unit)[1:]:
        codes, labels = encode(table[key])
        count *= len(labels)
        groups = combined(groups, codes, len(labels), count)
    return groups


def top_share(values: np.ndarray, groups: np.ndarray, share: float) -> np.ndarray:
    """True for rows in the top `share` of their group by `values`.

    A row qualifies when its rank from the top (ties share the better rank), divided by the
    number of known values in its group, is at most `share`; missing values never qualify. So a
    row qualifies when its value reaches its group's k-th largest, k the best rank allowed: the
    groups are laid out as the rows of a matrix and sorted, unless that matrix would be mostly
    padding, when all values are sorted by group and value.
    """
    known = np.flatnonzero(~np.isnan(values))
    by_group = np.argsort(groups[known], kind="stable")
    g, v = groups[known][by_group], values[known][by_group]
    n = np.bincount(g)
    width = int(n.max()) if n.size else 0
    if n.size * width > 4 * v.size:
        return _top_share_sorted(values, groups, share, known)
    allowed = np.floor(share * n).astype(np.intp)
    allowed += (allowed + 1) / np.maximum(n, 1) <= share
    allowed -= (allowed > 0) & (allowed / np.maximum(n, 1) > share)
    matrix = np.full((n.size, width), -np.inf)
    matrix[g, np.arange(v.size) - (np.cumsum(n) - n)[g]] = v
    matrix.sort(axis=1)
    kth = matrix[np.arange(n.size), width - np.maximum(allowed, 1)]
    qualifies = np.zeros(values.size, dtype=bool)
    qualifies[known[by_group]] = (v >= kth[g]) & (allowed[g] > 0)
    return qualifies


def _top_share_sorted(
    values: np.ndarray, groups: np.ndarray, share: float, known: np.ndarray
) -> np.ndarray:
    """`top_share` by ranks from one sort of the known values by group and value."""
    by_value = np.argsort(-values[known])
    order = known[by_value[np.argsort(groups[known][by_value], kind="stable")]]
    g, v = groups[order], values[order]
    position = np.arange(order.size)
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_value = new_group | np.r_[True, v[1:] != v[:-1]]
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    rank = np.maximum.accumulate(np.where(new_value, position, 0)) - group_start + 1
    qualifies = np.zeros(values.size, dtype=bool)
    qualifies[order] = rank / np.bincount(g)[g] <= share
    return qualifies


def reliability(table: pd.DataFrame, floor: float) -> pd.Series:
    """True where the cell has at least `floor` employees and no suppressed input."""
    clean = table["suppressed"].eq(0) if "suppressed" in table.columns else True
    return table["employment"].ge(floor) & clean


def cluster_stars(
    table: pd.DataFrame,
    *,
    size_top: float = 0.10,
    focus_top: float = 0.10,
    specialisation_lq: float = 2.0,
    floor: float = 1000.0,
    star_unreliable: bool = True,
) -> pd.DataFrame:
    """Add `reliable`, the three European Cluster Observatory stars and their count.

    `table` is a cluster-level `location_quotients` result, optionally with `suppressed`. Cells
    with fewer than `floor` employees or a suppressed input get `reliable=False`; they keep their
    stars (flagged) unless `star_unreliable` is False, when they get none.
    """
    starred = table.copy(deep=False)
    starred["reliable"] = reliability(starred, floor)
    eligible = True if star_unreliable else starred["reliable"].to_numpy()
    groups = category_groups(starred)
    employment = starred["employment"].to_numpy(dtype="float64")
    focus = starred["share_of_region"].to_numpy(dtype="float64")
    starred["size_star"] = top_share(employment, groups, size_top) & eligible
    starred["specialisation_star"] = starred["lq"].ge(specialisation_lq).to_numpy() & eligible
    starred["focus_star"] = top_share(focus, groups, focus_top) & eligible
    stars = starred[["size_star", "specialisation_star", "focus_star"]].to_numpy()
    starred["stars"] = stars.sum(axis=1, dtype="int64")
    if "suppressed" in starred.columns:
        del starred["suppressed"]
    return starred


def strong_clusters(
    table: pd.DataFrame, *, lq_quantile: float = 0.75, employment_quantile: float = 0.25
) -> pd.Series:
    """US Cluster Mapping "strong cluster": a high LQ and more than a few jobs.

    True where LQ >= the category's 75th percentile across regions, LQ >= 1, and employment is
    above the category's 25th percentile across regions (per category and year).
    """
    groups = table.groupby([k for k in keys_of(table, "cluster") if k != "region"], sort=False)
    lq_cut = groups["lq"].transform("quantile", lq_quantile)
    employment_cut = groups["employment"].transform("quantile", employment_quantile)
    specialised_enough = table["lq"].ge(lq_cut) & specialised(table["lq"])
    return specialised_enough & table["employment"].gt(employment_cut)


def region_cluster(
    employment: pd.DataFrame,
    clusters: pd.DataFrame,
    *,
    reference: pd.DataFrame | None = None,
    region_totals: pd.Series | None = None,
    reference_total: float | pd.Series | None = None,
    **rules: float | bool,
) -> pd.DataFrame:
    """The region × cluster table: employment, shares, LQ, reliability and stars.

    `reference` is given per activity (`activity, employment[, year]`) and summed to clusters;
    `rules` are the keyword thresholds of `cluster_stars`. Columns: `REGION_CLUSTER_COLUMNS` (with
    `year` after `region` when the input has years).
    """
    table = cluster_employment(employment, clusters)
    bench = None if reference is None else cluster_reference(reference, clusters)
    quotients = location_quotients(
        table,
        unit="cluster",
        reference=bench,
        region_totals=region_totals,
        reference_total=reference_total,
    )
    quotients["suppressed"] = table["suppressed"].to_numpy()
    starred = cluster_stars(quotients, **rules)
    columns = [*keys_of(table, "cluster"), *REGION_CLUSTER_COLUMNS[2:]]
    return starred[columns]
