"""The cluster map: one category's metric across regions, as a page or a report shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import folium
import geopandas as gpd
import pandas as pd

from layers.atlas_map import atlas_map
from layers.choropleth import cluster_choropleth, format_number, tooltip_html
from layers.classes import map_classes
from layers.legend import legend, title_box
from layers.stars import star_markers

METRICS = ("lq", "employment", "share_of_region", "stars")
DIGITS = {"lq": 2, "employment": 0, "share_of_region": 1, "stars": 0}

ENGLISH = {
    "title": "Cluster map",
    "subtitle": "",
    "lq": "Location quotient",
    "employment": "Employment",
    "share_of_region": "Share of regional employment, %",
    "stars": "Stars",
    "no_stars": "no star",
    "top": "Top categories",
    "missing": "No data",
    "unreliable": "Unreliable (small or suppressed)",
    "layer": "Cluster map",
    "star_layer": "Star markers",
    "made": "Made",
}


def top_categories(
    table: pd.DataFrame, names: Mapping[str, str] | None = None, n: int = 3
) -> pd.Series:
    """Each region's `n` categories with the highest LQ, as one line of text (region-indexed)."""
    ranked = table.dropna(subset=["lq"]).sort_values(["region", "lq"], ascending=[True, False])
    best = ranked.groupby("region", sort=False).head(n)
    labels = best["cluster"].map(lambda c: (names or {}).get(c, c))
    text = labels.groupby(best["region"], sort=False).agg(", ".join)
    return text.rename("top")


def region_tooltips(
    table: pd.DataFrame,
    *,
    text: Mapping[str, str],
    language: str = "en",
) -> pd.Series:
    """One escaped HTML tooltip per region: name, employment, LQ, stars, top categories."""
    no_stars = text.get("no_stars", "0")

    def one(row: dict) -> str:
        rows = {
            text["employment"]: format_number(row.get("employment"), language=language),
            text["lq"]: format_number(row.get("lq"), digits=2, language=language),
        }
        if pd.notna(row.get("stars")):
            rows[text["stars"]] = "★" * int(row["stars"]) or no_stars
        if isinstance(row.get("top"), str):
            rows[text["top"]] = row["top"]
        return tooltip_html(rows, str(row["name"]))

    columns = [c for c in ("name", "employment", "lq", "stars", "top") if c in table]
    records = table[columns].to_dict("records")
    return pd.Series([one(row) for row in records], index=table.index, dtype=object)


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
    show_stars: bool = True,
    extra_layers: tuple[folium.Element, ...] = (),
) -> folium.Map:
    """A choropleth of `metric` for one category, every region kept (missing ones grey).

    `values` has one row per region with `region, employment, lq, share_of_region` and
    optionally `reliable`, `stars` and `top` (the region's top categories as text). Star markers
    are drawn when `stars` is present and `show_stars` is set.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    table = regions.merge(values, on="region", how="left")
    classes = map_classes(regions, values, metric=metric, scheme=scheme, k=k, breaks=breaks)
    tips = region_tooltips(table, text=text, language=language)
    reliable = table.get("reliable")
    fill = cluster_choropleth(
        table, column=metric, classes=classes, tooltip=tips, name=text["layer"], reliable=reliable
    )
    layers: list[folium.Element] = [fill]
    if show_stars and "stars" in table and metric != "stars":
        layers.append(star_markers(table, name=text["star_layer"]))

    def fmt(value: float) -> str:
        return format_number(value, digits=DIGITS[metric], language=language)

    star_labels = [text.get("no_stars", "0"), "★", "★★", "★★★"] if metric == "stars" else None
    key = legend(
        classes,
        title=text[metric],
        format_value=fmt,
        missing=text["missing"],
        unreliable=text["unreliable"] if reliable is not None else None,
        class_labels=star_labels,
    )
    made = f"{text['made']} {dt.date.today().isoformat()}"
    credit = " · ".join(part for part in (attribution, made) if part)
    m = atlas_map(regions, [*layers, *extra_layers], basemap=basemap, attribution=credit)
    key.add_to(m)
    title_box(text["title"], text.get("subtitle", "")).add_to(m)
    return m
