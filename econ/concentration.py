"""Employment by cluster category and location quotients (specialisation) per region.

Every function takes the tidy employment table (`region, activity, employment[, year]`) or a table
derived from it, and returns a tidy table keyed by `region[, year], <unit>`. Missing or suppressed
employment (NaN) stays NaN in every derived cell; it is never read as zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

UNITS = ("activity", "cluster")


def keys_of(table: pd.DataFrame, unit: str) -> list[str]:
    """Key columns of a tidy table at `unit` level: `region`, optional `year`, and the unit."""
    return ["region", "year", unit] if "year" in table.columns else ["region", unit]


def cluster_employment(employment: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Employment per region and cluster category, with the number of suppressed inputs.

    `employment` is the sum of the cluster's known activity cells (NaN when every cell is missing),
    so a cluster with `suppressed > 0` is a lower bound. Activities absent from `clusters` are left
    out (`econ.quality` reports them).
    """
    mapping = clusters[["activity", "cluster"]].drop_duplicates("activity")
    cells = employment.merge(mapping, on="activity", how="inner", validate="many_to_one")
    keys = keys_of(cells, "cluster")
    grouped = cells.groupby(keys, sort=True, observed=True)["employment"]
    table = pd.DataFrame(
        {
            "employment": grouped.sum(min_count=1),
            "suppressed": grouped.size() - grouped.count(),
        }
    ).reset_index()
    return table.astype({"suppressed": "int64"})


def cluster_reference(reference: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Reference employment per activity summed to cluster categories (`cluster, employment`)."""
    keys = ["year", "cluster"] if "year" in reference.columns else ["cluster"]
    mapped = reference.merge(clusters[["activity", "cluster"]].drop_duplicates("activity"))
    return mapped.groupby(keys, sort=True)["employment"].sum(min_count=1).reset_index()


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
    lq`.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    keys = keys_of(table, unit)
    years = ["year"] if "year" in table.columns else []
    cells = table[keys + ["employment"]].astype({"employment": "float64"})

    totals = region_total_table(cells, region_totals)
    cells = cells.merge(totals, on=["region", *years], how="left")
    bench, grand = benchmark(
        cells, unit=unit, reference=reference, region_totals=region_totals,
        reference_total=reference_total,
    )
    cells = cells.merge(bench, on=[*years, unit], how="left")
    cells = cells.merge(grand, on=years) if years else cells.merge(grand, how="cross")

    share_of_region = cells["employment"] / cells["region_total"]
    share_of_unit = cells["reference"] / cells["reference_total"]
    cells["share_of_region"] = share_of_region
    cells["share_of_reference"] = cells["employment"] / cells["reference"]
    cells["lq"] = (share_of_region / share_of_unit).replace([np.inf, -np.inf], np.nan)
    columns = keys + ["employment", "share_of_region", "share_of_reference", "lq"]
    return cells[columns].sort_values(keys, ignore_index=True)


def benchmark(
    table: pd.DataFrame,
    *,
    unit: str,
    reference: pd.DataFrame | None = None,
    region_totals: pd.Series | None = None,
    reference_total: float | pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reference economy: `[year,] <unit>, reference` and its total E `[year,] reference_total`.

    Without `reference` it is the sum over the regions of `table`; E is `reference_total` (a number,
    or a Series indexed by year), else the sum of the region totals (given, or the sum of listed
    employment) when there is no reference, else the sum of the reference.
    """
    years = ["year"] if "year" in table.columns else []
    if reference is None:
        bench = table.groupby([*years, unit], sort=True)["employment"].sum().rename("reference")
        bench = bench.reset_index()
    else:
        keys = [k for k in (*years, unit) if k in reference.columns]
        bench = reference[keys + ["employment"]].rename(columns={"employment": "reference"})
        if years and "year" not in keys:
            bench = table[years].drop_duplicates().merge(bench, how="cross")
    bench = bench.astype({"reference": "float64"})
    if isinstance(reference_total, pd.Series):
        grand = reference_total.rename_axis("year").rename("reference_total").reset_index()
    elif reference_total is not None:
        grand = (table[years].drop_duplicates() if years else pd.DataFrame(index=[0]))
        grand = grand.assign(reference_total=float(reference_total))
    else:
        frame, column = (
            (region_total_table(table, region_totals), "region_total")
            if reference is None
            else (bench, "reference")
        )
        grand = (
            frame.groupby(years)[column].sum().rename("reference_total").reset_index()
            if years
            else pd.DataFrame({"reference_total": [frame[column].sum()]})
        )
    return bench, grand.astype({"reference_total": "float64"})


def region_total_table(
    cells: pd.DataFrame, region_totals: pd.Series | None = None
) -> pd.DataFrame:
    """Frame `region[, year], region_total`: the given totals or the sum of listed employment."""
    years = ["year"] if "year" in cells.columns else []
    if region_totals is None:
        grouped = cells.groupby(["region", *years], sort=False)["employment"].sum()
        return grouped.rename("region_total").reset_index()
    totals = region_totals.rename("region_total").astype("float64")
    if totals.index.nlevels == 1:
        totals.index = totals.index.astype(str).rename("region")
    present = cells[["region", *years]].drop_duplicates()
    return totals.reset_index().merge(present, on=["region", *years])
