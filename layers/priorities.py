"""Priorities map layers: where a junction is feasible, and one region's candidates."""

from __future__ import annotations

from html import escape

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from layers.choropleth import BORDER
from layers.geojson import feature_collection, styled_geojson

SCORE_COLORS = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
HIGHLIGHT = "#d7301f"


def score_color(score: pd.Series) -> list[str]:
    """Colour of each score in (0, 1]: five equal steps of a green ramp."""
    steps = np.clip(np.ceil(score.to_numpy(dtype="float64") * 5) - 1, 0, 4).astype(int)
    return [SCORE_COLORS[step] for step in steps]


def candidate_list_html(candidates: pd.DataFrame, *, title: str, top: int = 5) -> str:
    """Escaped HTML: a title and the region's first `top` candidates with their scores."""
    items = "".join(
        f"<li>{escape(str(row.explanation))} <b>({row.score:.2f})</b></li>"
        for row in candidates.head(top).itertuples()
    )
    return f"<b>{escape(title)}</b><ol style='margin:2px 0 0 16px;padding:0'>{items}</ol>"


def junction_regions(
    frame: gpd.GeoDataFrame,
    *,
    column: str = "score",
    tooltip: pd.Series,
    name: str,
    show: bool = True,
) -> folium.FeatureGroup:
    """Regions where the chosen junction is a candidate, filled by its `column` (score in 0–1).

    `frame` holds only those regions; `tooltip` one ready, escaped HTML string per row.
    """
    styles = [
        {"fillColor": fill, "color": BORDER, "weight": 0.8, "fillOpacity": 0.85}
        for fill in score_color(frame[column])
    ]
    drawn = gpd.GeoDataFrame(
        {"region": frame["region"], "style": styles, "tip": tooltip.reindex(frame.index)},
        geometry=frame.geometry,
    )
    return styled_geojson(feature_collection(drawn, ["region", "style", "tip"]), name, show=show)


def region_candidates(
    frame: gpd.GeoDataFrame,
    candidates: pd.DataFrame,
    *,
    title: str,
    name: str,
    show: bool = True,
) -> folium.FeatureGroup:
    """The chosen region outlined, its ranked candidates in the tooltip and a click popup.

    `frame` is the region's row; `candidates` its junction candidates, best first.
    """
    tip = candidate_list_html(candidates, title=title)
    style = {"fillColor": HIGHLIGHT, "fillOpacity": 0.08, "color": HIGHLIGHT, "weight": 3}
    drawn = gpd.GeoDataFrame(
        {"region": frame["region"], "style": [style] * len(frame), "tip": [tip] * len(frame)},
        geometry=frame.geometry,
    )
    return styled_geojson(
        feature_collection(drawn, ["region", "style", "tip"]), name, show=show, popups=True
    )
