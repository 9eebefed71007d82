"""Geometry for the web: antimeridian regions in one piece, counties simplified as a coverage."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, box

from geo.boundaries import demo_regions
from geo.web import for_web, unwrap_antimeridian, view_bounds

COUNTIES = Path(__file__).resolve().parents[2] / "data" / "us-atlas" / "counties-10m.json"
NOT_LOWER_48 = ("02", "15", "60", "66", "69", "72", "78")
EQUAL_AREA = "EPSG:5070"  # CONUS Albers


@pytest.fixture
def chukotka() -> gpd.GeoDataFrame:
    """A Chukotka-like region split at ±180°, its western neighbour, and a far-away region."""
    split = MultiPolygon([box(170, 62, 180, 70), box(-180, 64, -170, 68)])
    return gpd.GeoDataFrame(
        {"region": ["chukotka", "magadan", "moscow"]},
        geometry=[split, box(150, 60, 170, 66), box(35, 55, 40, 57)],
        crs="EPSG:4326",
    )


def test_region_across_the_antimeridian_comes_out_in_one_piece(chukotka):
    out = unwrap_antimeridian(chukotka)
    whole = out.geometry.iloc[0]
    assert whole.geom_type == "Polygon"  # the eastern part moved to 180..190 and joined
    minx, _, maxx, _ = whole.bounds
    assert (minx, maxx) == (170, 190)
    assert maxx - minx < 180
    assert whole.area == pytest.approx(10 * 8 + 10 * 4)  # planar area in degrees², unchanged


def test_regions_away_from_the_antimeridian_are_untouched(chukotka):
    out = unwrap_antimeridian(chukotka)
    for i in (1, 2):
        assert shapely.equals_exact(out.geometry.iloc[i], chukotka.geometry.iloc[i], 0)
    away = chukotka.iloc[1:]
    assert unwrap_antimeridian(away) is away  # nothing to unwrap: the same frame back


def test_for_web_keeps_the_antimeridian_region_whole(chukotka):
    out = for_web(chukotka)
    minx, _, maxx, _ = out.total_bounds
    assert maxx - minx < 180
    assert out.geometry.iloc[0].geom_type == "Polygon"
    assert shapely.area(out.geometry.iloc[0]) == pytest.approx(120, rel=0.01)


@pytest.fixture(scope="module")
def counties() -> gpd.GeoDataFrame:
    frame = gpd.read_file(COUNTIES, layer="counties").set_crs("EPSG:4326")
    assert len(frame) == 3231
    return frame


def lower_48_areas(frame: gpd.GeoDataFrame) -> tuple[float, float]:
    """(sum of region areas, area of their union) of the lower-48 counties, in km²."""
    lower = frame[~frame["id"].str[:2].isin(NOT_LOWER_48)].to_crs(EQUAL_AREA)
    geoms = lower.geometry.to_numpy()
    return float(shapely.area(geoms).sum() / 1e6), float(shapely.union_all(geoms).area / 1e6)


def test_simplified_counties_keep_their_area_and_shared_borders(counties):
    valid = counties.set_geometry(shapely.make_valid(counties.geometry.to_numpy()))
    web = for_web(counties)
    assert len(web) == 3231 and web["id"].tolist() == counties["id"].tolist()
    total_before, union_before = lower_48_areas(valid)
    total_after, union_after = lower_48_areas(web)
    # lower 48: 7.66 million km² of land, 8.08 with all water (Census); these cartographic
    # boundaries keep inland water but clip the Great Lakes, so they fall in between
    assert 7.66e6 < union_before < 8.08e6
    assert abs(union_after - union_before) / union_before < 0.005
    # no overlaps or gaps between neighbours: the parts add up to the whole
    assert abs(total_after - union_after) / union_after < 0.005
    assert web.geometry.is_valid.all()


def test_simplified_counties_are_much_lighter(counties):
    before = shapely.get_num_coordinates(counties.geometry.to_numpy()).sum()
    after = shapely.get_num_coordinates(for_web(counties).geometry.to_numpy()).sum()
    assert after < before * 0.75


def grid(n: int, size: float = 1.0) -> gpd.GeoDataFrame:
    cells = [
        box(i * size, j * size, (i + 1) * size, (j + 1) * size) for i in range(n) for j in range(n)
    ]
    return gpd.GeoDataFrame({"region": [str(k) for k in range(n * n)]}, geometry=cells, crs=4326)


def test_us_map_opens_on_the_lower_48():
    # Cape Alava, Ballast Key, West Quoddy Head and the Northwest Angle bound the lower 48.
    west, south, east, north = view_bounds(for_web(demo_regions()))
    assert west == pytest.approx(-124.73, abs=0.01)
    assert south == pytest.approx(24.52, abs=0.01)
    assert east == pytest.approx(-66.98, abs=0.01)
    assert north == pytest.approx(49.38, abs=0.01)


def test_a_compact_region_set_opens_whole():
    assert view_bounds(grid(3)) == (0.0, 0.0, 3.0, 3.0)


def test_a_far_region_with_much_of_the_area_stays_in_view():
    far_and_large = gpd.GeoDataFrame({"region": ["east"]}, geometry=[box(40, 0, 60, 10)], crs=4326)
    regions = gpd.GeoDataFrame(pd.concat([grid(4), far_and_large]), crs=4326)
    assert view_bounds(regions) == (0.0, 0.0, 60.0, 10.0)


def test_a_far_small_island_is_left_out_of_the_opening_view():
    island = gpd.GeoDataFrame({"region": ["isle"]}, geometry=[box(40, 0, 40.1, 0.1)], crs=4326)
    regions = gpd.GeoDataFrame(pd.concat([grid(4), island]), crs=4326)
    assert view_bounds(regions) == (0.0, 0.0, 4.0, 4.0)
