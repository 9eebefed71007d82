"""Choropleth of one metric for one cluster category or activity."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import folium
import geopandas as gpd
import pandas as pd

from i18n.formats import number
from layers.classes import Classes
from layers.geojson import QUANTUM, feature_collection, styled_geojson

BORDER = "#555555"
UNRELIABLE_STYLE = {"color": "#444444", "weight": 1.0, "dashArray": "4 3", "fillOpacity": 0.4}


def format_number(value: float, *, digits: int = 0, language: str = "en") -> str:
    """A number as the language writes it (`i18n.formats`): `1,234.5` / `1 234,5`."""
    return number(value, language, digits)


def tooltip_html(rows: Mapping[str, str], title: str) -> str:
    """A small table: escaped title, then escaped label/value rows."""
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{escape(k)}</th>"
        f"<td>{escape(v)}</td></tr>"
        for k, v in rows.items()
    )
    return f"<b>{escape(title)}</b><table>{body}</table>"


def cluster_choropleth(
    frame: gpd.GeoDataFrame,
    *,
    column: str,
    classes: Classes,
    tooltip: pd.Series,
    name: str,
    reliable: pd.Series | None = None,
    show: bool = True,
) -> folium.FeatureGroup:
    """Regions filled by the class of `column`; missing grey; unreliable pale with a dashed edge.

    `tooltip` holds one ready HTML tooltip per row of `frame` (see `tooltip_html`).
    """
    fills = pd.Series(classes.color_of(), index=frame.index)
    weak = pd.Series(False, index=frame.index)
    if reliable is not None:
        weak = reliable.reindex(frame.index).eq(False) & frame[column].notna()
    styles = [
        {"fillColor": fill, "color": BORDER, "weight": 0.6, "fillOpacity": 0.85}
        if not dash
        else {**UNRELIABLE_STYLE, "fillColor": fill}
        for fill, dash in zip(fills, weak, strict=True)
    ]
    drawn = gpd.GeoDataFrame(
        {"region": frame["region"], "style": styles, "tip": tooltip.reindex(frame.index)},
        geometry=frame.geometry,
    )
    collection = feature_collection(drawn, ["region", "style", "tip"])
    return styled_geojson(collection, name, show=show, popups=True, quantum=QUANTUM)
