"""Link, zone, hot-spot, partner and flow layers: geometry, widths, escaping, offline export."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from layers.atlas_map import atlas_map
from layers.export import map_html
from layers.geojson import StyledGeoJson
from layers.links import (
    border_links,
    flow_curves,
    flow_lines,
    from_mercator,
    hotspot_fills,
    mercator,
    partner_lines,
    scaled_widths,
    zone_outlines,
)

HOSTILE = "<img src=x onerror=alert(1)>"
POINTS = pd.DataFrame({"region": ["A", "B", "C"], "lon": [0.5, 1.5, 2.5], "lat": [0.5] * 3})
REGIONS = gpd.GeoDataFrame(
    {"region": ["A", "B", "C"], "name": ["Avon", HOSTILE, "Cork"]},
    geometry=[box(i, 0, i + 1, 1) for i in range(3)],
    crs="EPSG:4326",
)
LABELS = {
    "employment": "Employment",
    "category": "Category",
    "zone": "Zone",
    "members": "Regions",
    "similarity": "Similarity",
    "shared": "Shared",
    "complementary": "Complementary",
    "value": "Value",
    "quadrant": "Quadrant",
    "local_i": "Local I",
    "p_value": "p",
    "HH": "High-high",
    "LL": "Low-low",
    "HL": "High-low",
    "LH": "Low-high",
    "ns": "Not significant",
}


def features(layer) -> list[dict]:
    (geojson,) = [c for c in layer._children.values() if isinstance(c, StyledGeoJson)]
    return json.loads(geojson.data)["features"]


def test_widths_grow_with_the_square_root_of_the_value():
    # values 0, 25, 100: √ ratios 0, 0.5, 1 -> 1.5 + 7.5·(0, 0.5, 1)
    assert scaled_widths(pd.Series([0, 25, 100])).tolist() == pytest.approx([1.5, 5.25, 9.0])


def test_border_links_join_representative_points_and_escape_names():
    links = pd.DataFrame(
        {
            "region_a": ["A", "B"],
            "region_b": ["B", "C"],
            "cluster": ["x", "x"],
            "weight": [100.0, 25.0],
        }
    )
    names = dict(zip(REGIONS["region"], REGIONS["name"], strict=True))
    drawn = features(border_links(links, POINTS, name="Links", labels=LABELS, names=names))
    assert [f["geometry"]["coordinates"] for f in drawn] == [
        [[0.5, 0.5], [1.5, 0.5]],
        [[1.5, 0.5], [2.5, 0.5]],
    ]
    assert [f["properties"]["style"]["weight"] for f in drawn] == [9.0, 5.25]
    tip = drawn[0]["properties"]["tip"]
    assert HOSTILE not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    assert "100" in tip


def test_zone_outlines_dissolve_the_zone():
    zones = pd.DataFrame({"zone": [1, 1], "cluster": ["x", "x"], "region": ["A", "B"]})
    summary = pd.DataFrame(
        {
            "zone": [1],
            "cluster": ["x"],
            "regions": [2],
            "employment": [150.0],
            "members": ["Avon; Bath"],
        }
    )
    drawn = features(zone_outlines(REGIONS, zones, name="Zones", labels=LABELS, summary=summary))
    assert len(drawn) == 1
    outline = shapely.geometry.shape(drawn[0]["geometry"])
    assert outline.equals(box(0, 0, 2, 1))  # the shared border between A and B is gone
    assert "Avon; Bath" in drawn[0]["properties"]["tip"]


def test_hotspot_fills_colour_significant_quadrants_only():
    hotspots = pd.DataFrame(
        {
            "region": ["A", "B"],
            "cluster": "x",
            "local_i": [1.2, -0.3],
            "p_value": [0.01, 0.4],
            "quadrant": ["HH", "ns"],
        }
    )
    drawn = features(hotspot_fills(REGIONS, hotspots, name="Hot spots", labels=LABELS))
    fills = [f["properties"]["style"]["fillColor"] for f in drawn]
    assert fills == ["#d7191c", "#f7f7f7", "#f7f7f7"]  # C has no statistic: drawn as ns
    assert "High-high" in drawn[0]["properties"]["tip"]


def test_partner_lines_start_at_the_chosen_region():
    partners = pd.DataFrame(
        {
            "region": ["A", "A"],
            "partner": ["C", "B"],
            "similarity": [1.0, 0.5],
            "shared": ["x", ""],
            "complementary": ["", "y; z"],
        }
    )
    drawn = features(partner_lines(partners, POINTS, name="Partners", labels=LABELS))
    assert [f["geometry"]["coordinates"][0] for f in drawn] == [[0.5, 0.5], [0.5, 0.5]]
    assert [f["properties"]["style"]["weight"] for f in drawn] == [7.0, 4.25]  # 1.5 + 5.5·s


def test_mercator_round_trip():
    lonlat = np.array([[10.0, 60.0], [-120.0, -33.5]])
    assert np.allclose(from_mercator(mercator(lonlat)), lonlat)


def test_flow_curve_bends_right_and_the_arrow_points_at_the_destination():
    ends = np.array([[[0.0, 0.0], [10.0, 0.0]]])  # due east along the equator
    lines, heads = flow_curves(ends)
    coords = shapely.get_coordinates(lines[0])
    assert coords[0] == pytest.approx([0, 0]) and coords[-1] == pytest.approx([10, 0], abs=1e-9)
    # travelling east, right is south: the middle of the curve lies below the equator,
    # at half the control point's offset: 0.18·10/2 = 0.9 (Mercator ≈ degrees near 0°)
    assert coords[len(coords) // 2][1] == pytest.approx(-0.9, abs=0.01)
    head = shapely.get_coordinates(heads[0])
    assert head[0] == pytest.approx([10, 0], abs=1e-9)
    assert (head[1:3, 0] < 10).all()  # the base lies behind the tip


def test_flow_lines_skip_self_flows_and_draw_a_head_per_flow():
    flows = pd.DataFrame(
        {
            "origin": ["A", "B", "C"],
            "destination": ["C", "B", "A"],
            "value": [10.0, 5.0, 40.0],
            "category": ["x", "y", ""],
        }
    )
    drawn = features(flow_lines(flows, POINTS, name="Flows", labels=LABELS))
    kinds = [f["geometry"]["type"] for f in drawn]
    assert kinds == ["LineString", "LineString", "Polygon", "Polygon"]
    # A→C and C→A bulge to opposite sides
    mid = [f["geometry"]["coordinates"][12][1] for f in drawn[:2]]
    assert mid[0] < 0.5 < mid[1]


def test_a_map_with_every_layer_exports_offline():
    links = pd.DataFrame({"region_a": ["A"], "region_b": ["B"], "cluster": ["x"], "weight": [1.0]})
    flows = pd.DataFrame({"origin": ["A"], "destination": ["C"], "value": [3.0]})
    layers = [
        border_links(links, POINTS, name="Links", labels=LABELS),
        flow_lines(flows, POINTS, name="Flows", labels=LABELS),
    ]
    html = map_html(atlas_map(REGIONS, layers))  # raises if any script or style is remote
    assert html.count("L.geoJSON(") == 2
