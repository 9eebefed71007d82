"""The cluster map: one category's metric across regions, as a page or a report shows it."""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
import pandas as pd

from layers.atlas_map import atlas_map
from layers.choropleth import cluster_choropleth, format_number, tooltip_html
from layers.classes import classify
from layers.legend import legend, title_box

METRICS = ("lq", "employment", "share_of_region")
DIGITS = {"lq": 2, "employment": 0, "share_of_region": 3}

ENGLISH = {
    "title": "Cluster map",
    "subtitle": "",
    "lq": "Location quotient",
    "employment": "Employment",
    "share_of_region": "Share of regional employment",
    "stars": "Stars",
    "top": "Top categories",
    "missing": "No data",
    "unreliable": "Unreliable (small or suppressed)",
    "layer": "Cluster map",
}


def region_tooltips(
    table: pd.DataFrame,
    *,
    text: Mapping[str, str],
    language: str = "en",
) -> pd.Series:
    """One escaped HTML tooltip per region: name, employment, LQ, stars, top categories."""

    def one(row: pd.Series) -> str:
        rows = {
            text["employment"]: format_number(row.get("employment"), language=language),
            text["lq"]: format_number(row.get("lq"), digits=2, language=language),
        }
        if "stars" in row and pd.notna(row["stars"]):
            rows[text["stars"]] = "★" * int(row["stars"]) or "0"
        if "top" in row and isinstance(row["top"], str):
            rows[text["top"]] = row["top"]
        return tooltip_html(rows, str(row["name"]))

    return table.apply(one, axis=1) if len(table) else pd.Series(dtype=str)


def cluster_map(
    regions: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    metric: str = "lq",
    scheme: str = "lq_diverging",
    k: int = 5,
    breaks: tuple[float, ...] | None = None,
    text: Mapping[str, str] = ENGLISH,
    language: str = "en",
    basemap: str = "none",
    attribution: str = "",
    extra_layers: tuple[folium.Element, ...] = (),
) -> folium.Map:
    """A choropleth of `metric` for one category, every region kept (missing ones grey).

    `values` has one row per region with `region, employment, lq, share_of_region` and optionally
    `reliable`, `stars`, `top` (the region's top categories, already joined as text).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    table = regions.merge(values, on="region", how="left")
    if scheme == "lq_diverging" and metric != "lq":
        scheme = "quantiles"
    classes = classify(table[metric], scheme, k=k, breaks=breaks)
    tips = region_tooltips(table, text=text, language=language)
    reliable = table["reliable"] if "reliable" in table else None
    fill = cluster_choropleth(
        table, column=metric, classes=classes, tooltip=tips, name=text["layer"], reliable=reliable
    )

    def fmt(value: float) -> str:
        return format_number(value, digits=DIGITS[metric], language=language)

    key = legend(
        classes,
        title=text[metric],
        format_value=fmt,
        missing=text["missing"],
        unreliable=text["unreliable"] if reliable is not None else None,
    )
    m = atlas_map(regions, [fill, *extra_layers], basemap=basemap, attribution=attribution)
    key.add_to(m)
    title_box(text["title"], text.get("subtitle", "")).add_to(m)
    return m
