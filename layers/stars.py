"""Star markers: one to three stars at each region's representative point."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from layers.geojson import script_json

STAR_STYLE = (
    "font-size:13px;line-height:13px;color:#5a3d9a;white-space:nowrap;"
    "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;transform:translate(-50%,-50%)"
)


class StarGlyphs(MacroElement):
    """Non-interactive ★ glyphs at given points: one element, however many regions are starred."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.points }}.forEach(function (p) {
            L.marker([p[0], p[1]], {
                interactive: false,
                icon: L.divIcon({
                    className: "empty",
                    iconSize: [0, 0],
                    html: "<div class='atlas-stars' style='{{ this.style }}'>" + "★".repeat(p[2])
                        + "</div>"
                })
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, points: list[tuple[float, float, int]]) -> None:
        super().__init__()
        self._name = "StarGlyphs"
        self.points = script_json(points)
        self.style = STAR_STYLE


def star_markers(
    frame: gpd.GeoDataFrame, *, column: str = "stars", name: str = "Stars", show: bool = True
) -> folium.FeatureGroup:
    """A layer of ★ glyphs (count = `column`) placed inside each starred region that has a
    shape (a region without geometry keeps its stars in tables and tooltips only)."""
    geoms = frame.geometry.values
    drawn = shapely.is_geometry(geoms) & ~shapely.is_empty(geoms)
    starred = frame[drawn & (pd.to_numeric(frame[column], errors="coerce").fillna(0) > 0)]
    points = starred.geometry.representative_point()
    glyphs = [
        (round(point.y, 5), round(point.x, 5), int(count))
        for count, point in zip(starred[column], points, strict=True)
    ]
    group = folium.FeatureGroup(name=name, show=show)
    StarGlyphs(glyphs).add_to(group)
    return group
