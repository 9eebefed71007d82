"""Employment by cluster category and location quotients (specialisation) per region.

Every function takes the tidy employment table (`region, activity, employment[, year]`) or a table
derived from it, and returns a tidy table keyed by `region[, year], <unit>`. Missing or suppressed
employment (NaN) stays NaN in every derived cell; it is never read as zero.

Keys are turned into integer codes once (`Coded`), each in the narrowest integer type, so that
every sum is an `np.bincount`; per-row arithmetic runs a block of rows at a time, so a panel of
tens of millions of rows needs little memory beyond its input and its result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from econ.cores import on_cores

UNITS = ("activity", "cluster")
BLOCK = 1 << 18  # rows per block of per-row arithmetic: its temporaries stay a few MiB


def keys_of(table: pd.DataFrame, unit: str) -> list[str]:
    """Key columns of a tidy table at `unit` level: `region`, optional `year`, and the unit."""
    return ["region", "year", unit] if "year" in table.columns else ["region", unit]


def encode(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a key column and the labels they stand for (categories are kept)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, labels = column.cat.codes.to_numpy(), column.cat.categories
    elif pd.api.types.is_integer_dtype(column.dtype) and len(column):
        codes, labels = _small_range_codes(column.to_numpy())
    else:
        codes, labels = pd.factorize(column, sort=True)
    if codes.size and codes.min() < 0:
        raise ValueError(f"column {column.name!r} has empty keys")
    return codes.astype(code_type(len(labels)), copy=False), pd.Index(labels)


def labelled(labels: pd.Index, codes: np.ndarray, key: pd.Series) -> pd.Categorical | pd.Index:
    """`labels` (from `encode(key)`) at `codes`: categorical when `key` is, so a result keyed
    like its input copies no strings."""
    if isinstance(key.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=key.dtype)
    return labels.take(codes)


def code_type(count: int) -> np.dtype:
    """The narrowest signed integer type holding the codes `0 .. count-1`."""
    return np.result_type(np.min_scalar_type(-max(count, 1)), np.int8)


def combined(
    outer: np.ndarray, inner: np.ndarray, inner_count: int, count: int, dtype: type | None = None
) -> np.ndarray:
    """The code `outer * inner_count + inner` of each pair, in `dtype` or else the narrowest
    type holding `0 .. count-1`."""
    pair = outer.astype(dtype or code_type(count))
    pair *= inner_count
    pair += inner
    return pair


def blocks(rows: int, at_least: int = 0) -> Iterator[slice]:
    """Consecutive ranges covering `0 .. rows-1`, of `BLOCK` rows or `at_least` if that is more
    (a sum into `at_least` groups then clears its output once per block, not once per row)."""
    step = max(BLOCK, at_least)
    return (slice(start, min(start + step, rows)) for start in range(0, rows, step))


def _small_range_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of integers such as years by offset from the smallest (no hashing, no sort)."""
    low, high = values.min(), values.max()
    if high - low > 100_000:
        return pd.factorize(values, sort=True)
    span = int(high - low) + 1
    offset = np.empty(len(values), dtype=code_type(span))
    used = np.ones(span, dtype=bool)  # the lowest and highest are, so a span of 2 is complete
    if span > 2:
        used[1:-1] = False
    for rows in blocks(len(values)):
        np.subtract(values[rows], low, out=offset[rows], casting="unsafe")
        if span > 2:
            used |= np.bincount(offset[rows], minlength=span) > 0
    if not used.all():
        offset = (np.cumsum(used) - 1).astype(offset.dtype)[offset]
    return offset, np.arange(low, high + 1)[used]


def known_part(values: np.ndarray) -> np.ndarray:
    """`values` with missing (NaN) read as 0, for sums over the known cells only."""
    return np.where(np.isnan(values), 0.0, values)


def group_sum(groups: np.ndarray, values: np.ndarray | None, size: int) -> np.ndarray:
    """Sum of `values` (or count of rows when None) per group code `0 .. size-1`, a block at a
    time (so `np.bincount` never widens all the codes to 64 bits at once)."""
    total = np.zeros(size, dtype=np.intp if values is None else np.float64)
    for rows in blocks(len(groups), size):
        total += block_sum(groups[rows], None if values is None else values[rows], size)
    return total


