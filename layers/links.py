"""Map layers of links between regions: border links, zones, hot spots, partners and flows.

Every layer is one StyledGeoJson (plain Leaflet vectors, no plugin): lines between the regions'
representative points (`region, lon, lat`, see `geo.adjacency.representative_points`), each
feature carrying its style and an escaped HTML tooltip. Label strings arrive translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.choropleth import format_number, tooltip_html
from layers.geojson import feature_collection, styled_geojson
from layers.legend import BOX, HtmlControl, swatch

LINK_COLOR = "#b2182b"
PARTNER_COLOR = "#6a3d9a"
FLOW_COLOR = "#1b7837"
ZONE_COLORS = (
    "#e41a1c",
    "#377eb8",
    "#4daf4a",
    "#984ea3",
    "#ff7f00",
    "#a65628",
    "#f781bf",
    "#999999",
    "#66c2a5",
    "#8da0cb",
)
QUADRANT_COLORS = {"HH": "#d7191c", "HL": "#fdae61", "LH": "#abd9e9", "LL": "#2c7bb6"}
NS_COLOR = "#f7f7f7"
CURVE_POINTS = 25
BEND = 0.18  # a flow's sideways bulge, as a share of its length
HEAD = 0.06  # arrowhead length, as a share of its flow's length (capped)


def scaled_widths(values: pd.Series, *, thinnest: float = 1.5, thickest: float = 9.0) -> np.ndarray:
    """Line widths in pixels with area-true scaling: proportional to the square root of value."""
    numbers = pd.to_numeric(values, errors="coerce").fillna(0).clip(lower=0).to_numpy(float)
    top = np.sqrt(numbers.max()) if len(numbers) and numbers.max() > 0 else 1.0
    return thinnest + (thickest - thinnest) * np.sqrt(numbers) / top


def _ends(frame: pd.DataFrame, points: pd.DataFrame, a: str, b: str) -> np.ndarray:
    """(n, 2, 2) array of [lon, lat] start and end points of each row's `a` -> `b` link."""
    where = points.set_index("region")[["lon", "lat"]]
    start = where.reindex(frame[a].astype(str)).to_numpy(float)
    end = where.reindex(frame[b].astype(str)).to_numpy(float)
    return np.stack([start, end], axis=1)


def _lines_layer(
    geometry: np.ndarray, styles: list[dict], tips: list[str], name: str, show: bool
) -> folium.FeatureGroup:
    drawn = gpd.GeoDataFrame(
        {"style": styles, "tip": tips}, geometry=list(geometry), crs="EPSG:4326"
    )
    return styled_geojson(feature_collection(drawn, ["style", "tip"]), name, show=show)


def border_links(
    links: pd.DataFrame,
    points: pd.DataFrame,
    *,
    name: str,
    labels: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    cluster_names: Mapping[str, str] | None = None,
    language: str = "en",
    show: bool = True,
) -> folium.FeatureGroup:
    """Straight lines between linked neighbours, width by the smaller region's employment.

    `links` is `econ.links.border_links` output; `labels` holds `employment` and `category`.
    """
    names, cluster_names = names or {}, cluster_names or {}
    ends = _ends(links, points, "region_a", "region_b")
    known = np.isfinite(ends).all(axis=(1, 2))
    links, ends = links[known], ends[known]
    widths = scaled_widths(links["weight"])
    styles = [
        {"color": LINK_COLOR, "weight": round(w, 2), "opacity": 0.85, "lineCap": "round"}
        for w in widths
    ]
    tips = [
        tooltip_html(
            {
                labels["category"]: cluster_names.get(c, c),
                labels["employment"]: format_number(w, language=language),
            },
            f"{names.get(a, a)} — {names.get(b, b)}",
        )
        for a, b, c, w in links[["region_a", "region_b", "cluster", "weight"]].to_numpy()
    ]
    return _lines_layer(shapely.linestrings(ends), styles, tips, name, show)


