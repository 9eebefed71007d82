"""Specialisation indices per region and localisation indices per activity or cluster.

Shares are taken over the cells with known employment: a missing (suppressed) cell stays out of
both the region's and the reference's distribution rather than counting as zero, and is reported by
`econ.quality`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.concentration import benchmark, keys_of, location_quotients, region_total_table

REGION_INDEX_COLUMNS = [
    "region", "krugman", "hoover", "herfindahl", "herfindahl_norm", "entropy",
    "related_variety", "unrelated_variety",
]


def region_indices(
    employment: pd.DataFrame,
    clusters: pd.DataFrame | None = None,
    *,
    reference: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Specialisation and variety of each region's activity mix.

    Krugman index K = Σ|s_ir − s_i| (0..2) and Hoover coefficient of specialisation K/2 against
    the reference shares rescaled to the activities the region reports; Herfindahl H = Σ s_ir² and
    its normalised form (H − 1/N)/(1 − 1/N); Shannon entropy in bits split into unrelated variety
    (entropy of cluster shares) and related variety (share-weighted entropy within clusters) —
    Frenken, Van Oort & Verburg 2007. Without `clusters` the variety columns are NaN.
    """
    keys = keys_of(employment, "activity")
    regions = keys[:-1]
    years = regions[1:]
    cells = employment.loc[employment["employment"].notna(), keys + ["employment"]]
    bench, _ = benchmark(cells, unit="activity", reference=reference)
    cells = cells.merge(bench, on=[*years, "activity"], how="left")
    cells = cells[cells["reference"].notna()]

    by_region = cells.groupby(regions, sort=True, observed=True)
    share = cells["employment"] / by_region["employment"].transform("sum")
    reference_share = cells["reference"] / by_region["reference"].transform("sum")
    frame = cells[regions].assign(
        gap=(share - reference_share).abs(),
        square=share**2,
        information=_information(share),
        known=1,
    )
    if clusters is not None:
        mapping = clusters.drop_duplicates("activity").set_index("activity")["cluster"]
        group = cells["activity"].map(mapping).astype(object).fillna(cells["activity"])
        group_share = share.groupby([*(cells[k] for k in regions), group]).transform("sum")
        frame["related"] = (share * np.log2(group_share / share)).where(share > 0, 0.0)
    sums = frame.groupby(regions, sort=True, observed=True).sum()

    n = sums["known"]
    result = pd.DataFrame(
        {
            "krugman": sums["gap"],
            "hoover": sums["gap"] / 2,
            "herfindahl": sums["square"],
            "herfindahl_norm": ((sums["square"] - 1 / n) / (1 - 1 / n)).where(n > 1),
            "entropy": sums["information"],
        }
    )
    if clusters is None:
        result["related_variety"] = np.nan
        result["unrelated_variety"] = np.nan
    else:
        result["related_variety"] = sums["related"]
        result["unrelated_variety"] = sums["information"] - sums["related"]
    return result.reset_index()[[*regions, *REGION_INDEX_COLUMNS[1:]]]


def localisation(
    table: pd.DataFrame,
    *,
    unit: str = "activity",
    region_totals: pd.Series | None = None,
) -> pd.DataFrame:
    """Geographic concentration of each activity or cluster across regions.

    Hoover localisation index ½ Σ_r |e_ir/E_i − e_r/E| (0 = spread like all employment, near 1 =
    all in one small region), over regions where the unit's employment is known, and the Gini
    coefficient of the unit's LQs across those regions. Returns `[year,] <unit>,
    hoover_localisation, gini`.
    """
    keys = keys_of(table, unit)
    groups = keys[1:]
    quotients = location_quotients(table, unit=unit, region_totals=region_totals)
    totals = region_total_table(table, region_totals)
    cells = quotients[quotients["employment"].notna()].merge(totals, on=keys[:-1], how="left")
    by_unit = cells.groupby(groups, sort=True, observed=True)
    unit_share = cells["employment"] / by_unit["employment"].transform("sum")
    region_share = cells["region_total"] / by_unit["region_total"].transform("sum")
    gaps = (unit_share - region_share).abs().groupby([cells[g] for g in groups], observed=True)
    gaps = gaps.sum() / 2
    result = pd.DataFrame({"hoover_localisation": gaps, "gini": gini(cells, "lq", groups)})
    return result.reset_index()


def gini(table: pd.DataFrame, column: str, groups: list[str]) -> pd.Series:
    """Gini coefficient of `column` within each group: 2 Σ k x_(k) / (n Σ x) − (n + 1) / n."""
    known = table.loc[table[column].notna(), [*groups, column]].sort_values([*groups, column])
    grouped = known.groupby(groups, sort=True, observed=True)
    rank = grouped.cumcount() + 1
    weighted = (rank * known[column]).groupby([known[g] for g in groups], observed=True).sum()
    counts = grouped.size()
    sums = grouped[column].sum()
    return (2 * weighted / (counts * sums) - (counts + 1) / counts).where(sums > 0)


def _information(share: pd.Series) -> pd.Series:
    """Each share's contribution to Shannon entropy in bits, s·log2(1/s), with 0·log 0 = 0."""
    positive = share.where(share > 0)
    return (-positive * np.log2(positive)).fillna(0.0)
