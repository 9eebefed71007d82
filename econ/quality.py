"""What the employment table lacks: missing (suppressed) cells, absent cells, unmapped activities.

Missing values are counted here instead of being filled: every measure leaves them missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from econ.concentration import Coded, blocks, combined, group_sum


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
    c = Coded.of(employment, "activity")
    missing = np.isnan(c.employment)
    n_regions, n_activities = len(c.regions), len(c.units)
    size = len(c.years) * n_regions * n_activities
    seen = np.zeros(size, dtype=bool)
    for rows in blocks(len(c.u)):
        place = combined(c.y[rows], c.r[rows], n_regions, size)
        seen[combined(place, c.u[rows], n_activities, size)] = True
    present = np.count_nonzero(seen)
    periods = len(c.years)
    if clusters is None:
        unmapped = []
    else:
        unmapped = [str(a) for a in c.units.difference(pd.Index(clusters["activity"]))]
    return QualityReport(
        rows=len(employment),
        missing=int(missing.sum()),
        absent=periods * n_regions * n_activities - present,
        by_region=_counts("region", c.regions, c.r, missing),
        by_activity=_counts("activity", c.units, c.u, missing),
        unmapped=sorted(unmapped),
    )


def _counts(name: str, labels: pd.Index, codes: np.ndarray, missing: np.ndarray) -> pd.DataFrame:
    """`name, rows, missing` per label."""
    rows = group_sum(codes, None, len(labels)).astype("int64")
    lacking = group_sum(codes[missing], None, len(labels)).astype("int64")
    used = rows > 0
    return pd.DataFrame({name: labels[used], "rows": rows[used], "missing": lacking[used]})
