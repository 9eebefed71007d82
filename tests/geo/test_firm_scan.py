"""Firm registers streamed through DuckDB: the same table and report as the pandas reader, from
CSV in any encoding, Parquet and many files, with either spatial index."""

from __future__ import annotations

import threading

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from econ.errors import InputError
from geo import firm_scan
from geo.firm_scan import CrossingGrid, scan_firms, strtree_locator
from geo.firms import aggregate_firms

REGIONS = gpd.GeoDataFrame(
    {"region": ["W", "E"], "name": ["West", "East"]},
    geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    crs="EPSG:4326",
)
FIRMS = (
    "activity_code_main;employees_count;lat;lon;region_code\n"
    "62.01;10;0,5;0,5;1\n"  # West
    "62.01;5;0,2;0,7;1\n"  # West
    "10.10;;0,5;1,5;2\n"  # East, employees unknown
    "10.10;7;0,5;1,6;2\n"  # East
    "62.01;100;5;5;3\n"  # outside both
    "62.01;3;;;1\n"  # no coordinates
)


@pytest.mark.parametrize("locator", ["strtree", "duckdb"])
def test_cp1251_csv_gives_the_pandas_readers_table_and_report(tmp_path, monkeypatch, locator):
    monkeypatch.setattr(firm_scan, "MERGE_EVERY", 2)  # three batches: sums merged on the way
    path = tmp_path / "firms.csv"
    path.write_text(FIRMS, encoding="cp1251")
    table, report = scan_firms(path, REGIONS, locator=locator, batch_rows=2)
    assert table.values.tolist() == [["E", "10.10", 7.0], ["W", "62.01", 15.0]]  # code keeps 0
    assert (report.rows_read, report.firms, report.outside, report.no_coordinates) == (6, 4, 1, 1)
    assert report.outside_employees == 100 and report.no_employees == 1 and report.chunks == 3
    assert report.problems[["file", "row", "problem"]].values.tolist() == [
        ["firms.csv", 6, "outside every region"],
        ["firms.csv", 7, "no coordinates"],
    ]
    old, old_report = aggregate_firms(path, REGIONS)
    assert old.values.tolist() == table.values.tolist()
    assert old_report.summary().equals(report.summary())


def test_parquet_files_by_glob_with_a_filter(tmp_path):
    frame = pd.DataFrame(
        {
            "activity_code_main": ["62.01", "62.01", "10.10", "10.10"],
            "employees_count": [10, 5, 7, 1],
            "lat": [0.5, 0.5, 0.5, 0.5],
            "lon": [0.5, 0.6, 1.5, 5.0],
            "year": [2024, 2023, 2024, 2024],
        }
    )
    frame.iloc[:2].to_parquet(tmp_path / "part-1.parquet")
    frame.iloc[2:].to_parquet(tmp_path / "part-2.parquet")
    table, report = scan_firms(tmp_path / "part-*.parquet", REGIONS, where="year = 2024")
    assert table.values.tolist() == [["E", "10.10", 7.0], ["W", "62.01", 10.0]]
    assert (report.rows_read, report.firms, report.outside) == (3, 2, 1)
    assert report.problems[["file", "row"]].values.tolist() == [["part-2.parquet", 2]]


def test_a_border_firm_counts_once_for_the_first_region():
    x, y = np.array([1.0, 0.25, 1.75, 3.0]), np.array([0.5, 0.5, 0.5, 0.5])
    assert strtree_locator(REGIONS)(x, y).tolist() == [0, 0, 1, -1]


def test_crossings_place_points_in_an_l_shape_and_its_notch_as_shapely_does():
    """Random points by the crossing grid alone; points on edges and vertices are left to the
    exact test and then go to the first region."""
    shape = Polygon([(0, 0), (3, 0), (3, 1), (1, 1), (1, 3), (0, 3)])
    regions = gpd.GeoDataFrame({"region": ["L", "B"]}, geometry=[shape, box(1, 1, 3, 3)])
    geoms = regions.geometry.to_numpy()
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-0.5, 3.5, 5000), rng.uniform(-0.5, 3.5, 5000)
    found, unsure = CrossingGrid(geoms).locate(x, y)
    truth = np.where(
        shapely.contains_xy(shape, x, y), 0, np.where(shapely.contains_xy(geoms[1], x, y), 1, -1)
    )
    assert not unsure.any() and found.tolist() == truth.tolist()
    assert np.bincount(found + 1).tolist() == [
        (truth == -1).sum(),
        (truth == 0).sum(),
        (truth == 1).sum(),
    ]
    border_x = np.array([1.0, 2.0, 1.0, 3.0, 3.0, 2.0, 0.5, 3.0])
    border_y = np.array([2.0, 1.0, 1.0, 3.0, 0.5, 3.0, 3.0, 2.0])
    found, unsure = CrossingGrid(geoms).locate(border_x, border_y)
    assert unsure.all()
    assert strtree_locator(regions)(border_x, border_y).tolist() == [0, 0, 0, 1, 0, 1, 0, 1]


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text("okved,staff,lat,lon\n62.01,3,0.5,0.5\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column 'activity_code_main'"):
        scan_firms(path, REGIONS)


def test_text_far_down_a_number_column_is_a_missing_count_not_an_error(tmp_path):
    """DuckDB guesses numbers from the first rows; a word at row 30,002 reruns the file as text."""
    path = tmp_path / "firms.csv"
    body = "62.01,3,0.5,0.5\n" * 30_000
    path.write_text(f"activity_code_main,employees_count,lat,lon\n{body}62.01,three,0.5,0.5\n")
    table, report = scan_firms(path, REGIONS)
    assert table.values.tolist() == [["W", "62.01", 90_000.0]]
    assert (report.rows_read, report.firms, report.no_employees) == (30_001, 30_001, 1)


def test_batches_read_ahead_arrive_in_order_with_the_sources_error_and_stop_early():
    assert list(firm_scan.ReadAhead(iter(range(50)), depth=2)) == list(range(50))

    def failing():
        yield 1
        raise InputError("error.firms.no_position")

    reader = firm_scan.ReadAhead(failing())
    assert next(reader) == 1
    with pytest.raises(InputError):
        next(reader)
    with pytest.raises(StopIteration):
        next(reader)

    closed = []

    def endless():
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.append(True)

    for taken in (2, 0):  # a reader that stops early, or never reads: the thread ends
        with firm_scan.ReadAhead(endless(), depth=3) as reader:
            assert [next(reader) for _ in range(taken)] == list(range(taken))
    assert closed == [True, True]
    assert not any(t.name == "atlas-read-ahead" for t in threading.enumerate())
