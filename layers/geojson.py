"""A Leaflet GeoJSON layer whose features carry their own style and pre-escaped tooltip."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import numpy as np
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


QUANTUM = 1e-4  # degrees: the grid `geo.web` rounds web geometry to (about 10 m)


def _quantised(coords: list, quantum: float) -> list:
    """A line or ring as integer steps on the grid: the first point absolute, flagged by a third
    value, then differences (repeated points and a ring's closing point dropped)."""
    grid = np.rint(np.asarray(coords, dtype=float)[:, :2] / quantum).astype(np.int64)
    if len(grid) > 3 and (grid[0] == grid[-1]).all():
        grid = grid[:-1]
    steps = np.diff(grid, axis=0)
    steps = steps[(steps != 0).any(axis=1)]
    return [[int(grid[0, 0]), int(grid[0, 1]), 0], *steps.tolist()]


def _quantise(geometry: dict | None, quantum: float) -> dict | None:
    if not geometry:
        return geometry
    kind, coords = geometry["type"], geometry.get("coordinates")
    if kind == "GeometryCollection":
        parts = [_quantise(g, quantum) for g in geometry["geometries"]]
        return {"type": kind, "geometries": parts}
    if kind == "Point":
        x, y = np.rint(np.asarray(coords[:2], dtype=float) / quantum).astype(int).tolist()
        return {"type": kind, "coordinates": [x, y, 0]}
    depth = {"MultiPoint": 0, "LineString": 0, "MultiLineString": 1, "Polygon": 1}.get(kind, 2)
    if kind == "MultiPoint":
        return {
            "type": kind,
            "coordinates": [
                _quantise({"type": "Point", "coordinates": c}, quantum)["coordinates"]
                for c in coords
            ],
        }

    def walk(value: list, level: int) -> list:
        return _quantised(value, quantum) if level == 0 else [walk(v, level - 1) for v in value]

    return {"type": kind, "coordinates": walk(coords, depth)}


def quantised_collection(collection: dict, quantum: float = QUANTUM) -> dict:
    """The collection with every coordinate as an integer step on a `quantum` grid (TopoJSON's
    quantisation and delta encoding, Bostock 2013, without shared arcs): a county's vertex
    takes about 7 characters instead of 20. `StyledGeoJson(quantum=...)` decodes it."""
    features = [
        {**feature, "geometry": _quantise(feature.get("geometry"), quantum)}
        for feature in collection["features"]
    ]
    return {**collection, "features": features}


TAG = re.compile(r"(<[^>]*>)")  # a tooltip's markup, shared by every region's tooltip
OPTIONS_TABLES = re.compile(r",\s*\{\s*atlas:\s*")
QUANTUM_ARGUMENT = re.compile(r"\}\)\(([0-9.e-]+)\)")


def compact_collection(collection: dict, quantum: float = QUANTUM) -> tuple[dict, dict]:
    """A collection for a big map: coordinates quantised, each style an index into `styles` and
    each tooltip a list of indices into `parts` (its tags and texts, which regions share).
    Returns the collection and the tables `{"styles": [...], "parts": [...]}`."""
    styles: dict[str, int] = {}
    parts: dict[str, int] = {}
    features = []
    for feature in quantised_collection(collection, quantum)["features"]:
        properties = dict(feature["properties"])
        if "style" in properties:
            key = json.dumps(properties["style"], sort_keys=True)
            properties["style"] = styles.setdefault(key, len(styles))
        if properties.get("tip"):
            pieces = [t for t in TAG.split(properties["tip"]) if t]
            properties["tip"] = [parts.setdefault(t, len(parts)) for t in pieces]
        features.append({**feature, "properties": properties})
    tables = {"styles": [json.loads(k) for k in styles], "parts": list(parts)}
    return {**collection, "features": features}, tables


def read_embedded(html: str) -> list[dict]:
    """Every StyledGeoJson collection of an exported page, decoded (plain GeoJSON, styles and
    tooltips spelt out, coordinates in degrees): what the browser draws, for checks."""
    decoder, found = json.JSONDecoder(), []
    for start in (m.end() for m in re.finditer(r"L\.geoJSON\(", html)):
        collection, end = decoder.raw_decode(html, start)
        tables = OPTIONS_TABLES.match(html, end)
        if tables:
            table, after = decoder.raw_decode(html, tables.end())
            quantum = float(QUANTUM_ARGUMENT.search(html, after).group(1))
            collection = _decoded(collection, table, quantum)
        found.append(collection)
    return found


def _decoded(collection: dict, tables: dict, quantum: float) -> dict:
    digits = int(np.ceil(-np.log10(quantum))) + 1

    def walk(value: list) -> list:
        if value and isinstance(value[0], int):  # a lone absolute point
            return np.round(np.asarray(value[:2]) * quantum, digits).tolist()
        if value and isinstance(value[0], list) and isinstance(value[0][0], int):
            grid = np.cumsum(np.asarray([c[:2] for c in value]), axis=0)
            return np.round(grid * quantum, digits).tolist()
        return [walk(v) for v in value]

    features = []
    for feature in collection["features"]:
        properties = dict(feature["properties"])
        if isinstance(properties.get("style"), int):
            properties["style"] = tables["styles"][properties["style"]]
        if isinstance(properties.get("tip"), list):
            properties["tip"] = "".join(tables["parts"][i] for i in properties["tip"])
        geometry = feature.get("geometry")
        if geometry and "coordinates" in geometry:
            geometry = {**geometry, "coordinates": walk(geometry["coordinates"])}
        features.append({**feature, "properties": properties, "geometry": geometry})
    return {**collection, "features": features}


class StyledGeoJson(MacroElement):
    """Regions drawn from a FeatureCollection whose properties hold `style`, `tip` and `region`.

    Tooltips are HTML built by the atlas from escaped strings; the layer never interpolates
    raw user data into markup. With `quantum` the collection travels compact
    (`compact_collection`) and is decoded as Leaflet reads it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            {% if this.quantum %}
            atlas: {{ this.tables }},
            coordsToLatLng: (function (q) {
                var x = 0, y = 0;  // grid steps; a third value marks an absolute first point
                return function (c) {
                    if (c.length > 2) { x = c[0]; y = c[1]; } else { x += c[0]; y += c[1]; }
                    return L.latLng(y * q, x * q);
                };
            })({{ this.quantum }}),
            {% else %}
            style: function (feature) { return feature.properties.style; },
            {% endif %}
            onEachFeature: function (feature, layer) {
                var tip = feature.properties.tip;
                {% if this.quantum %}
                var tables = this.atlas;  // Leaflet calls this as a method of the options
                layer.setStyle(tables.styles[feature.properties.style]);
                tip = tip && tip.map(function (i) { return tables.parts[i]; }).join("");
                {% endif %}
                if (tip) {
                    layer.bindTooltip(tip, {sticky: true});
                    {% if this.popups %}
                    layer.bindPopup(tip);
                    layer.on("popupopen", function () { layer.unbindTooltip(); });
                    layer.on("popupclose", function () {
                        layer.bindTooltip(tip, {sticky: true});
                    });
                    {% endif %}
                }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, collection: dict, *, popups: bool = False, quantum: float | None = None
    ) -> None:
        super().__init__()
        self._name = "StyledGeoJson"
        self.quantum = quantum
        self.tables = None
        if quantum:
            collection, tables = compact_collection(collection, quantum)
            self.tables = script_json(tables)
        self.data = script_json(collection)
        self.popups = popups


def styled_geojson(
    collection: dict,
    name: str,
    *,
    show: bool = True,
    popups: bool = False,
    quantum: float | None = None,
) -> folium.FeatureGroup:
    """A named layer-control entry holding one StyledGeoJson (tooltips; popups on click);
    with `quantum`, coordinates travel as grid steps (`quantised_collection`)."""
    group = folium.FeatureGroup(name=name, show=show)
    StyledGeoJson(collection, popups=popups, quantum=quantum).add_to(group)
    return group