def zone_outlines(
    regions: gpd.GeoDataFrame,
    zones: pd.DataFrame,
    *,
    name: str,
    labels: Mapping[str, str],
    summary: pd.DataFrame | None = None,
    cluster_names: Mapping[str, str] | None = None,
    language: str = "en",
    show: bool = True,
) -> folium.FeatureGroup:
    """Each zone's regions dissolved into one outline, coloured by zone.

    `zones` is `econ.links.cluster_zones` output, `summary` its `zone_summary` (for tooltips);
    `labels` holds `zone`, `category`, `members` and `employment`.
    """
    cluster_names = cluster_names or {}
    shapes = regions[["region", "geometry"]].merge(zones, on="region")
    if shapes.empty:
        return styled_geojson(
            feature_collection(shapes.assign(style=[], tip=[]), ["style", "tip"]), name, show=show
        )
    dissolved = shapes.dissolve(by=["zone", "cluster"], as_index=False)
    if summary is not None:
        dissolved = dissolved.merge(summary, on=["zone", "cluster"], how="left")
    colors = [ZONE_COLORS[(zone - 1) % len(ZONE_COLORS)] for zone in dissolved["zone"]]
    styles = [
        {"color": c, "weight": 2.5, "fill": True, "fillColor": c, "fillOpacity": 0.12}
        for c in colors
    ]

    def tip(row: pd.Series) -> str:
        rows = {labels["category"]: cluster_names.get(row["cluster"], row["cluster"])}
        if "members" in row:
            rows[labels["members"]] = str(row["members"])
            rows[labels["employment"]] = format_number(row["employment"], language=language)
        return tooltip_html(rows, f"{labels['zone']} {row['zone']}")

    return _lines_layer(
        dissolved.geometry.to_numpy(), styles, dissolved.apply(tip, axis=1).tolist(), name, show
    )


def hotspot_fills(
    regions: gpd.GeoDataFrame,
    hotspots: pd.DataFrame,
    *,
    name: str,
    labels: Mapping[str, str],
    language: str = "en",
    show: bool = True,
) -> folium.FeatureGroup:
    """Regions filled by their Local Moran quadrant (HH, HL, LH, LL; `ns` nearly blank).

    `hotspots` is one category of `geo.hotspots.local_moran`; `labels` holds each quadrant's
    name (`HH` … `ns`), `local_i` and `p_value`.
    """
    table = regions[["region", "name", "geometry"]].merge(hotspots, on="region", how="left")
    quadrant = table["quadrant"].fillna("ns")
    styles = [
        {
            "fillColor": QUADRANT_COLORS.get(q, NS_COLOR),
            "color": "#666666",
            "weight": 0.5,
            "fillOpacity": 0.8 if q in QUADRANT_COLORS else 0.25,
        }
        for q in quadrant
    ]
    tips = [
        tooltip_html(
            {
                labels["quadrant"]: labels[q],
                labels["local_i"]: format_number(i, digits=2, language=language),
                labels["p_value"]: format_number(p, digits=3, language=language),
            },
            str(n),
        )
        for n, q, i, p in zip(
            table["name"], quadrant, table["local_i"], table["p_value"], strict=True
        )
    ]
    return _lines_layer(table.geometry.to_numpy(), styles, tips, name, show)


def hotspot_legend(labels: Mapping[str, str], title: str) -> HtmlControl:
    """Legend of the hot-spot quadrants."""
    rows = [swatch(QUADRANT_COLORS[q], labels[q]) for q in ("HH", "HL", "LH", "LL")]
    rows.append(swatch(NS_COLOR, labels["ns"]))
    html = f"<div class='atlas-legend' style='{BOX}'><b>{escape(title)}</b>{''.join(rows)}</div>"
    return HtmlControl(html, position="bottomright", css_class="atlas-legend-control")


def partner_lines(
    partners: pd.DataFrame,
    points: pd.DataFrame,
    *,
    name: str,
    labels: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    language: str = "en",
    show: bool = True,
) -> folium.FeatureGroup:
    """Dashed lines from the chosen region to each partner, width by similarity.

    `partners` is `econ.links.partner_regions` output for one region; `labels` holds
    `similarity`, `shared` and `complementary`.
    """
    names = names or {}
    ends = _ends(partners, points, "region", "partner")
    known = np.isfinite(ends).all(axis=(1, 2))
    partners, ends = partners[known], ends[known]
    similarity = partners["similarity"].clip(lower=0)
    widths = 1.5 + 5.5 * similarity.to_numpy(float)
    styles = [
        {"color": PARTNER_COLOR, "weight": round(w, 2), "opacity": 0.8, "dashArray": "6 5"}
        for w in widths
    ]
    tips = [
        tooltip_html(
            {
                labels["similarity"]: format_number(s, digits=3, language=language),
                labels["shared"]: sh or "—",
                labels["complementary"]: co or "—",
            },
            f"{names.get(a, a)} → {names.get(b, b)}",
        )
        for a, b, s, sh, co in partners[
            ["region", "partner", "similarity", "shared", "complementary"]
        ].to_numpy()
    ]
    return _lines_layer(shapely.linestrings(ends), styles, tips, name, show)


