"""Cluster change between a base year and a later year, and the dynamism star.

The change table follows the US Cluster Mapping Project's dynamics view (job creation and change
in LQ per region × cluster, clustermapping.us) with the shift-share competitive effect of
`econ.growth` (Dunn 1960); the dynamism star is the European Cluster Observatory's idea of
ranking regions by a cluster's employment growth (Ketels & Protsiv 2014, "European Cluster
Panorama 2014"), with the same top-decile rule as its size and focus stars.
"""

from __future__ import annotations

import pandas as pd

from econ.concentration import cluster_employment, cluster_reference
from econ.dataset import Dataset
from econ.errors import InputError
from econ.growth import growth
from econ.stars import category_groups, top_share

CHANGE_COLUMNS = [
    "region",
    "cluster",
    "base_year",
    "year",
    "employment_base",
    "employment",
    "growth",
    "lq_base",
    "lq",
    "lq_change",
    "job_creation",
    "national_growth",
    "shift_share_regional",
]


def cluster_change(
    employment: pd.DataFrame,
    clusters: pd.DataFrame,
    *,
    base_year: int,
    year: int,
    reference: pd.DataFrame | None = None,
    region_totals: pd.Series | None = None,
    reference_total: float | pd.Series | None = None,
) -> pd.DataFrame:
    """Change of each region × cluster from `base_year` to `year` (`CHANGE_COLUMNS`).

    Inputs are as for `econ.stars.region_cluster`, with a `year` column (region totals indexed
    by region and year, the reference per activity and year). `growth` is e_1/e_0 − 1 as a
    fraction (0.5 = +50 %); `job_creation` is e_1 − e_0; `national_growth` is the cluster's
    growth rate in the reference economy, E_i1/E_i0 − 1; `shift_share_regional` is the
    competitive effect in jobs, e_1 − e_0·(1 + national_growth). A cell missing in either year
    stays missing.
    """
    two_years = employment["year"].isin([base_year, year]).to_numpy()
    if not two_years.all():  # growth reads its two years only: a panel's others need no sums
        employment = employment[two_years]
    table = cluster_employment(employment, clusters).drop(columns="suppressed")
    bench = None if reference is None else cluster_reference(reference, clusters)
    change = growth(
        table,
        unit="cluster",
        reference=bench,
        region_totals=region_totals,
        reference_total=reference_total,
        start=base_year,
        end=year,
    )
    start = change["employment_start"]
    implied = ((change["national_growth"] + change["industry_mix"]) / start).where(start > 0)
    national = implied.groupby(change["cluster"]).transform("first")
    return pd.DataFrame(
        {
            "region": change["region"],
            "cluster": change["cluster"],
            "base_year": base_year,
            "year": year,
            "employment_base": start,
            "employment": change["employment_end"],
            "growth": change["growth"],
            "lq_base": change["lq_start"],
            "lq": change["lq_end"],
            "lq_change": change["lq_change"],
            "job_creation": change["employment_end"] - start,
            "national_growth": national,
            "shift_share_regional": change["competitive"],
        }
    )[CHANGE_COLUMNS]


def dynamism_star(change: pd.DataFrame, *, top: float = 0.10, floor: float = 1000.0) -> pd.Series:
    """True for the top `top` of regions by the cluster's employment growth over the period.

    `change` is a `cluster_change` table. Cells with fewer than `floor` employees in the base
    year are not ranked (a tiny base makes any growth rate large).
    """
    rate = change["growth"].where(change["employment_base"].ge(floor))
    groups = category_groups(change)
    starred = top_share(rate.to_numpy(dtype="float64"), groups, top)
    return pd.Series(starred, index=change.index, name="dynamism_star")


def period(
    years: list, base_year: object = None, year: object = None, *, file: str | None = None
) -> tuple[object, object]:
    """The base year and year to compare: as given, else the first and the latest of `years`.

    Raises `InputError` when the table has fewer than two years or either is not among them.
    """
    if len(years) < 2:
        raise InputError("error.dynamics.one_year", file=file, column="year")
    base_year = years[0] if base_year is None else base_year
    year = years[-1] if year is None else year
    listed = ", ".join(str(y) for y in years)
    for chosen in (base_year, year):
        if chosen not in years:
            raise InputError(
                "error.dynamics.no_year",
                params={"year": str(chosen), "years": listed},
                file=file,
                column="year",
            )
    if base_year == year:
        raise InputError(
            "error.dynamics.same_year", params={"year": str(year)}, file=file, column="year"
        )
    return base_year, year


def dataset_change(data: Dataset, base_year: object = None, year: object = None) -> pd.DataFrame:
    """`cluster_change` of a multi-year `Dataset` (default: its first and latest year)."""
    base_year, year = period(data.years, base_year, year, file=data.meta.get("source"))
    return cluster_change(
        data.employment,
        data.clusters,
        base_year=base_year,
        year=year,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
