"""The tables one analysis runs on, and the bundled demo that fills them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from econ.concentration import group_sum

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


@dataclass(frozen=True)
class Dataset:
    """Employment by region and activity with its classification and reference economy.

    `employment` is tidy (`region, activity, employment[, year]`; NaN = suppressed or missing);
    `activities` maps each activity to its `cluster` (plus optional `name`, `cluster_ru`);
    `region_totals` are whole-economy totals when the table lists only some activities;
    `reference` and `reference_total` describe the benchmark economy (default: all regions);
    `wages` (`region, activity[, year], wage[, wage_median]`) are mean wages per employee.
    """

    employment: pd.DataFrame
    activities: pd.DataFrame
    region_totals: pd.Series | None = None
    reference: pd.DataFrame | None = None
    reference_total: float | None = None
    meta: dict = field(default_factory=dict)
    wages: pd.DataFrame | None = None

    @property
    def years(self) -> list:
        """The table's years, oldest first (empty when it has no `year` column)."""
        if "year" not in self.employment.columns:
            return []
        column = self.employment["year"]
        if isinstance(column.dtype, pd.CategoricalDtype):  # a panel's: count codes, copy no rows
            codes = column.cat.codes.to_numpy()
            known = codes[codes >= 0] if codes.size and codes.min() < 0 else codes
            used = group_sum(known, None, len(column.cat.categories)) > 0
            return sorted(column.cat.categories[used].tolist())
        return sorted(column.dropna().unique().tolist())

    def in_year(self, year: object) -> Dataset:
        """The dataset of one year, without a `year` column (totals and reference too)."""

        def pick(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            if frame is None or "year" not in frame.columns:
                return frame
            return frame[frame["year"] == year].drop(columns="year").reset_index(drop=True)

        totals = self.region_totals
        if totals is not None and totals.index.nlevels == 2:
            totals = totals[totals.index.get_level_values(1) == year].droplevel(1)
        reference_total = self.reference_total
        if isinstance(reference_total, pd.Series):
            reference_total = float(reference_total.get(year, float("nan")))
        return replace(
            self,
            employment=pick(self.employment),
            region_totals=totals,
            reference=pick(self.reference),
            reference_total=reference_total,
            wages=pick(self.wages),
            meta={**self.meta, "year": year},
        )

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
    """BLS OEWS May 2025: US states × detailed occupations, grouped by SOC major group, with
    mean and median annual wages (one year)."""
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
    wages = pd.read_csv(directory / "wages.csv", dtype=ids).rename(
        columns={"mean_annual_wage": "wage", "median_annual_wage": "wage_median"}
    )
    return Dataset(
        employment=employment[["region", "activity", "employment"]],
        activities=activities,
        region_totals=totals.set_index("region")["employment"].astype(float),
        reference=reference.astype({"employment": float}),
        reference_total=float(meta["reference_total"]),
        meta={**meta, "region_names": dict(zip(totals["region"], totals["name"], strict=True))},
        wages=wages[["region", "activity", "wage", "wage_median"]].astype(
            {"wage": float, "wage_median": float}
        ),
    )
