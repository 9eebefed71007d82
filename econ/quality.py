"""What the employment table lacks: missing (suppressed) cells, absent cells, unmapped activities.

Missing values are counted here instead of being filled: every measure leaves them missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from econ.concentration import keys_of


@dataclass(frozen=True)
class QualityReport:
    """Counts of what is missing from one employment table.

    `missing`: rows whose employment is empty (suppressed or not reported); `absent`: region ×
    activity pairs with no row at all (per year); `by_region` and `by_activity`: `rows, missing`
    per region and per activity; `unmapped`: activities with no cluster category.
    """

    rows: int
    missing: int
    absent: int
    by_region: pd.DataFrame
    by_activity: pd.DataFrame
    unmapped: list[str]

    @property
    def missing_share(self) -> float:
        """Share of rows with missing employment."""
        return self.missing / self.rows if self.rows else 0.0


def quality_report(employment: pd.DataFrame, clusters: pd.DataFrame | None = None) -> QualityReport:
    """Count missing and absent cells and the activities `clusters` does not map."""
    keys = keys_of(employment, "activity")
    flags = employment[keys].assign(rows=1, missing=employment["employment"].isna().astype(int))
    by_region = flags.groupby("region", sort=True, observed=True)[["rows", "missing"]].sum()
    by_activity = flags.groupby("activity", sort=True, observed=True)[["rows", "missing"]].sum()
    periods = employment["year"].nunique() if "year" in employment.columns else 1
    pairs = employment["region"].nunique() * employment["activity"].nunique() * periods
    present = len(employment[keys].drop_duplicates())
    unmapped: list[str] = []
    if clusters is not None:
        known = set(clusters["activity"])
        unmapped = sorted(a for a in by_activity.index if a not in known)
    return QualityReport(
        rows=len(employment),
        missing=int(flags["missing"].sum()),
        absent=pairs - present,
        by_region=by_region.reset_index(),
        by_activity=by_activity.reset_index(),
        unmapped=unmapped,
    )