def mercator(lonlat: np.ndarray) -> np.ndarray:
    """Longitude/latitude to Web Mercator, in degree-like units (as the map draws them)."""
    lat = np.radians(np.clip(lonlat[..., 1], -85.0, 85.0))
    y = np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))
    return np.stack([lonlat[..., 0], y], axis=-1)


def from_mercator(xy: np.ndarray) -> np.ndarray:
    """Inverse of `mercator`."""
    lat = np.degrees(2 * np.arctan(np.exp(np.radians(xy[..., 1]))) - np.pi / 2)
    return np.stack([xy[..., 0], lat], axis=-1)


def flow_curves(ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Curved flow lines and their arrowheads for (n, 2, 2) lon/lat start/end points.

    A quadratic Bézier bulging to the right of the direction of travel, so that flows A→B and
    B→A draw as two separate arcs; the arrowhead is a triangle at the destination pointing along
    the curve's final tangent. Built in Web Mercator so shapes look right on the map. Returns
    (lines, heads) as shapely arrays in lon/lat.
    """
    ends = mercator(ends)
    start, end = ends[:, 0], ends[:, 1]
    along = end - start
    length = np.hypot(along[:, 0], along[:, 1])[:, None]
    right = np.stack([along[:, 1], -along[:, 0]], axis=1)
    control = (start + end) / 2 + BEND * right
    t = np.linspace(0.0, 1.0, CURVE_POINTS)[None, :, None]
    curve = (1 - t) ** 2 * start[:, None] + 2 * (1 - t) * t * control[:, None] + t**2 * end[:, None]
    tangent = end - control
    unit = tangent / np.hypot(tangent[:, 0], tangent[:, 1])[:, None]
    size = np.minimum(HEAD * length, 1.2)
    base = end - unit * size
    side = np.stack([-unit[:, 1], unit[:, 0]], axis=1) * size * 0.5
    heads = np.stack([end, base + side, base - side, end], axis=1)
    return shapely.linestrings(from_mercator(curve)), shapely.polygons(from_mercator(heads))


def flow_lines(
    flows: pd.DataFrame,
    points: pd.DataFrame,
    *,
    name: str,
    labels: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    language: str = "en",
    show: bool = True,
) -> folium.FeatureGroup:
    """User flows as curved lines with arrowheads, width by value (square-root scaled).

    `flows` is `econ.links.check_flows` output (`origin, destination, value[, category]`);
    flows from a region to itself have no line and are left out. `labels` holds `value` and
    `category`.
    """
    names = names or {}
    flows = flows[flows["origin"] != flows["destination"]]
    ends = _ends(flows, points, "origin", "destination")
    known = np.isfinite(ends).all(axis=(1, 2))
    flows, ends = flows[known], ends[known]
    lines, heads = flow_curves(ends)
    widths = scaled_widths(flows["value"], thinnest=1.0, thickest=8.0)
    categories = flows["category"] if "category" in flows else pd.Series("", index=flows.index)
    tips = []
    for origin, destination, value, category in zip(
        flows["origin"], flows["destination"], flows["value"], categories, strict=True
    ):
        rows = {labels["value"]: format_number(value, digits=0, language=language)}
        if isinstance(category, str) and category:
            rows[labels["category"]] = category
        tips.append(
            tooltip_html(
                rows, f"{names.get(origin, origin)} → {names.get(destination, destination)}"
            )
        )
    line_styles = [{"color": FLOW_COLOR, "weight": round(w, 2), "opacity": 0.75} for w in widths]
    head_styles = [
        {
            "color": FLOW_COLOR,
            "weight": 1,
            "fill": True,
            "fillColor": FLOW_COLOR,
            "fillOpacity": 0.9,
        }
        for _ in widths
    ]
    return _lines_layer(np.r_[lines, heads], line_styles + head_styles, tips + tips, name, show)
