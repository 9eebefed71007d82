"""The cluster map as the Cluster map and Export pages both build it from the user's choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import folium
import pandas as pd
import shapely
import streamlit as st

from econ.concentration import location_quotients
from layers.choropleth import format_number
from layers.cluster_map import (
    CHANGE_METRICS,
    DIGITS,
    WAGE_METRICS,
    class_labels,
    cluster_map,
    metric_classes,
    top_categories,
)
from layers.cluster_map import map_text as legend_text
from layers.static import static_map
from pages.common import (
    Atlas,
    chosen_period,
    cluster_dynamics,
    cluster_quotients,
    cluster_wage_table,
    language,
    shared_choice,
    stored_atlas,
    translator,
)

t = translator("map", "legend")
METRICS = {
    "lq": "lq",
    "stars": "stars",
    "employment": "employment",
    "share": "share_of_region",
    **{metric: metric for metric in (*CHANGE_METRICS, "stage", *WAGE_METRICS)},
}
BASEMAPS = ["none", "light", "osm"]
SCHEMES = ["lq_diverging", "quantiles", "natural_breaks", "equal_interval", "user_defined"]


@st.cache_data(show_spinner=False, max_entries=8)
def activity_quotients(_atlas, atlas_key: str) -> pd.DataFrame:
    """Employment and LQ per region × activity (cached per dataset)."""
    data = _atlas.data
    return location_quotients(
        data.employment,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )


def labelled(t, pattern: str, options: list[str]):
    """A format function with the labels fixed now, in the language of this run."""
    return {option: t(pattern.format(option)) for option in options}.get


def clicked_region(regions, clicked: dict | None) -> str | None:
    """The region under a clicked point, if the click fell inside one.

    Web maps draw regions across the antimeridian with longitudes beyond ±180, so the click is
    also tried with its longitude wrapped back into [-180, 180).
    """
    if not clicked or clicked.get("lat") is None:
        return None
    lng, lat = float(clicked["lng"]), float(clicked["lat"])
    points = shapely.points([lng, (lng + 180) % 360 - 180], [lat, lat])
    for point in points:
        hits = regions[regions.geometry.intersects(point)]
        if not hits.empty:
            return str(hits["region"].iloc[0])
    return None


def parse_breaks(text: str) -> tuple[float, ...] | None:
    """User breaks like `0.8 1.25 2` or `0,8 1,25 2`; None if any part is not a number."""
    try:
        return tuple(float(part.replace(",", ".")) for part in text.split())
    except ValueError:
        return None


@dataclass(frozen=True)
class MapChoice:
    """What the user picked: a category (or one of its activities), a metric and its classes."""

    category: str
    activity: str | None
    metric_key: str
    scheme: str
    k: int
    breaks: tuple[float, ...] | None
    basemap: str

    @property
    def metric(self) -> str:
        return METRICS[self.metric_key]


def choose_map(atlas: Atlas, lang: str) -> MapChoice:
    """The map controls; every choice is kept in the URL so a link reopens the same map."""
    names = atlas.data.cluster_names(lang)
    table = cluster_quotients(atlas, atlas.fingerprint)
    categories = sorted(table["cluster"].unique(), key=lambda c: names.get(c, c))
    left, middle, right = st.columns([3, 2, 2])
    with left:
        category = shared_choice(
            t("category"), categories, key="category", format_func=lambda c: names.get(c, c)
        )
    with middle:
        level = shared_choice(
            t("level"),
            ["cluster", "activity"],
            key="level",
            format_func=labelled(t, "level_{}", ["cluster", "activity"]),
            widget=st.radio,
            horizontal=True,
        )
    with right:
        basemap = shared_choice(
            t("basemap"), BASEMAPS, key="basemap", format_func=labelled(t, "{}", BASEMAPS)
        )
    activity = None
    metric_options = ["lq", "stars", "employment", "share"]
    if cluster_dynamics() is not None:
        metric_options += [*CHANGE_METRICS, "stage"]
    if cluster_wage_table(atlas) is not None:
        metric_options += list(WAGE_METRICS)
    if level == "activity":
        labels = activity_labels(atlas, category)
        activity = shared_choice(
            t("activity"),
            sorted(labels),
            key="activity",
            format_func=lambda a: f"{a} {labels[a]}" if labels[a] != a else a,
        )
        metric_options = ["lq", "employment", "share"]
    one, two, three = st.columns([2, 3, 2])
    with one:
        metric_key = shared_choice(
            t("metric"),
            metric_options,
            key="metric",
            format_func={m: t(METRICS[m]) for m in METRICS}.get,
        )
    scheme, k, breaks = metric_key, 5, None
    if metric_key not in ("stars", "stage"):
        schemes = SCHEMES if metric_key == "lq" else SCHEMES[1:]
        if metric_key in CHANGE_METRICS:
            schemes = ["zero_diverging", *SCHEMES[1:]]
        with two:
            scheme = shared_choice(
                t("scheme"),
                schemes,
                key="scheme",
                format_func=labelled(t, "{}", schemes),
                variant="" if metric_key == "lq" else schemes[0],  # lists of other schemes
            )
        with three:
            if scheme == "user_defined":
                default = {"lq": "0.8 1.25 2", "lq_change": "-0.1 0 0.1"}.get(metric_key, "")
                breaks = parse_breaks(st.text_input(t("breaks"), default, key="breaks"))
                if not breaks:
                    st.warning(t("bad_breaks"))
                    scheme = "quantiles"
            elif scheme not in ("lq_diverging", "zero_diverging"):
                k = st.slider(t("classes"), 3, 9, 5, key="k")
    return MapChoice(category, activity, metric_key, scheme, k, breaks, basemap)


def activity_labels(atlas: Atlas, category: str) -> dict[str, str]:
    """Activity code → name for the activities of one category."""
    activities = atlas.data.activities[atlas.data.activities["cluster"] == category]
    names = activities["name"] if "name" in activities else activities["activity"]
    return dict(zip(activities["activity"], names, strict=True))


def map_values(atlas: Atlas, choice: MapChoice, lang: str) -> tuple[pd.DataFrame, str]:
    """One row per region for the chosen category or activity (with its top categories),
    and the map's subject line."""
    names = atlas.data.cluster_names(lang)
    table = cluster_quotients(atlas, atlas.fingerprint)
    if choice.activity is None:
        values = table[table["cluster"] == choice.category]
        subject = names.get(choice.category, choice.category)
    else:
        quotients = activity_quotients(atlas, atlas.fingerprint)
        values = quotients[quotients["activity"] == choice.activity]
        label = activity_labels(atlas, choice.category).get(choice.activity, "")
        subject = f"{choice.activity} {label}".strip()
    if choice.activity is None and choice.metric in (*CHANGE_METRICS, "stage"):
        change = cluster_dynamics()
        columns = ["region", *CHANGE_METRICS, "stage", "dynamism_star"]
        part = change.loc[change["cluster"] == choice.category, columns]
        values = values.merge(part, on="region", how="left")
    if choice.activity is None and choice.metric in WAGE_METRICS:
        wages = cluster_wage_table(atlas)
        columns = ["region", *WAGE_METRICS, "wage_coverage", "productivity_star"]
        values = values.merge(
            wages.loc[wages["cluster"] == choice.category, columns], on="region", how="left"
        )
    top = top_categories(table, names)
    return values.merge(top, left_on="region", right_index=True, how="left"), subject


