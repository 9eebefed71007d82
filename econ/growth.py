"""Change between two years: growth, change in LQ and in national share, and shift-share.

Shift-share splits a cell's change e_1 − e_0 into national growth e_0·G, industry mix
e_0·(g_i − G) and the regional competitive effect e_0·(g_ir − g_i), where G is the reference
economy's growth, g_i the unit's growth in the reference and g_ir its growth in the region
(Dunn 1960).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import blocks, combined, labelled, quotients

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

    cells = len(c.regions) * len(c.units)
    cell = combined(c.r, c.u, len(c.units), cells)
    rows = {"start": np.flatnonzero(c.y == first), "end": np.flatnonzero(c.y == last)}
    seen = np.zeros(cells, dtype=bool)
    seen[cell[rows["start"]]] = seen[cell[rows["end"]]] = True
    present = np.flatnonzero(seen)
    everywhere = present.size == cells

    def by_cell(values: np.ndarray, when: str) -> np.ndarray:
        """`values` of one year laid out per region × unit cell, NaN where the cell has no row."""
        column = np.full(cells, np.nan)
        column[cell[rows[when]]] = values[rows[when]]
        return column if everywhere else column[present]

    e0, e1 = by_cell(c.employment, "start"), by_cell(c.employment, "end")
    region, unit_code = np.divmod(present, len(c.units))
    columns = {"employment_start": e0, "employment_end": e1}
    columns |= {name: np.empty(present.size) for name in GROWTH_COLUMNS[2:]}
    totals, benches, economy = q.region_total, q.reference, q.reference_total
    national = economy[last] / economy[first] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        for part in blocks(present.size):
            start_jobs, end_jobs, units = e0[part], e1[part], unit_code[part]
            start_bench, end_bench = benches[first][units], benches[last][units]
            lq0 = start_jobs / totals[first][region[part]] * (economy[first] / start_bench)
            lq1 = end_jobs / totals[last][region[part]] * (economy[last] / end_bench)
            rate = end_jobs / start_jobs - 1
            for values in (lq0, lq1, rate):
                values[~np.isfinite(values)] = np.nan
            unit_growth = end_bench / start_bench - 1
            columns["growth"][part] = rate
            columns["lq_start"][part] = lq0
            columns["lq_end"][part] = lq1
            columns["lq_change"][part] = lq1 - lq0
            columns["share_change"][part] = end_jobs / end_bench - start_jobs / start_bench
            columns["national_growth"][part] = start_jobs * national
            columns["industry_mix"][part] = start_jobs * (unit_growth - national)
            columns["competitive"][part] = end_jobs - start_jobs * (1 + unit_growth)
    return pd.DataFrame(
        {
            "region": labelled(c.regions, region, table["region"]),
            unit: labelled(c.units, unit_code, table[unit]),
            **columns,
        },
        copy=False,
    )