def block_sum(groups: np.ndarray, values: np.ndarray | None, size: int) -> np.ndarray:
    """`np.bincount` of one block of rows, its runs of one group summed first when the block
    is mostly such runs (a region's rows usually come together, and adding row after row
    into one bin waits on the previous add: summing each run as a slice is several times
    faster)."""
    if groups.size > 1:
        starts = np.flatnonzero(groups[1:] != groups[:-1]) + 1
        if 4 * starts.size < groups.size:
            starts = np.concatenate(([0], starts))
            if values is None:
                counts = np.diff(starts, append=groups.size)
                return np.bincount(groups[starts], counts, size).astype(np.intp)
            return np.bincount(groups[starts], np.add.reduceat(values, starts), size)
    return np.bincount(groups, values, size)


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
            y, years = np.zeros(len(table), dtype=np.int8), pd.Index([None])
        r, regions = encode(table["region"])
        u, units = encode(table[unit])
        employment = table["employment"].to_numpy(dtype="float64")
        return cls(y, r, u, years, regions, units, employment)

    @cached_property
    def unit_year(self) -> np.ndarray:
        """Group code of each row's unit and year."""
        return self.unit_year_of(slice(None))

    def region_year_of(self, rows: slice) -> np.ndarray:
        """Group code of the region and year of each row of a block (in a table of one year,
        the region codes themselves)."""
        if len(self.years) == 1:
            return self.r[rows]
        return combined(
            self.y[rows], self.r[rows], len(self.regions), len(self.years) * len(self.regions)
        )

    def unit_year_of(self, rows: slice) -> np.ndarray:
        """`unit_year` of a block of rows."""
        if len(self.years) == 1:
            return self.u[rows]
        return combined(
            self.y[rows], self.u[rows], len(self.units), len(self.years) * len(self.units)
        )

    @cached_property
    def known_totals(self) -> tuple[np.ndarray, np.ndarray]:
        """Known employment summed per year × region and per year × unit (missing adds 0)."""
        shape = len(self.years), len(self.regions), len(self.units)
        regions, units = np.zeros(shape[0] * shape[1]), np.zeros(shape[0] * shape[2])
        for rows in blocks(len(self.employment), max(regions.size, units.size)):
            known = known_part(self.employment[rows])
            regions += block_sum(self.region_year_of(rows), known, regions.size)
            units += block_sum(self.unit_year_of(rows), known, units.size)
        return regions.reshape(shape[0], -1), units.reshape(shape[0], -1)


def cluster_employment(employment: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Employment per region and cluster category, with the number of suppressed inputs.

    `employment` is the sum of the cluster's known activity cells (NaN when every cell is missing),
    so a cluster with `suppressed > 0` is a lower bound. Activities absent from `clusters` are left
    out (`econ.quality` reports them).
    """
    coded = Coded.of(employment, "activity")
    cluster_of, names = cluster_codes(coded.units, clusters)
    shape = (len(coded.years), len(coded.regions), len(names))
    size = shape[0] * shape[1] * shape[2]
    rows, missing, total = np.zeros(size), np.zeros(size), np.zeros(size)
    mapped = bool((cluster_of >= 0).all())
    cluster_of = cluster_of.astype(code_type(len(names)))
    for block in blocks(len(coded.u), size):
        c, e = cluster_of[coded.u[block]], coded.employment[block]
        place = coded.region_year_of(block)
        if not mapped:
            inside = c >= 0
            c, e, place = c[inside], e[inside], place[inside]
        cell = combined(place, c, shape[2], size, np.intp)  # the type np.bincount reads
        lacking = np.isnan(e)
        rows += np.bincount(cell, minlength=size)
        missing += np.bincount(cell[lacking], minlength=size)
        total += np.bincount(cell, np.where(lacking, 0.0, e), size)
    reported = rows - missing
    present = np.flatnonzero(rows)
    year, region, cluster = np.unravel_index(present, shape)
    table = {"region": labelled(coded.regions, region, employment["region"])}
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
        return self._region_total_of(slice(None))

    @cached_property
    def ratios(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """e_ir / e_r, e_ir / E_i and the LQ of each row, a block of rows at a time; the LQ is
        NaN where employment or a denominator is missing or zero."""
        of_region, of_reference, lq = (np.empty(len(self.coded.employment)) for _ in range(3))
        on_cores(
            lambda rows: self.ratios_of(rows, out=(of_region[rows], of_reference[rows], lq[rows])),
            list(blocks(len(lq))),
        )
        return of_region, of_reference, lq

    @cached_property
    def lq(self) -> np.ndarray:
        """LQ of each row (see `ratios`), without the two shares."""
        lq = np.empty(len(self.coded.employment))
        on_cores(lambda rows: self.lq_of(rows, out=lq[rows]), list(blocks(len(lq))))
        return lq

    def ratios_of(
        self, rows: slice, out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`ratios` of a block of rows (a table written a block at a time needs no more), into
        the three arrays of `out` when given."""
        of_region, of_reference, lq = out or (None, None, None)
        c = self.coded
        e = c.employment[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            of_region = np.divide(e, self._region_total_of(rows), out=of_region)
            units = c.unit_year_of(rows)
            of_reference = np.divide(e, self.reference.ravel()[units], out=of_reference)
            lq = np.multiply(of_region, self._economy_per_reference[units], out=lq)
        lq[~np.isfinite(lq)] = np.nan
        return of_region, of_reference, lq

    def lq_of(self, rows: slice, out: np.ndarray | None = None) -> np.ndarray:
        """The LQs of `ratios_of` alone."""
        c = self.coded
        with np.errstate(divide="ignore", invalid="ignore"):
            lq = np.divide(c.employment[rows], self._region_total_of(rows), out=out)
            lq *= self._economy_per_reference[c.unit_year_of(rows)]
        lq[~np.isfinite(lq)] = np.nan
        return lq

    def _region_total_of(self, rows: slice) -> np.ndarray:
        """e_r of each row of a block."""
        return self.region_total.ravel()[self.coded.region_year_of(rows)]

    @cached_property
    def _economy_per_reference(self) -> np.ndarray:
        """E / E_i of each unit and year, flat like `unit_year`."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return (self.reference_total[:, None] / self.reference).ravel()


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
    n_years = len(coded.years)
    totals, bench = coded.known_totals
    if region_totals is not None:
        totals = _per_year(region_totals, coded.regions, coded.years)

    if reference is None:
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
    result = {key: table[key].array for key in keys_of(table, unit)}
    result["employment"] = q.coded.employment.copy()
    result["share_of_region"], result["share_of_reference"], result["lq"] = q.ratios
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
