"""The cluster map: one category's metric across regions, as a page or a report shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from econ.stages import STAGES
from i18n.catalog import section
from i18n.formats import date
from layers.atlas_map import atlas_map
from layers.choropleth import cluster_choropleth, format_number, tooltip_html
from layers.classes import Classes, classify, map_classes, palette
from layers.legend import legend, title_box
from layers.stars import star_markers

CHANGE_METRICS = ("job_creation", "growth", "lq_change")  # econ.dynamics.cluster_change
WAGE_METRICS = ("wage", "relative_wage")  # econ.wages.cluster_wages
METRICS = ("lq", "employment", "share_of_region", "stars", *CHANGE_METRICS, "stage", *WAGE_METRICS)
DIGITS = {
    "lq": 2,
    "employment": 0,
    "share_of_region": 1,
    "stars": 0,
    "job_creation": 0,
    "growth": 1,
    "lq_change": 2,
    "stage": 0,
    "wage": 0,
    "relative_wage": 2,
}
STAGE_COLORS = ("#7fbf7b", "#1b7837", "#f1a340", "#b2182b")  # emerging, growing, mature, declining


def map_text(language: str = "en") -> dict[str, str]:
    """Every label of a cluster map (legend, tooltips, layer names) in `language`, from the
    catalogue's `legend` section; the caller sets `title` and `subtitle`."""
    return {**section(language, "legend"), "subtitle": ""}


def top_categories(
    table: pd.DataFrame, names: Mapping[str, str] | None = None, n: int = 3
) -> pd.Series:
    """Each region's `n` categories with the highest LQ, as one line of text (region-indexed)."""
    ranked = table.dropna(subset=["lq"]).sort_values(["region", "lq"], ascending=[True, False])
    best = ranked.groupby("region", sort=False).head(n)
    labels = best["cluster"].map(lambda c: (names or {}).get(c, c))
    text = labels.groupby(best["region"], sort=False).agg(", ".join)
    return text.rename("top")


def shown_value(value: object, metric: str, text: Mapping[str, str], language: str) -> str:
    """A metric's value as a tooltip or panel shows it (growth in %, stages by name)."""
    if metric == "stage":
        return text.get(value, str(value)) if isinstance(value, str) else "—"
    if metric == "growth" and pd.notna(value):
        value = float(value) * 100
    return format_number(value, digits=DIGITS[metric], language=language)


def region_tooltips(
    table: pd.DataFrame,
    *,
    text: Mapping[str, str],
    language: str = "en",
    metric: str = "lq",
) -> pd.Series:
    """One escaped HTML tooltip per region: name, employment, LQ, the mapped metric when it is
    another, stars, top categories."""
    no_stars = text.get("no_stars", "0")
    extra = metric if metric in (*CHANGE_METRICS, "stage", *WAGE_METRICS) else None

    def one(row: dict) -> str:
        rows = {
            text["employment"]: format_number(row.get("employment"), language=language),
            text["lq"]: format_number(row.get("lq"), digits=2, language=language),
        }
        if extra:
            rows[text[extra]] = shown_value(row.get(extra), extra, text, language)
        if pd.notna(row.get("stars")):
            rows[text["stars"]] = "★" * int(row["stars"]) or no_stars
        if isinstance(row.get("top"), str):
            rows[text["top"]] = row["top"]
        return tooltip_html(rows, str(row["name"]))

    columns = [c for c in ("name", "employment", "lq", extra, "stars", "top") if c in table]
    records = table[columns].to_dict("records")
    return pd.Series([one(row) for row in records], index=table.index, dtype=object)


def zero_diverging(values: pd.Series, per_side: int = 3) -> Classes:
    """Classes split at zero: losses in blues, gains in reds, up to `per_side` quantile classes
    each, so that a map of change reads decline against growth at a glance."""
    y = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    present = ~np.isnan(y)
    yb = np.full(len(y), -1)
    if not present.any():
        return Classes(bins=(), colors=(), yb=yb, lower=0.0)
    data = y[present]
    inner = np.linspace(0, 1, per_side + 1)[1:-1]
    losses, gains = data[data < 0], data[data > 0]
    low = np.unique(np.quantile(losses, inner)) if losses.size else np.array([])
    high = np.unique(np.quantile(gains, inner)) if gains.size else np.array([])
    top = data.max()
    zero = [0.0] if (data <= 0).any() else []  # no empty loss class when every value gains
    bins = [*low[low < 0], *zero, *high[(high > 0) & (high < top)], *([top] if top > 0 else [])]
    below = sum(b <= 0 for b in bins)
    colors = (*palette("Blues_r", below), *palette("Reds", len(bins) - below))
    yb[present] = np.searchsorted(np.asarray(bins), data, side="left")
    return Classes(
        bins=tuple(float(b) for b in bins), colors=colors, yb=yb, lower=float(data.min())
    )


