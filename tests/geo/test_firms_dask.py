"""The Dask engine on a two-worker LocalCluster: the embedded engine's table and counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.firm_scan import scan_firms
from geo.firms_dask import dask_firms
from tests.geo.test_firm_scan import FIRMS, REGIONS


def test_two_workers_give_the_embedded_engines_totals(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(FIRMS, encoding="cp1251")
    rng = np.random.default_rng(3)
    n = 20_000
    many = pd.DataFrame(
        {
            "activity_code_main": rng.choice(["62.01", "10.10", "01.11"], n),
            "employees_count": rng.integers(0, 50, n),
            "lat": rng.uniform(-0.2, 1.2, n).round(5),
            "lon": rng.uniform(-0.2, 2.2, n).round(5),
        }
    )
    for part in range(4):
        many.iloc[part::4].to_parquet(tmp_path / f"part-{part}.parquet")
    glob = tmp_path / "part-*.parquet"
    # processes=False: four threads in one process; process workers take seconds to start
    table, report = dask_firms(path, REGIONS, processes=False)
    assert table.values.tolist() == [["E", "10.10", 7.0], ["W", "62.01", 15.0]]
    assert (report.rows_read, report.firms, report.outside, report.no_coordinates) == (6, 4, 1, 1)
    assert report.outside_employees == 100 and report.no_employees == 1
    spread, spread_report = dask_firms(glob, REGIONS, processes=False, where="employees_count > 0")
    embedded, embedded_report = scan_firms(glob, REGIONS, where="employees_count > 0")
    pd.testing.assert_frame_equal(spread, embedded)
    assert spread_report.summary().equals(embedded_report.summary())
    assert spread_report.chunks == 4 and spread_report.rows_read == (many.employees_count > 0).sum()
