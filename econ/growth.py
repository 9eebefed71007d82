"""Change between two years: growth, change in LQ and in national share, and shift-share.

Shift-share splits a cell's change e_1 − e_0 into national growth e_0·G, industry mix
e_0·(g_i − G) and the regional competitive effect e_0·(g_ir − g_i), where G is the reference
economy's growth, g_i the unit's growth in the reference and g_ir its growth in the region
(Dunn 1960).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from econ.concentration import BLOCK, blocks, combined, labelled, quotients
from econ.cores import on_cores

GROWTH_COLUMNS = [
    "employment_start",
    "employment_end",
    "growth",
    "lq_start",
    "lq_end",
    "lq_change",
    "share_change",
    "national_growth",
    "industry_mix",
    "competitive",
]


def growth(
    table: pd.DataFrame,
    *,
    unit: str = "activity",
    reference: pd.DataFrame | None = None,
    region_totals: pd.Series | None = None,
    reference_total: float | pd.Series | None = None,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Growth of each region × unit from `start` to `end` (default: first and last year).

    `table` is tidy with a `year` column; `reference`, `region_totals` (indexed by region and
    year) and `reference_total` (a Series indexed by year) are as for `location_quotients`.
    `growth` is relative (e_1/e_0 − 1); `share_change` is the change in the region's share of the
    reference's employment in the unit. Returns `region, <unit>` and `GROWTH_COLUMNS`, sorted by
    region and unit; a cell missing in either year stays missing.
    """
    if "year" not in table.columns:
        raise ValueError("growth needs a `year` column with at least two years")
    start = table["year"].min() if start is None else start
    end = table["year"].max() if end is None else end
    year = table["year"].to_numpy()
    wanted = (year == start) | (year == end)
    if not wanted.all():
        table = table[wanted]
    q = quotients(
        table,
        unit=unit,
        reference=reference,
        region_totals=region_totals,
        reference_total=reference_total,
    )
    c = q.coded
    years = list(c.years)
    if start == end or start not in years or end not in years:
        raise ValueError(f"growth needs two different years of the table, not {start} and {end}")
    first, last = years.index(start), years.index(end)

    n_regions, n_units = len(c.regions), len(c.units)
    cells = n_regions * n_units
    cell = combined(c.r, c.u, n_units, cells)
    at_start, at_end = cell[c.y == first], cell[c.y == last]
    ordered = {first: _in_cell_order(at_start, cells), last: _in_cell_order(at_end, cells)}
    if all(ordered.values()):
        everywhere, present = True, slice(None)
    else:
        seen = np.zeros(cells, dtype=bool)
        seen[at_start] = seen[at_end] = True
        everywhere = bool(seen.all())
        present = slice(None) if everywhere else np.flatnonzero(seen)

    def by_cell(when: int, places: np.ndarray) -> np.ndarray:
        """Employment of one year laid out per region × unit cell, NaN where the cell has no
        row."""
        if ordered[when]:
            return c.employment[c.y == when]
        column = np.full(cells, np.nan)
        column[places] = c.employment[c.y == when]
        return column[present]

    e0, e1 = by_cell(first, at_start), by_cell(last, at_end)
    if everywhere:
        region = np.repeat(np.arange(n_regions, dtype=c.r.dtype), n_units)
        unit_code = np.tile(np.arange(n_units, dtype=c.u.dtype), n_regions)
    else:
        region, unit_code = np.divmod(present, n_units)

    def pieces() -> Iterator[tuple[slice, tuple[int, ...], object, object]]:
        """Blocks of cells: their range, the shape to compute them in, and the index that
        picks each cell's unit and region factor. A complete grid goes a block of regions at a
        time, its factors broadcast along rows and columns rather than gathered per cell."""
        if everywhere:
            step = max(BLOCK // n_units, 1)
            for low in range(0, n_regions, step):
                high = min(low + step, n_regions)
                cells_of_block = slice(low * n_units, high * n_units)
                yield cells_of_block, (-1, n_units), slice(None), np.s_[low:high, None]
        else:
            for part in blocks(e0.size):
                yield part, (-1,), unit_code[part], region[part]

    columns = {"employment_start": e0, "employment_end": e1}
    columns |= {name: np.empty(e0.size) for name in GROWTH_COLUMNS[2:]}
    totals, benches, economy = q.region_total, q.reference, q.reference_total
    national = economy[last] / economy[first] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = {  # each unit's factors, picked per cell below
            "bench_start": benches[first],
            "bench_end": benches[last],
            "lq_start": economy[first] / benches[first],
            "lq_end": economy[last] / benches[last],
            "mix": (benches[last] / benches[first] - 1) - national,
            "expected": 1 + (benches[last] / benches[first] - 1),
        }

    def compute(piece: tuple[slice, tuple[int, ...], object, object]) -> None:
        """The growth columns of one block of cells, written in place."""
        part, shape, units, regions = piece
        of = {name: factor[units] for name, factor in per_unit.items()}
        out = {name: values[part].reshape(shape) for name, values in columns.items()}
        start_jobs, end_jobs = out["employment_start"], out["employment_end"]
        with np.errstate(divide="ignore", invalid="ignore"):
            lq0 = np.divide(start_jobs, totals[first][regions], out=out["lq_start"])
            lq0 *= of["lq_start"]
            lq1 = np.divide(end_jobs, totals[last][regions], out=out["lq_end"])
            lq1 *= of["lq_end"]
            rate = np.divide(end_jobs, start_jobs, out=out["growth"])
            rate -= 1
            for values in (lq0, lq1, rate):
                values[~np.isfinite(values)] = np.nan
            np.subtract(lq1, lq0, out=out["lq_change"])
            share = np.divide(end_jobs, of["bench_end"], out=out["share_change"])
            share -= start_jobs / of["bench_start"]
            np.multiply(start_jobs, national, out=out["national_growth"])
            np.multiply(start_jobs, of["mix"], out=out["industry_mix"])
            np.subtract(end_jobs, start_jobs * of["expected"], out=out["competitive"])

    on_cores(compute, list(pieces()))
    return pd.DataFrame(
        {
            "region": labelled(c.regions, region, table["region"]),
            unit: labelled(c.units, unit_code, table[unit]),
            **columns,
        },
        copy=False,
    )


def _in_cell_order(places: np.ndarray, cells: int) -> bool:
    """True when one year's rows are exactly the cells `0 .. cells-1` in order (a table sorted
    by region and unit), so its values need no scatter into the grid."""
    return (
        places.size == cells
        and (cells == 0 or places[0] == 0)
        and bool((np.diff(places) == 1).all())
    )
