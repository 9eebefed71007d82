"""Cluster wages, wages relative to the nation, and the productivity star.

Wages stand in for productivity as in the European Cluster Observatory (Ketels & Protsiv 2014,
"European Cluster Panorama 2014"): a region's cluster wage is the employment-weighted mean of its
activities' wages; the national cluster wage is the same mean over every region of the table;
the productivity star goes to the top 10 % of regions by their wage relative to the national.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import keys_of
from econ.stars import category_groups, top_share

WAGE_COLUMNS = ["wage", "wage_coverage", "national_wage", "relative_wage"]


def cluster_wages(
    employment: pd.DataFrame, wages: pd.DataFrame, clusters: pd.DataFrame
) -> pd.DataFrame:
    """Employment-weighted wage of each region × cluster and its ratio to the national.

    `employment` is tidy (`region, activity, employment[, year]`); `wages` holds `region,
    activity[, year], wage` in any one unit (a mean wage per employee; a missing wage is left out
    of both sums). `wage_coverage` is the share of the cluster's employment whose wage is known.
    Returns `region[, year], cluster` and `WAGE_COLUMNS`.
    """
    keys = keys_of(employment, "activity")
    cells = employment[[*keys, "employment"]].merge(
        wages[[*keys, "wage"]], on=keys, how="left", validate="one_to_one"
    )
    cells = cells.merge(clusters[["activity", "cluster"]].drop_duplicates("activity"))
    both = cells["employment"].notna() & cells["wage"].notna()
    cells["paid"] = cells["employment"].where(both)
    cells["bill"] = (cells["employment"] * cells["wage"]).where(both)
    group = keys_of(cells, "cluster")
    sums = cells.groupby(group, sort=True)[["employment", "paid", "bill"]].sum(min_count=1)
    sums = sums.reset_index()
    national_keys = [k for k in group if k != "region"]
    nation = sums.groupby(national_keys)[["paid", "bill"]].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["wage"] = sums["bill"] / sums["paid"]
        sums["wage_coverage"] = sums["paid"].fillna(0) / sums["employment"]
        sums["national_wage"] = nation["bill"] / nation["paid"]
        sums["relative_wage"] = sums["wage"] / sums["national_wage"]
    return sums[[*group, *WAGE_COLUMNS]]


def productivity_star(wage_table: pd.DataFrame, *, top: float = 0.10) -> pd.Series:
    """True for the top `top` of regions by the cluster's wage relative to the national."""
    relative = wage_table["relative_wage"].to_numpy(dtype="float64")
    starred = top_share(relative, category_groups(wage_table), top)
    return pd.Series(starred, index=wage_table.index, name="productivity_star")


def payroll_wages(table: pd.DataFrame) -> pd.Series:
    """Mean wage per employee from a payroll (wage bill) column: payroll / employment."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (table["payroll"] / table["employment"]).where(table["employment"] > 0)
