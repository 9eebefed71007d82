"""A Leaflet GeoJSON layer whose features carry their own style and pre-escaped tooltip."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no `</script>` or `<!--` break-outs)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def feature_collection(frame: gpd.GeoDataFrame, properties: list[str]) -> dict:
    """A GeoJSON FeatureCollection of `frame`'s geometry with only the named properties."""
    collection = frame[[*properties, "geometry"]].__geo_interface__
    for feature in collection["features"]:
        feature.pop("id", None)
        feature.pop("bbox", None)
    return collection


class StyledGeoJson(MacroElement):
    """Regions drawn from a FeatureCollection whose properties hold `style`, `tip` and `region`.

    Tooltips are HTML built by the atlas from escaped strings; the layer never interpolates
    raw user data into markup.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, layer) {
                if (feature.properties.tip) {
                    layer.bindTooltip(feature.properties.tip, {sticky: true});
                    {% if this.popups %}
                    layer.bindPopup(feature.properties.tip);
                    layer.on("popupopen", function () { layer.unbindTooltip(); });
                    layer.on("popupclose", function () {
                        layer.bindTooltip(feature.properties.tip, {sticky: true});
                    });
                    {% endif %}
                }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, collection: dict, *, popups: bool = False) -> None:
        super().__init__()
        self._name = "StyledGeoJson"
        self.data = script_json(collection)
        self.popups = popups


def styled_geojson(
    collection: dict, name: str, *, show: bool = True, popups: bool = False
) -> folium.FeatureGroup:
    """A named layer-control entry holding one StyledGeoJson (tooltips; popups on click)."""
    group = folium.FeatureGroup(name=name, show=show)
    StyledGeoJson(collection, popups=popups).add_to(group)
    return group
