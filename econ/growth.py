"""Change between two years: growth, change in LQ and in national share, and shift-share.

Shift-share splits a cell's change e_1 − e_0 into national growth e_0·G, industry mix
e_0·(g_i − G) and the regional competitive effect e_0·(g_ir − g_i), where G is the reference
economy's growth, g_i the unit's growth in the reference and g_ir its growth in the region
(Dunn 1960).
"""

from __future__ import annotations

import pandas as pd

from econ.concentration import benchmark, location_quotients

GROWTH_COLUMNS = [
    "employment_start", "employment_end", "growth", "lq_start", "lq_end", "lq_change",
    "share_change", "national_growth", "industry_mix", "competitive",
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
    reference's employment in the unit. Returns `region, <unit>` and `GROWTH_COLUMNS`; a cell
    missing in either year stays missing.
    """
    if "year" not in table.columns:
        raise ValueError("growth needs a `year` column with at least two years")
    years = sorted(table["year"].unique())
    start = years[0] if start is None else start
    end = years[-1] if end is None else end
    if start == end or not {start, end} <= set(years):
        raise ValueError(f"growth needs two different years of the table, not {start} and {end}")
    pair = table[table["year"].isin([start, end])]

    options = {"reference": reference, "region_totals": region_totals}
    quotients = location_quotients(pair, unit=unit, reference_total=reference_total, **options)
    bench, grand = benchmark(pair, unit=unit, reference_total=reference_total, **options)

    keys = ["region", unit]
    first = quotients[quotients["year"] == start].set_index(keys)
    last = quotients[quotients["year"] == end].set_index(keys)
    wide = pd.DataFrame(
        {
            "employment_start": first["employment"],
            "employment_end": last["employment"],
        }
    )
    wide["growth"] = wide["employment_end"] / wide["employment_start"] - 1
    wide["lq_start"] = first["lq"]
    wide["lq_end"] = last["lq"]
    wide["lq_change"] = wide["lq_end"] - wide["lq_start"]
    wide["share_change"] = last["share_of_reference"] - first["share_of_reference"]

    totals = grand.set_index("year")["reference_total"]
    national = totals[end] / totals[start] - 1
    by_unit = bench.pivot(index=unit, columns="year", values="reference")
    unit_growth = (by_unit[end] / by_unit[start] - 1).rename("unit_growth")
    wide = wide.join(unit_growth, on=unit)
    wide["national_growth"] = wide["employment_start"] * national
    wide["industry_mix"] = wide["employment_start"] * (wide["unit_growth"] - national)
    wide["competitive"] = (
        wide["employment_end"] - wide["employment_start"] * (1 + wide["unit_growth"])
    )
    return wide.reset_index()[[*keys, *GROWTH_COLUMNS]].sort_values(keys, ignore_index=True)
