"""The whole priorities analysis of one dataset: relatedness, density, complexity, junctions.

One function so the page and the CLI run exactly the same pipeline:
Dataset -> LQs -> presence -> relatedness -> density, complexity, outlook gain -> junctions.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from econ.complexity import complexity, outlook_gain
from econ.concentration import location_quotients
from econ.dataset import Dataset
from econ.errors import Phrase
from econ.junctions import (
    bridge_relatedness,
    bridging_activities,
    category_strength,
    explain,
    junction_candidates,
    strength_rule,
)
from econ.relatedness import (
    MEASURES,
    category_relatedness,
    density,
    lq_correlation,
    lq_matrix,
    presence_matrix,
    proximity,
)
from econ.stars import region_cluster

SYMBOLS = {"proximity": "φ", "correlation": "r", "matrix": "w"}


@dataclass(frozen=True)
class Priorities:
    """Every table of the analysis; matrices are wide (regions or activities × units)."""

    measure: str
    note: Phrase
    presence: pd.DataFrame
    relatedness: pd.DataFrame
    density: pd.DataFrame
    regions: pd.DataFrame
    activities: pd.DataFrame
    outlook_gain: pd.DataFrame
    categories: pd.DataFrame
    category_relatedness: pd.DataFrame
    category_density: pd.DataFrame
    junctions: pd.DataFrame


def latest_year(employment: pd.DataFrame) -> pd.DataFrame:
    """The employment table of its latest year (relatedness is measured on one cross-section)."""
    if "year" not in employment.columns:
        return employment
    latest = employment["year"].max()
    return employment[employment["year"] == latest].drop(columns="year")


def priorities(
    data: Dataset,
    *,
    measure: str = "proximity",
    rca_threshold: float = 1.0,
    min_relatedness: float = 0.5,
    user_relatedness: pd.DataFrame | None = None,
    min_stars: int = 1,
    near_lq: float = 0.8,
    language: str = "en",
) -> Priorities:
    """Run the analysis on `data` with relatedness `measure` (`MEASURES`).

    Activity relatedness is φ or the LQ correlation measured on the data, or `user_relatedness`
    (an activity × activity matrix, see `econ.relatedness.user_matrix`) for `matrix`. Category
    relatedness uses the same measure on category LQs; for a user matrix it is the mean over
    the categories' activity pairs. Complexity of a category is the mean PCI of its activities.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    if measure == "matrix" and user_relatedness is None:
        raise ValueError("measure 'matrix' needs user_relatedness")
    employment = latest_year(data.employment)
    reference = data.reference
    if reference is not None and "year" in reference.columns:
        reference = reference[reference["year"] == reference["year"].max()].drop(columns="year")
    totals = data.region_totals
    if totals is not None and totals.index.nlevels > 1:
        totals = totals.xs(totals.index.get_level_values(-1).max(), level=-1)
    benchmark = {
        "reference": reference,
        "region_totals": totals,
        "reference_total": data.reference_total,
    }
    quotients = location_quotients(employment, **benchmark)
    presence = presence_matrix(quotients, threshold=rca_threshold)
    categories = region_cluster(employment, data.clusters, **benchmark)
    category_presence = presence_matrix(categories, unit="cluster", threshold=rca_threshold)

    if measure == "proximity":
        related = proximity(presence)
        between = proximity(category_presence)
    elif measure == "correlation":
        related = lq_correlation(lq_matrix(quotients))
        between = lq_correlation(lq_matrix(categories, unit="cluster"))
    else:
        related = user_relatedness.reindex(index=presence.columns, columns=presence.columns)
        related = related.fillna(0.0)
        between = category_relatedness(related, data.clusters)

    regions, activities = complexity(presence)
    pci = activities.set_index("activity")["pci"]
    mapping = data.clusters.drop_duplicates("activity").set_index("activity")["cluster"]
    category_pci = pci.groupby(pci.index.map(mapping)).mean()
    strength = category_strength(categories, min_stars=min_stars, near_lq=near_lq)
    category_density = density(category_presence, between)
    candidates = junction_candidates(
        strength, between, category_density, category_pci, min_relatedness=min_relatedness
    )
    candidates["bridges"] = bridging_activities(
        candidates, presence, bridge_relatedness(related, data.clusters), data.clusters
    )
    names = data.activities.set_index("activity")["name"] if "name" in data.activities else None
    candidates["explanation"] = explain(
        candidates,
        cluster_names=data.cluster_names(language),
        activity_names=None if names is None else names.to_dict(),
        symbol=SYMBOLS[measure],
        language=language,
    )
    note = Phrase(
        "note.priorities",
        {
            "measure": Phrase(f"note.measure.{measure}"),
            "rca": float(rca_threshold),
            "strength": strength_rule(categories, min_stars=min_stars),
        },
    )
    return Priorities(
        measure=measure,
        note=note,
        presence=presence,
        relatedness=related,
        density=density(presence, related),
        regions=regions,
        activities=activities,
        outlook_gain=outlook_gain(presence, related, pci),
        categories=strength,
        category_relatedness=between,
        category_density=category_density,
        junctions=candidates,
    )