def map_text(atlas: Atlas, choice: MapChoice, subject: str) -> dict[str, str]:
    """Every label the map shows, in the interface language, with title and subtitle."""
    text = legend_text(language())
    metric = t(METRICS[choice.metric_key])
    categorical = choice.metric in ("stars", "stage")
    method = metric if categorical else f"{metric} · {t(choice.scheme)}"
    meta = atlas.data.meta
    when = meta.get("year") if stored_atlas().data.years else None
    period = chosen_period(stored_atlas().data.years)
    if choice.metric in (*CHANGE_METRICS, "stage") and period:
        when = t("period", base=period[0], year=period[1])
    parts = (meta.get("source"), when, method)
    text.update(title=subject, subtitle=" · ".join(str(p) for p in parts if p))
    return text


def build_map(atlas: Atlas, choice: MapChoice, lang: str) -> tuple[folium.Map, pd.DataFrame]:
    """The interactive map of `choice` and the values it shows.

    Built anew on every run: a map object that st_folium has already rendered draws no regions
    when rendered again in another session, so maps are not cached (the metrics under them are).
    """
    values, subject = map_values(atlas, choice, lang)
    m = cluster_map(
        atlas.regions,
        values,
        metric=choice.metric,
        scheme=choice.scheme,
        k=choice.k,
        breaks=choice.breaks,
        text=map_text(atlas, choice, subject),
        language=lang,
        basemap=choice.basemap,
        attribution=str(atlas.data.meta.get("source", "")),
    )
    return m, values


def png_maker(atlas: Atlas, choice: MapChoice, lang: str) -> Callable[[], bytes]:
    """The same map as a print PNG, drawn only when called (on download): labels and values
    are fixed now, while the script runs."""
    values, subject = map_values(atlas, choice, lang)
    text = map_text(atlas, choice, subject)
    classes = metric_classes(
        atlas.regions,
        values,
        metric=choice.metric,
        scheme=choice.scheme,
        k=choice.k,
        breaks=choice.breaks,
    )
    return partial(
        static_map,
        atlas.regions,
        values,
        metric=choice.metric,
        classes=classes,
        title=text["title"],
        subtitle=text["subtitle"],
        legend_title=text[choice.metric],
        format_value=partial(format_number, digits=DIGITS[choice.metric], language=lang),
        missing=text["missing"],
        unreliable=text["unreliable"],
        class_labels=class_labels(choice.metric, text),
        attribution=str(atlas.data.meta.get("source", "")),
        language=lang,
    )
