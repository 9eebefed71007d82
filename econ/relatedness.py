"""Relatedness between activities (and cluster categories) and each region's relatedness density.

All measures work on wide matrices (regions as rows, activities or categories as columns) so the
algebra stays dense numpy (M.T @ M co-occurrence and so on); `matrix_table` turns any of them back
into the tidy `region, <unit>, <value>` form every other measure returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.errors import InputError

MEASURES = ("proximity", "correlation", "matrix")


def presence_matrix(
    quotients: pd.DataFrame, *, unit: str = "activity", threshold: float = 1.0
) -> pd.DataFrame:
    """Binary presence M (regions × units): 1 where LQ (RCA) >= `threshold`, else 0.

    `quotients` is a `location_quotients` table. A missing LQ (suppressed employment) counts as
    absent: an unknown cell cannot show a specialisation.
    """
    wide = lq_matrix(quotients, unit=unit)
    return wide.ge(threshold).astype("float64")


def lq_matrix(quotients: pd.DataFrame, *, unit: str = "activity") -> pd.DataFrame:
    """Location quotients as a wide matrix (regions × units, both sorted), NaN where unknown.

    One row per region and unit is expected (one year); a repeated pair is an error.
    """
    rows, regions = pd.factorize(quotients["region"], sort=True)
    columns, units = pd.factorize(quotients[unit], sort=True)
    cell = rows.astype(np.int64) * len(units) + columns
    if len(cell) and np.bincount(cell).max() > 1:
        raise ValueError(f"more than one LQ for a region and {unit}: one year at a time")
    wide = np.full((len(regions), len(units)), np.nan)
    wide[rows, columns] = quotients["lq"].to_numpy(dtype="float64")
    return pd.DataFrame(
        wide,
        index=pd.Index(np.asarray(regions), name="region"),
        columns=pd.Index(np.asarray(units), name=unit),
    )


def proximity(presence: pd.DataFrame) -> pd.DataFrame:
    """Proximity φ_ij = min(P(M_i | M_j), P(M_j | M_i)) between the columns of presence M.

    Hidalgo, Klinger, Barabási & Hausmann 2007. φ_ij = (MᵀM)_ij / max(u_i, u_j) with u the
    ubiquity; φ_ii = 1 for every unit present somewhere, 0 for a unit present nowhere.
    """
    m = presence.to_numpy(dtype="float64")
    together = m.T @ m
    ubiquity = np.diag(together)
    larger = np.maximum.outer(ubiquity, ubiquity)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(larger > 0, together / larger, 0.0)
    return pd.DataFrame(phi, index=presence.columns, columns=presence.columns)


def lq_correlation(lq: pd.DataFrame) -> pd.DataFrame:
    """Relatedness as the Pearson correlation of LQs across regions, negatives set to 0.

    `lq` is a wide `lq_matrix`; pairs are correlated over the regions where both are known.
    Negative correlation is read as unrelated (0) so the matrix can weight densities.
    """
    values = lq.to_numpy(dtype="float64")
    complete = not np.isnan(values).any()
    r = np.corrcoef(values, rowvar=False) if complete else lq.corr(min_periods=3).to_numpy()
    r = np.clip(np.nan_to_num(r, nan=0.0), 0.0, 1.0)
    np.fill_diagonal(r, 1.0)
    return pd.DataFrame(r, index=lq.columns, columns=lq.columns)


def user_matrix(
    pairs: pd.DataFrame, units: pd.Index, *, file: str | None = None, unit: str = "activity"
) -> pd.DataFrame:
    """A relatedness matrix over `units` from a user table `<unit>_a, <unit>_b, relatedness`.

    Pairs are symmetric (the larger value wins when both orders are given), absent pairs are 0,
    the diagonal is 1. Values must lie in [0, 1]; unknown units are reported with their row.
    """
    columns = [f"{unit}_a", f"{unit}_b", "relatedness"]
    missing = [c for c in columns if c not in pairs.columns]
    if missing:
        raise InputError(
            "error.relatedness.columns",
            params={"columns": ", ".join(columns), "missing": ", ".join(missing)},
            file=file,
        )
    values = pd.to_numeric(pairs["relatedness"], errors="coerce")
    bad = values.isna() | values.lt(0) | values.gt(1)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            "error.relatedness.range",
            file=file,
            row=row + 2,
            column="relatedness",
        )
    a, b = pairs[columns[0]].astype(str), pairs[columns[1]].astype(str)
    for name, side in ((columns[0], a), (columns[1], b)):
        unknown = ~side.isin(units)
        if unknown.any():
            row = int(np.flatnonzero(unknown.to_numpy())[0])
            raise InputError(
                "error.relatedness.unknown_code",
                params={"code": repr(side.iloc[row]), "unit": unit},
                file=file,
                row=row + 2,
                column=name,
            )
    n = len(units)
    i, j = units.get_indexer(a), units.get_indexer(b)
    matrix = np.zeros((n, n))
    np.maximum.at(matrix, (i, j), values.to_numpy())
    matrix = np.maximum(matrix, matrix.T)
    np.fill_diagonal(matrix, 1.0)
    return pd.DataFrame(matrix, index=units, columns=units)


def density(presence: pd.DataFrame, relatedness: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density ω_cp = Σ_{k≠p} M_ck φ_kp / Σ_{k≠p} φ_kp (regions × units).

    Hidalgo et al. 2007; Balland, Boschma, Crespo & Rigby 2019. The unit's own proximity is left
    out, so density measures only the related *other* activities a region already holds; NaN
    where a unit is related to nothing.
    """
    phi = relatedness.reindex(index=presence.columns, columns=presence.columns).to_numpy(
        dtype="float64", copy=True
    )
    np.fill_diagonal(phi, 0.0)
    phi = np.nan_to_num(phi)
    total = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        omega = (presence.to_numpy(dtype="float64") @ phi) / np.where(total > 0, total, np.nan)
    return pd.DataFrame(omega, index=presence.index, columns=presence.columns)


