"""Employment by cluster category and location quotients (specialisation) per region.

Every function takes the tidy employment table (`region, activity, employment[, year]`) or a table
derived from it, and returns a tidy table keyed by `region[, year], <unit>`. Missing or suppressed
employment (NaN) stays NaN in every derived cell; it is never read as zero.

Keys are turned into integer codes once (`Coded`) so that every sum is one `np.bincount`: a
national table of millions of rows takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

UNITS = ("activity", "cluster")


def keys_of(table: pd.DataFrame, unit: str) -> list[str]:
    """Key columns of a tidy table at `unit` level: `region`, optional `year`, and the unit."""
    return ["region", "year", unit] if "year" in table.columns else ["region", unit]


def encode(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a key column and the labels they stand for (categories are kept)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, labels = column.cat.codes.to_numpy().astype(np.intp), column.cat.categories
    elif pd.api.types.is_integer_dtype(column.dtype) and len(column):
        codes, labels = _small_range_codes(column.to_numpy())
    else:
        codes, labels = pd.factorize(column, sort=True)
    if codes.size and codes.min() < 0:
        raise ValueError(f"column {column.name!r} has empty keys")
    return codes, pd.Index(labels)


def _small_range_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of integers such as years by offset from the smallest (no hashing, no sort)."""
    low, high = values.min(), values.max()
    if high - low > 100_000:
        return pd.factorize(values, sort=True)
    offset = (values - low).astype(np.intp, copy=False)
    used = np.bincount(offset) > 0
    labels = np.arange(low, high + 1)[used]
    return (offset if used.all() else (np.cumsum(used) - 1)[offset]), labels


def group_sum(groups: np.ndarray, values: np.ndarray | None, size: int) -> np.ndarray:
    """Sum of `values` (or count of rows when None) per group code `0 .. size-1`."""
    return np.bincount(groups, weights=values, minlength=size)


@dataclass(frozen=True)
class Coded:
    """A tidy table's keys as codes: `y` (year), `r` (region), `u` (unit), and their labels."""

    y: np.ndarray
    r: np.ndarray
    u: np.ndarray
    years: pd.Index
    regions: pd.Index
    units: pd.Index
    employment: np.ndarray

    @classmethod
    def of(cls, table: pd.DataFrame, unit: str) -> Coded:
        """Encode `table`'s `region`, `year` (if any) and `unit` columns."""
        if "year" in table.columns:
            y, years = encode(table["year"])
        else:
            y, years = np.zeros(len(table), dtype=np.intp), pd.Index([None])
        r, regions = encode(table["region"])
        u, units = encode(table[unit])
        employment = table["employment"].to_numpy(dtype="float64")
        return cls(y, r, u, years, regions, units, employment)

    @cached_property
    def known(self) -> np.ndarray:
        """Employment with missing cells as 0, for sums only."""
        return np.nan_to_num(self.employment)

    @cached_property
    def region_year(self) -> np.ndarray:
        """Group code of each row's region and year."""
        return self.y * len(self.regions) + self.r

    @cached_property
    def unit_year(self) -> np.ndarray:
        """Group code of each row's unit and year."""
        return self.y * len(self.units) + self.u