def stage_classes(values: pd.Series) -> Classes:
    """One class per life-cycle stage, in `econ.stages.STAGES` order; no stage is missing."""
    codes = values.map({stage: code for code, stage in enumerate(STAGES)})
    yb = codes.fillna(-1).to_numpy(dtype=int)
    return Classes(bins=(0.0, 1.0, 2.0, 3.0), colors=STAGE_COLORS, yb=yb, lower=0.0)


def metric_classes(
    regions: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    metric: str,
    scheme: str = "lq_diverging",
    k: int = 5,
    breaks: tuple[float, ...] | None = None,
) -> Classes:
    """The classes of any map metric: `layers.classes.map_classes` for the metrics of one
    year; stages one class each; change split at zero (`zero_diverging`) or classed by
    `scheme`; wages by `scheme`. Growth is classed in percent, as its legend reads."""
    if metric not in (*CHANGE_METRICS, "stage", *WAGE_METRICS):
        return map_classes(regions, values, metric=metric, scheme=scheme, k=k, breaks=breaks)
    table = regions.merge(values, on="region", how="left")
    if metric == "stage":
        return stage_classes(table["stage"])
    shown = table[metric] * 100 if metric == "growth" else table[metric]
    if metric in CHANGE_METRICS and scheme in ("zero_diverging", "lq_diverging"):
        return zero_diverging(shown)
    if scheme in ("zero_diverging", "lq_diverging", "stars"):
        scheme = "quantiles"
    return classify(shown, scheme, k=k, breaks=breaks)


def class_labels(metric: str, text: Mapping[str, str]) -> list[str] | None:
    """Legend labels of the categorical metrics (stars, stages); None for classed numbers."""
    if metric == "stars":
        return [text.get("no_stars", "0"), "★", "★★", "★★★"]
    if metric == "stage":
        return [text.get(stage, stage) for stage in STAGES]
    return None


def cluster_map(
    regions: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    metric: str = "lq",
    scheme: str = "lq_diverging",
    k: int = 5,
    breaks: tuple[float, ...] | None = None,
    text: Mapping[str, str] | None = None,
    language: str = "en",
    basemap: str = "none",
    attribution: str = "",
    show_stars: bool = True,
    extra_layers: tuple[folium.Element, ...] = (),
) -> folium.Map:
    """A choropleth of `metric` for one category, every region kept (missing ones grey).

    `values` has one row per region with `region, employment, lq, share_of_region` and
    optionally `reliable`, `stars`, `top` (the region's top categories as text) and the change,
    stage and wage columns that `metric` names. Star markers are drawn when `stars` is present
    and `show_stars` is set.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    table = regions.merge(values, on="region", how="left")
    classes = metric_classes(regions, values, metric=metric, scheme=scheme, k=k, breaks=breaks)
    text = text or map_text(language)
    tips = region_tooltips(table, text=text, language=language, metric=metric)
    reliable = table.get("reliable")
    fill = cluster_choropleth(
        table, column=metric, classes=classes, tooltip=tips, name=text["layer"], reliable=reliable
    )
    layers: list[folium.Element] = [fill]
    if show_stars and "stars" in table and metric != "stars":
        layers.append(star_markers(table, name=text["star_layer"]))

    def fmt(value: float) -> str:
        return format_number(value, digits=DIGITS[metric], language=language)

    key = legend(
        classes,
        title=text[metric],
        format_value=fmt,
        missing=text["missing"],
        unreliable=text["unreliable"] if reliable is not None else None,
        class_labels=class_labels(metric, text),
    )
    made = f"{text['made']} {date(dt.date.today(), language)}"
    credit = " · ".join(part for part in (attribution, made) if part)
    m = atlas_map(
        regions,
        [*layers, *extra_layers],
        basemap=basemap,
        attribution=credit,
        language=language,
    )
    key.add_to(m)
    title_box(text["title"], text.get("subtitle", "")).add_to(m)
    return m
