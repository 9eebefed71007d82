"""Star markers: one to three stars at each region's representative point."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

STAR_STYLE = (
    "font-size:13px;line-height:13px;color:#5a3d9a;white-space:nowrap;"
    "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;transform:translate(-50%,-50%)"
)


def star_markers(
    frame: gpd.GeoDataFrame, *, column: str = "stars", name: str = "Stars", show: bool = True
) -> folium.FeatureGroup:
    """A layer of ★ glyphs (count = `column`) placed inside each starred region."""
    group = folium.FeatureGroup(name=name, show=show)
    starred = frame[pd.to_numeric(frame[column], errors="coerce").fillna(0) > 0]
    points = starred.geometry.representative_point()
    for count, point in zip(starred[column].astype(int), points, strict=True):
        folium.Marker(
            location=(point.y, point.x),
            icon=folium.DivIcon(
                html=f"<div class='atlas-stars' style='{STAR_STYLE}'>{'★' * count}</div>",
                icon_size=(0, 0),
            ),
            interactive=False,
        ).add_to(group)
    return group