def cluster_employment(employment: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Employment per region and cluster category, with the number of suppressed inputs.

    `employment` is the sum of the cluster's known activity cells (NaN when every cell is missing),
    so a cluster with `suppressed > 0` is a lower bound. Activities absent from `clusters` are left
    out (`econ.quality` reports them).
    """
    coded = Coded.of(employment, "activity")
    cluster_of, names = cluster_codes(coded.units, clusters)
    c = cluster_of[coded.u]
    y, r, e, known = coded.y, coded.r, coded.employment, coded.known
    if (c < 0).any():
        inside = c >= 0
        y, r, c, e, known = y[inside], r[inside], c[inside], e[inside], known[inside]
    shape = (len(coded.years), len(coded.regions), len(names))
    size = shape[0] * shape[1] * shape[2]
    cell = (y * shape[1] + r) * shape[2] + c
    rows = group_sum(cell, None, size)
    reported = rows - group_sum(cell[np.isnan(e)], None, size)
    total = group_sum(cell, known, size)
    present = np.flatnonzero(rows)
    year, region, cluster = np.unravel_index(present, shape)
    table = {"region": coded.regions.take(region)}
    if "year" in employment.columns:
        table["year"] = coded.years.take(year)
    table["cluster"] = names.take(cluster)
    table["employment"] = np.where(reported[present] > 0, total[present], np.nan)
    table["suppressed"] = (rows[present] - reported[present]).astype("int64")
    return pd.DataFrame(table, copy=False)


def cluster_codes(activities: pd.Index, clusters: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """For each activity label its cluster code (-1 when unmapped), and the cluster labels."""
    mapping = clusters.drop_duplicates("activity")
    codes, names = pd.factorize(mapping["cluster"], sort=True)
    cluster_of = np.full(len(activities), -1, dtype=np.intp)
    position = activities.get_indexer(mapping["activity"])
    cluster_of[position[position >= 0]] = codes[position >= 0]
    return cluster_of, pd.Index(names)


def cluster_reference(reference: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Reference employment per activity summed to cluster categories (`cluster, employment`)."""
    keys = ["year", "cluster"] if "year" in reference.columns else ["cluster"]
    mapped = reference.merge(clusters[["activity", "cluster"]].drop_duplicates("activity"))
    return mapped.groupby(keys, sort=True)["employment"].sum(min_count=1).reset_index()


@dataclass(frozen=True)
class Quotients:
    """Row-aligned arrays behind a location-quotient table (see `location_quotients`)."""

    coded: Coded
    region_total: np.ndarray  # (years, regions): e_r
    reference: np.ndarray  # (years, units): E_i
    reference_total: np.ndarray  # (years,): E

    @cached_property
    def region_total_of_row(self) -> np.ndarray:
        """e_r of each row's region and year."""
        return self.region_total.ravel()[self.coded.region_year]

    @cached_property
    def reference_of_row(self) -> np.ndarray:
        """E_i of each row's unit and year."""
        return self.reference.ravel()[self.coded.unit_year]

    @cached_property
    def lq(self) -> np.ndarray:
        """LQ of each row; NaN where employment or a denominator is missing or zero."""
        c = self.coded
        with np.errstate(divide="ignore", invalid="ignore"):
            inverse_share = self.reference_total[:, None] / self.reference
            lq = c.employment / self.region_total_of_row * inverse_share.ravel()[c.unit_year]
        lq[~np.isfinite(lq)] = np.nan
        return lq


def quotients(
    table: pd.DataFrame,
    *,
    unit: str = "activity",
    reference: pd.DataFrame | None = None,
    region_totals: pd.Series | None = None,
    reference_total: float | pd.Series | None = None,
) -> Quotients:
    """The LQ ingredients e_ir, e_r, E_i and E as arrays (see `location_quotients`)."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    coded = Coded.of(table, unit)
    n_years, n_regions, n_units = len(coded.years), len(coded.regions), len(coded.units)
    listed = group_sum(coded.region_year, coded.known, n_years * n_regions)
    totals = listed.reshape(n_years, n_regions)
    if region_totals is not None:
        totals = _per_year(region_totals, coded.regions, coded.years)

    if reference is None:
        bench = group_sum(coded.unit_year, coded.known, n_years * n_units).reshape(n_years, -1)
        economy = np.nansum(totals, axis=1)
    else:
        frame = reference.set_index([unit, "year"] if "year" in reference.columns else unit)
        bench = _per_year(frame["employment"], coded.units, coded.years)
        economy = _by_year(frame["employment"], coded.years)

    if isinstance(reference_total, pd.Series):
        economy = reference_total.reindex(coded.years).to_numpy(dtype="float64")
    elif reference_total is not None:
        economy = np.full(n_years, float(reference_total))
    return Quotients(coded, totals, bench, economy)


def location_quotients(
    table: pd.DataFrame,
    *,
    unit: str = "activity",
    reference: pd.DataFrame | None = None,
    region_totals: pd.Series | None = None,
    reference_total: float | pd.Series | None = None,
) -> pd.DataFrame:
    """Location quotient LQ = (e_ir / e_r) / (E_i / E) of each region and unit.

    `table` holds `region[, year], <unit>, employment`. `reference` (`<unit>, employment`, optional
    `year`) is the benchmark economy, by default the sum over all regions; `region_totals` (Series
    indexed by region, or by region and year) are whole-economy totals e_r, by default the sum of
    the region's listed employment; `reference_total` is E (a number, or a Series indexed by
    year), by default the sum of the region totals without a reference, else of the reference.
    `share_of_reference` is the region's share of the reference's employment in the unit (e_ir /
    E_i, "size"). Returns `region[, year], <unit>, employment, share_of_region, share_of_reference,
    lq`, one row per input row in input order.
    """
    q = quotients(
        table,
        unit=unit,
        reference=reference,
        region_totals=region_totals,
        reference_total=reference_total,
    )
    c = q.coded
    result = {key: table[key].array for key in keys_of(table, unit)}
    with np.errstate(divide="ignore", invalid="ignore"):
        result["employment"] = c.employment.copy()
        result["share_of_region"] = c.employment / q.region_total_of_row
        result["share_of_reference"] = c.employment / q.reference_of_row
    result["lq"] = q.lq
    return pd.DataFrame(result, copy=False)


def _per_year(values: pd.Series, labels: pd.Index, years: pd.Index) -> np.ndarray:
    """Values indexed by label (or label and year) as an array (years, labels), NaN if absent."""
    out = np.full((len(years), len(labels)), np.nan)
    index = values.index
    keys = index.get_level_values(0) if index.nlevels > 1 else index
    position = labels.get_indexer(keys)
    numbers = values.to_numpy(dtype="float64")
    if index.nlevels > 1:
        year = years.get_indexer(index.get_level_values(1))
        found = (position >= 0) & (year >= 0)
        out[year[found], position[found]] = numbers[found]
    else:
        found = position >= 0
        out[:, position[found]] = numbers[found]
    return out


def _by_year(values: pd.Series, years: pd.Index) -> np.ndarray:
    """Sum of `values` per year of `years` (the same sum for every year when not by year)."""
    if values.index.nlevels == 1:
        return np.full(len(years), values.sum())
    return values.groupby(level=1).sum().reindex(years).to_numpy(dtype="float64")