def category_relatedness(relatedness: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Relatedness between cluster categories: the mean relatedness of their activity pairs.

    Pairs of an activity with itself are left out, so a category's relatedness to itself is the
    mean over its distinct members (NaN for a single-activity category).
    """
    mapping = clusters.drop_duplicates("activity").set_index("activity")["cluster"]
    units = relatedness.index[relatedness.index.isin(mapping.index)]
    member = pd.get_dummies(mapping.reindex(units)).astype("float64")
    phi = relatedness.loc[units, units].to_numpy(dtype="float64", copy=True)
    np.fill_diagonal(phi, 0.0)
    weights = member.to_numpy()
    sums = weights.T @ phi @ weights
    members = weights.sum(axis=0)
    pairs = np.outer(members, members) - np.diag(members)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = sums / np.where(pairs > 0, pairs, np.nan)
    return pd.DataFrame(mean, index=member.columns, columns=member.columns).rename_axis(
        index=None, columns=None
    )


def matrix_table(matrix: pd.DataFrame, *, unit: str, value: str) -> pd.DataFrame:
    """A regions × units matrix as the tidy table `region, <unit>, <value>`."""
    stacked = matrix.rename_axis(index="region", columns=unit).stack(future_stack=True)
    return stacked.rename(value).reset_index()


def pair_table(
    matrix: pd.DataFrame, *, unit: str = "activity", value: str = "proximity"
) -> pd.DataFrame:
    """Each unordered pair of a square matrix once (a < b, no self-pairs), value > 0 only:
    `<unit>_a, <unit>_b, <value>`."""
    values = matrix.to_numpy()
    i, j = np.triu_indices(len(matrix), k=1)
    keep = np.nan_to_num(values[i, j]) > 0
    labels = matrix.index.to_numpy()
    return pd.DataFrame(
        {f"{unit}_a": labels[i[keep]], f"{unit}_b": labels[j[keep]], value: values[i, j][keep]}
    )
