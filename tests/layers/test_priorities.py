"""Priorities map layers: colours by score, one feature per region, user text escaped."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from layers.priorities import SCORE_COLORS, junction_regions, region_candidates, score_color

REGIONS = gpd.GeoDataFrame(
    {"region": ["01", "02", "03"], "name": ["A", "B", "C"]},
    geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
    crs="EPSG:4326",
)


def rendered(group: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    group.add_to(m)
    return m.get_root().render()


def test_score_colours_in_five_equal_steps():
    # ceil(score·5) − 1: 0.1 -> 0, 0.2 -> 0, 0.55 -> 2, 0.8 -> 3, 1.0 -> 4
    colours = score_color(pd.Series([0.1, 0.2, 0.55, 0.8, 1.0]))
    assert colours == [SCORE_COLORS[i] for i in (0, 0, 2, 3, 4)]


def test_junction_regions_draws_the_feasible_regions():
    feasible = REGIONS.iloc[[0, 2]].assign(score=[0.9, 0.3])
    tips = pd.Series(["<b>A</b>", "<b>C</b>"], index=feasible.index)
    group = junction_regions(feasible, tooltip=tips, name="Where feasible")
    html = rendered(group)
    assert html.count('"region":') == 2
    assert SCORE_COLORS[4] in html and SCORE_COLORS[1] in html


def test_region_candidates_escapes_user_text():
    candidates = pd.DataFrame(
        {"explanation": ["<script>alert(1)</script> and Y", "X and Z"], "score": [0.8, 0.5]}
    )
    group = region_candidates(REGIONS.iloc[[1]], candidates, title="B <i>", name="Candidates")
    html = rendered(group)
    # inside the map's <script> JSON, < > & are written \u003c \u003e \u0026
    assert "<script>alert(1)" not in html
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html
    assert "B \\u0026lt;i\\u0026gt;" in html
    assert "(0.80)" in html and "(0.50)" in html
