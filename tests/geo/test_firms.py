"""Firm records aggregated to regions by points in polygons, read in chunks."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from econ.errors import InputError
from geo.firms import aggregate_firms

REGIONS = gpd.GeoDataFrame(
    {"region": ["W", "E"], "name": ["West", "East"]},
    geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    crs="EPSG:4326",
)


def test_firms_sum_to_regions_across_chunks(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(
        "activity_code_main;employees_count;lat;lon;region_code\n"
        "62.01;10;0,5;0,5;1\n"  # West
        "62.01;5;0,2;0,7;1\n"  # West
        "10.11;;0,5;1,5;2\n"  # East, employees unknown
        "10.11;7;0,5;1,6;2\n"  # East
        "62.01;100;5;5;3\n"  # outside both
        "62.01;3;;;1\n",  # no coordinates
        encoding="cp1251",
    )
    table, report = aggregate_firms(path, REGIONS, chunk_rows=2)
    assert table.values.tolist() == [["E", "10.11", 7.0], ["W", "62.01", 15.0]]  # 10+5; 7
    assert (report.rows_read, report.firms, report.outside, report.no_coordinates) == (6, 4, 1, 1)
    assert report.outside_employees == 100 and report.no_employees == 1 and report.chunks == 3
    assert report.problems[["row", "problem"]].values.tolist() == [
        [6, "outside every region"],
        [7, "no coordinates"],
    ]


def test_wkt_points(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text('okved,staff,geom\n62,4,"POINT (0.5 0.5)"\n62,6,"POINT (1.5 0.5)"\n')
    table, _ = aggregate_firms(
        path, REGIONS, activity="okved", employees="staff", wkt="geom", lat=None, lon=None
    )
    assert table.values.tolist() == [["E", "62", 6.0], ["W", "62", 4.0]]


def test_missing_column_and_swapped_coordinates(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text("activity_code_main,employees_count,latitude,lon\n62,1,0.5,0.5\n")
    with pytest.raises(InputError, match=r"firms\.csv.*lat"):
        aggregate_firms(path, REGIONS)
    path.write_text("activity_code_main,employees_count,lat,lon\n62,1,50,0.5\n")
    with pytest.raises(InputError, match="no firm lies inside the regions"):
        aggregate_firms(path, REGIONS)


def test_the_three_firm_readers_share_their_russian_messages(tmp_path):
    from geo.firm_scan import scan_firms
    from geo.firms_dask import dask_firms

    path = tmp_path / "firms.csv"
    path.write_text("activity_code_main,employees_count,lat,lon\n62,1,50,0.5\n")
    for read in (aggregate_firms, scan_firms):
        with pytest.raises(InputError) as raised:
            read(path, REGIONS)
        assert raised.value.localised("ru") == (
            "firms.csv: ни одна фирма не попадает внутрь регионов; проверьте, не перепутаны ли "
            "lat и lon и покрывают ли границы территорию, где находятся фирмы"
        )
    for read in (aggregate_firms, scan_firms, dask_firms):
        with pytest.raises(InputError) as raised:
            read(path, REGIONS, lat=None)
        assert str(raised.value).endswith("give either the lat and lon columns or a WKT column")
        assert raised.value.localised("ru").endswith(
            "укажите либо столбцы lat и lon, либо столбец WKT"
        )


def test_a_missing_firm_column_is_named_in_russian(tmp_path):
    from geo.firm_scan import scan_firms

    path = tmp_path / "firms.csv"
    path.write_text("okved,staff,lat,lon\n62.01,3,0.5,0.5\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        scan_firms(path, REGIONS)
    assert raised.value.localised("ru") == (
        "firms.csv, столбец 'activity_code_main': в таблице фирм нет столбца "
        "'activity_code_main'; нужны столбцы activity_code_main, employees_count, lat, lon "
        "(найдены: okved, staff, lat, lon)"
    )
    with pytest.raises(InputError) as raised:
        aggregate_firms(path, REGIONS)
    assert raised.value.localised("ru").startswith(
        "firms.csv, столбец 'activity_code_main': не удаётся прочитать таблицу фирм ("
    )
    assert raised.value.localised("ru").endswith(
        "); нужны столбцы activity_code_main, employees_count, lat, lon"
    )
