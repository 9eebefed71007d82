"""One place that assembles an atlas map: base map, layers, control, bounds."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from geo.web import view_bounds
from i18n.catalog import text
from i18n.formats import locale
from layers.assets import use_local_leaflet
from layers.geojson import script_json

BASEMAPS = {
    "none": None,
    "light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "© OpenStreetMap contributors © CARTO",
    ),
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors",
    ),
}
BACKGROUND = "#f4f1ea"


class Attribution(MacroElement):
    """Escaped text (source, date) appended to the map's attribution line."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = script_json(escape(text))


class OpeningView(MacroElement):
    """Fit the map to `bounds` at once (no zoom animation on opening), and fit again when its
    frame is resized (Streamlit sizes the frame after drawing) until the user first drags, zooms
    or clicks."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, bounds) {
            var touched = false;
            map.fitBounds(bounds, {padding: [12, 12], animate: false});
            ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (name) {
                map.getContainer().addEventListener(name, function () { touched = true; });
            });
            window.addEventListener("resize", function () {
                if (!touched) {
                    map.invalidateSize();
                    map.fitBounds(bounds, {padding: [12, 12], animate: false});
                }
            });
        })({{ this._parent.get_name() }}, {{ this.bounds }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        super().__init__()
        self._name = "OpeningView"
        west, south, east, north = bounds
        self.bounds = script_json([[south, west], [north, east]])


class ScaleBar(MacroElement):
    """Leaflet's scale bar with its units in the map's language: metres and kilometres (and
    miles in English), the distance grouped as the language groups digits (`1 000 км`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, units) {
            var scale = L.control.scale({imperial: units.imperial});
            scale._updateMetric = function (maxMeters) {
                var meters = this._getRoundNum(maxMeters);
                var km = meters >= 1000;
                var figure = (km ? meters / 1000 : meters).toLocaleString(units.locale);
                this._updateScale(
                    this._mScale, figure + "\u00a0" + (km ? units.km : units.m), meters / maxMeters
                );
            };
            scale.addTo(map);
        })({{ this._parent.get_name() }}, {{ this.units }});
        {% endmacro %}
        """
    )

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self._name = "ScaleBar"
        self.units = script_json(
            {
                "imperial": language == "en",
                "locale": locale(language).replace("_", "-"),
                "m": text(language, "map.scale_m"),
                "km": text(language, "map.scale_km"),
            }
        )


def atlas_map(
    regions: gpd.GeoDataFrame,
    layers: Iterable[folium.Element],
    *,
    basemap: str = "none",
    attribution: str = "",
    height: str | int = "100%",
    language: str = "en",
) -> folium.Map:
    """A Leaflet map opened on `regions` (`geo.web.view_bounds`), with the given layers, a
    scale bar in `language` and a layer control.

    `basemap` is "none" (plain background: works offline, the default for reports), "light"
    or "osm" (online tiles; where they fail the plain background shows).
    """
    m = folium.Map(tiles=None, height=height, zoom_snap=0.25)
    ScaleBar(language).add_to(m)
    use_local_leaflet(m)
    m.get_root().header.add_child(
        folium.Element(
            f"<style>.leaflet-container {{ background: {BACKGROUND}; }}"
            ".leaflet-tooltip { white-space: normal; width: max-content; max-width: 320px; }"
            ".leaflet-tooltip, .leaflet-popup-content { font-size: 12px; line-height: 1.35; }"
            ".leaflet-interactive:focus { outline: none; }"
            "</style>"
        )
    )
    tiles = BASEMAPS[basemap]
    if tiles is not None:
        folium.TileLayer(tiles=tiles[0], attr=tiles[1], name=basemap, control=False).add_to(m)
    for layer in layers:
        layer.add_to(m)
    if attribution:
        Attribution(attribution).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    OpeningView(view_bounds(regions)).add_to(m)
    return m
