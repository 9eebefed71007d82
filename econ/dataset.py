"""The tables one analysis runs on, and the bundled demo that fills them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


@dataclass(frozen=True)
class Dataset:
    """Employment by region and activity with its classification and reference economy.

    `employment` is tidy (`region, activity, employment[, year]`; NaN = suppressed or missing);
    `activities` maps each activity to its `cluster` (plus optional `name`, `cluster_ru`);
    `region_totals` are whole-economy totals when the table lists only some activities;
    `reference` and `reference_total` describe the benchmark economy (default: all regions).
    """

    employment: pd.DataFrame
    activities: pd.DataFrame
    region_totals: pd.Series | None = None
    reference: pd.DataFrame | None = None
    reference_total: float | None = None
    meta: dict = field(default_factory=dict)

    @property
    def clusters(self) -> pd.DataFrame:
        """The `activity, cluster` mapping."""
        return self.activities[["activity", "cluster"]]

    def cluster_names(self, language: str = "en") -> dict[str, str]:
        """Display name of each cluster in `language`, falling back to the cluster id."""
        column = f"cluster_{language}"
        if column not in self.activities:
            return {c: c for c in self.activities["cluster"].unique()}
        pairs = self.activities[["cluster", column]].drop_duplicates("cluster")
        return dict(zip(pairs["cluster"], pairs[column].fillna(pairs["cluster"]), strict=True))


def demo_dataset(directory: Path = DEMO_DIR) -> Dataset:
    """BLS OEWS May 2025: US states × detailed occupations, grouped by SOC major group."""
    ids = {"region": str, "activity": str}
    employment = pd.read_csv(directory / "employment.csv", dtype=ids)
    employment["employment"] = employment["employment"].astype(float)
    activities = pd.read_csv(directory / "activities.csv", dtype=str).assign(
        cluster=lambda a: a["major_name"],
        cluster_en=lambda a: a["major_name"],
        cluster_ru=lambda a: a["major_name_ru"],
    )
    totals = pd.read_csv(directory / "totals.csv", dtype={"region": str})
    reference = pd.read_csv(directory / "reference.csv", dtype={"activity": str})
    meta = json.loads((directory / "dataset.json").read_text(encoding="utf-8"))
    return Dataset(
        employment=employment[["region", "activity", "employment"]],
        activities=activities,
        region_totals=totals.set_index("region")["employment"].astype(float),
        reference=reference.astype({"employment": float}),
        reference_total=float(meta["reference_total"]),
        meta={**meta, "region_names": dict(zip(totals["region"], totals["name"], strict=True))},
    )
