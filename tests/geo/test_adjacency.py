"""Contiguity on hand-made grids and on the bundled US states; the islands' fallback."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from econ.errors import InputError
from geo.adjacency import neighbour_pairs, representative_points, spatial_weights
from geo.boundaries import demo_regions
from geo.web import for_web


def grid(n: int = 3, gap: float = 0.0) -> gpd.GeoDataFrame:
    """n×n unit squares named r<row>c<col>, row 0 at the bottom; `gap` shrinks each square."""
    cells = [
        (f"r{row}c{col}", shapely.box(col + gap, row + gap, col + 1 - gap, row + 1 - gap))
        for row in range(n)
        for col in range(n)
    ]
    ids, shapes = zip(*cells, strict=True)
    return gpd.GeoDataFrame({"region": ids}, geometry=list(shapes), crs="EPSG:4326")


@pytest.fixture(scope="module")
def states() -> gpd.GeoDataFrame:
    return demo_regions()


def test_grid_centre_has_eight_queen_and_four_rook_neighbours():
    queen = neighbour_pairs(grid(), contiguity="queen")
    rook = neighbour_pairs(grid(), contiguity="rook")
    assert len(queen.neighbours("r1c1")) == 8
    assert rook.neighbours("r1c1") == ["r0c1", "r1c0", "r1c2", "r2c1"]
    # pairs on a 3×3 grid: rook 2·3·2 = 12 edges; queen adds 2 diagonals per 2×2 block, 4 blocks
    assert len(rook.pairs) == 12
    assert len(queen.pairs) == 12 + 2 * 4
    assert set(queen.pairs["kind"]) == {"queen"}
    assert (queen.pairs["region_a"] < queen.pairs["region_b"]).all()
    assert queen.islands == () and queen.isolated == ()


def test_utah_has_six_queen_and_five_rook_neighbours(states):
    queen = neighbour_pairs(states, contiguity="queen").neighbours("49")
    rook = neighbour_pairs(states, contiguity="rook").neighbours("49")
    assert queen == ["04", "08", "16", "32", "35", "56"]  # AZ CO ID NV NM WY
    assert rook == ["04", "08", "16", "32", "56"]  # New Mexico only at the Four Corners


def test_four_corners_is_one_exactly_shared_point(states):
    # the us-atlas arcs are shared, so no snapping tolerance is needed: the states meet in a point
    shape = states.set_index("region").geometry
    meeting = shape["49"].intersection(shape["35"])
    assert meeting.geom_type == "Point"
    assert shape["04"].intersection(shape["08"]).equals(meeting)
    assert meeting.x == pytest.approx(-109.045, abs=1e-3)
    assert meeting.y == pytest.approx(36.999, abs=1e-3)


def test_web_ready_boundaries_keep_the_same_neighbours(states):
    raw = neighbour_pairs(states).pairs
    web = neighbour_pairs(for_web(states)).pairs
    assert raw.equals(web)
    assert (raw["kind"] == "queen").sum() == 109  # 218 directed queen links in the demo


def test_islands_are_reported_and_joined_to_their_nearest_region(states):
    adjacency = neighbour_pairs(states, fallback="knn", k=1)
    assert adjacency.islands == ("02", "15", "60", "66", "69", "72", "78")
    assert adjacency.isolated == ()
    fallback = adjacency.pairs[adjacency.pairs["kind"] == "knn"]
    assert {tuple(pair) for pair in fallback[["region_a", "region_b"]].to_numpy()} == {
        ("02", "53"),  # Alaska - Washington
        ("06", "15"),  # Hawaii - California
        ("15", "60"),  # American Samoa - Hawaii
        ("66", "69"),  # Guam - Northern Mariana Islands
        ("72", "78"),  # Puerto Rico - US Virgin Islands
    }
    untouched = neighbour_pairs(states, fallback="none")
    assert untouched.isolated == untouched.islands
    assert len(untouched.pairs) == 109


def test_distance_band_joins_everything_within_the_band():
    # three unit squares far apart on the equator: 0°, 1.5°, 5° of longitude (1° ≈ 111.2 km)
    shapes = [shapely.box(x, 0, x + 0.5, 0.5) for x in (0.0, 1.5, 5.0)]
    regions = gpd.GeoDataFrame({"region": ["a", "b", "c"]}, geometry=shapes, crs="EPSG:4326")
    near = neighbour_pairs(regions, fallback="distance", band_km=200)
    # a-b ≈ 1.5·111.2 = 167 km < 200; c is 3.5° (389 km) from b: joined to its nearest only
    assert near.pairs[["region_a", "region_b"]].values.tolist() == [["a", "b"], ["b", "c"]]
    assert set(near.pairs["kind"]) == {"distance"}
    with pytest.raises(InputError, match="band"):
        neighbour_pairs(regions, fallback="distance")


def test_snapping_joins_borders_digitised_apart():
    loose = grid(gap=1e-6)
    assert len(neighbour_pairs(loose, fallback="none").pairs) == 0
    assert len(neighbour_pairs(loose, fallback="none", snap=1e-3).pairs) == 20


def test_repeated_region_ids_are_rejected():
    regions = grid().assign(region=["x"] * 9)
    with pytest.raises(InputError, match="repeated: x"):
        neighbour_pairs(regions)


def test_spatial_weights_are_row_standardised_and_keep_isolates():
    adjacency = neighbour_pairs(grid(), contiguity="rook")
    graph = spatial_weights(adjacency.pairs, [*adjacency.regions, "alone"])
    assert graph.n == 10
    assert list(graph.isolates) == ["alone"]
    centre = graph.adjacency.loc["r1c1"]
    assert np.allclose(centre.to_numpy(), 0.25)  # four rook neighbours, 1/4 each
    assert graph.adjacency.loc["r0c0"].sum() == pytest.approx(1.0)


def test_representative_points_lie_inside_their_regions(states):
    points = representative_points(states)
    inside = shapely.contains_xy(states.geometry.values, points["lon"], points["lat"])
    assert inside.all() and len(points) == 56


def test_bad_adjacency_options_read_in_russian():
    with pytest.raises(InputError) as raised:
        neighbour_pairs(grid(), fallback="distance", band_km=0)
    assert str(raised.value) == "a distance-band fallback needs a band in km greater than 0"
    assert raised.value.localised("ru") == (
        "чтобы связывать регионы в пределах расстояния, укажите расстояние в км больше 0"
    )
    twice = grid(2).assign(region=["a", "b", "a", "b"])
    with pytest.raises(InputError) as raised:
        neighbour_pairs(twice)
    assert raised.value.localised("ru") == (
        "столбец 'region': идентификаторы регионов должны быть уникальными; повторяются: a, b"
    )
