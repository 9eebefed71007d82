"""The missing-data report on a small table and on the bundled demo."""

import numpy as np
import pandas as pd

from econ.dataset import demo_dataset
from econ.quality import quality_report


def test_counts_missing_absent_and_unmapped() -> None:
    table = pd.DataFrame(
        {
            "region": ["A", "A", "B"],
            "activity": ["x", "y", "x"],
            "employment": [1.0, np.nan, 3.0],
        }
    )
    report = quality_report(table, pd.DataFrame({"activity": ["x"], "cluster": ["X"]}))
    assert (report.rows, report.missing, report.absent) == (3, 1, 1)  # B,y has no row
    assert report.unmapped == ["y"]
    assert report.by_region.set_index("region")["missing"].to_dict() == {"A": 1, "B": 0}


def test_demo_report_matches_the_published_counts() -> None:
    data = demo_dataset()
    report = quality_report(data.employment, data.clusters)
    # 36,168 rows, 1,318 suppressed by BLS; 54 areas × 829 occupations = 44,766 pairs
    assert (report.rows, report.missing, report.absent) == (36_168, 1_318, 44_766 - 36_168)
    assert report.unmapped == []
