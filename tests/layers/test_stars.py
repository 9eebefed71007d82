"""Star markers sit inside starred regions; regions without a shape are skipped, not fatal."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
from shapely.geometry import Polygon, box

from layers.stars import StarGlyphs, star_markers


def test_one_glyph_per_starred_region_with_a_shape():
    frame = gpd.GeoDataFrame(
        {"region": ["a", "b", "c", "d", "e"], "stars": [2, 0, 3, 1, 3]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), Polygon(), None, box(10, 20, 12, 22)],
        crs=4326,
    )
    layer = star_markers(frame, name="Stars")
    (glyphs,) = [c for c in layer._children.values() if isinstance(c, StarGlyphs)]
    # b has no star; c is empty and d has no geometry; points are (lat, lon, stars)
    assert json.loads(glyphs.points) == [[0.5, 0.5, 2], [21.0, 11.0, 3]]
    html = folium.Map().add_child(layer).get_root().render()
    assert html.count("L.marker(") == 1  # one loop draws every glyph
    assert '"★".repeat(p[2])' in html
