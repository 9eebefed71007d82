"""Region profile page: one region's cluster portfolio, its starred categories and its indices."""

from __future__ import annotations

import io

import altair as alt
import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import streamlit as st

from econ.concentration import cluster_employment, cluster_reference
from econ.growth import growth
from econ.indices import REGION_INDEX_COLUMNS, region_indices
from econ.quality import quality_report
from econ.stages import STAGES
from layers.choropleth import format_number
from layers.dossier import dossier_html
from layers.report import file_stem
from pages.common import (
    Atlas,
    active_atlas,
    chosen_period,
    cluster_dynamics,
    cluster_quotients,
    cluster_wage_table,
    dossier_inputs,
    language,
    select_region,
    selected_region,
    show_chart,
    show_table,
    stored_atlas,
    translator,
)

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402  (after choosing the file-only backend)

STAR_COLOURS = ["#c6dbef", "#fdae6b", "#e6550d", "#a63603"]
STAGE_COLOURS = ["#7fbf7b", "#1b7837", "#f1a340", "#b2182b"]  # emerging, growing, mature, declining

t = translator("profile")
dossier_t = translator("profile_dossier")


@st.cache_data(show_spinner=False, max_entries=8)
def indices_of(_atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """`region_indices` of the active dataset (latest year), cached per dataset."""
    data = _atlas.data
    table = region_indices(data.employment, data.clusters, reference=data.reference)
    if "year" in table.columns:
        table = table[table["year"] == table["year"].max()]
    return table.set_index("region")[REGION_INDEX_COLUMNS[1:]]


@st.cache_data(show_spinner=False, max_entries=8)
def missing_by_region(_atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """Rows and missing cells per region (`econ.quality`), cached per dataset."""
    return quality_report(_atlas.data.employment).by_region.set_index("region")


@st.cache_data(show_spinner=False, max_entries=8)
def cluster_growth(_atlas: Atlas, atlas_key: str, start: object, end: object) -> pd.DataFrame:
    """Growth per region × cluster from `start` to `end`, cached per dataset and period."""
    data = _atlas.data
    reference = None if data.reference is None else cluster_reference(data.reference, data.clusters)
    return growth(
        cluster_employment(data.employment, data.clusters),
        unit="cluster",
        reference=reference,
        start=start,
        end=end,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def locator_png(_regions: gpd.GeoDataFrame, atlas_key: str, region: str) -> bytes:
    """A small static map: every region in grey, `region` in red, framed on the main landmass
    (the middle 90% of region centres) plus the region itself."""
    points = _regions.geometry.representative_point()
    x, y = points.x, points.y
    core = x.between(*x.quantile([0.05, 0.95])) & y.between(*y.quantile([0.05, 0.95]))
    chosen = _regions[_regions["region"] == region]
    frame = pd.concat([_regions[core].geometry, chosen.geometry]).total_bounds
    pad_x, pad_y = (frame[2] - frame[0]) * 0.03, (frame[3] - frame[1]) * 0.03
    figure, axes = plt.subplots(figsize=(4.2, 2.8), dpi=120)
    _regions.plot(ax=axes, color="#e0e0e0", edgecolor="white", linewidth=0.3)
    chosen.plot(ax=axes, color="#d7301f", edgecolor="#67000d", linewidth=0.6)
    axes.set_xlim(frame[0] - pad_x, frame[2] + pad_x)
    axes.set_ylim(frame[1] - pad_y, frame[3] + pad_y)
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.02)
    plt.close(figure)
    return buffer.getvalue()


def portfolio_chart(frame: pd.DataFrame, x: str, x_title: str, rule_at: float) -> alt.LayerChart:
    """Bubble chart of the region's categories: `x` against share of reference employment."""
    star_names = [t("no_stars"), "★", "★★", "★★★"]
    scale = alt.Scale(type="log") if x == "lq" else alt.Scale(zero=False)
    bubbles = (
        alt.Chart(frame)
        .mark_circle(stroke="#444", strokeWidth=0.6)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title, scale=scale),
            y=alt.Y("share_of_reference:Q", title=t("share"), axis=alt.Axis(format="%")),
            size=alt.Size(
                "employment:Q",
                title=t("employment"),
                scale=alt.Scale(range=[40, 2200]),
                legend=alt.Legend(format=",.0f"),
            ),
            color=alt.Color(
                "star_label:N",
                title=t("star_label"),
                scale=alt.Scale(domain=star_names, range=STAR_COLOURS),
            ),
            opacity=alt.Opacity(
                "reliability:N",
                title=t("reliable"),
                scale=alt.Scale(domain=[t("yes"), t("unreliable")], range=[0.9, 0.35]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("category")),
                alt.Tooltip("employment:Q", title=t("employment"), format=",.0f"),
                alt.Tooltip("lq:Q", title=t("lq"), format=".2f"),
                alt.Tooltip("share_of_reference:Q", title=t("share"), format=".2%"),
                alt.Tooltip("star_label:N", title=t("stars")),
                alt.Tooltip("reliability:N", title=t("reliable")),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({x: [rule_at]}))
        .mark_rule(strokeDash=[5, 4], color="#666")
        .encode(x=f"{x}:Q")
    )
    return alt.layer(rule, bubbles).properties(height=470)


def quadrant_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The four quadrant names, each in its corner of a frame that always holds LQ = 1 and
    zero growth."""
    lq, rate = frame["lq"], frame["growth"]
    x_low, x_high = min(lq.min(), 0.8) / 1.15, max(lq.max(), 1.25) * 1.15
    span = max(rate.max(), 0.02) - min(rate.min(), -0.02)
    y_low, y_high = min(rate.min(), -0.02) - span * 0.08, max(rate.max(), 0.02) + span * 0.08
    return pd.DataFrame(
        {
            "lq": [x_high, x_high, x_low, x_low],
            "growth": [y_high, y_low, y_high, y_low],
            "text": [t(f"q_{key}") for key in ("strong_up", "strong_down", "weak_up", "weak_down")],
            "align": ["right", "right", "left", "left"],
            "baseline": ["top", "bottom", "top", "bottom"],
        }
    )


def growth_chart(frame: pd.DataFrame, base: object, year: object) -> alt.LayerChart:
    """CMP-style bubble chart: LQ (log) against growth, area employment, colour stage."""
    labels = quadrant_labels(frame)
    x_scale = alt.Scale(type="log", domain=[labels["lq"].min(), labels["lq"].max()], nice=False)
    y_scale = alt.Scale(domain=[labels["growth"].min(), labels["growth"].max()], nice=False)
    stages = [t(stage) for stage in STAGES]
    shown = set(frame["stage_label"])
    bubbles = (
        alt.Chart(frame)
        .mark_circle(stroke="#444", strokeWidth=0.6, opacity=0.85)
        .encode(
            x=alt.X("lq:Q", title=t("lq_year", year=year), scale=x_scale),
            y=alt.Y("growth:Q", title=t("growth"), axis=alt.Axis(format="%"), scale=y_scale),
            size=alt.Size(
                "employment:Q",
                title=t("employment"),
                scale=alt.Scale(range=[40, 2200]),
                legend=alt.Legend(format=",.0f"),
            ),
            color=alt.Color(
                "stage_label:N",
                title=t("stage"),
                scale=alt.Scale(domain=[*stages, t("no_stage")], range=[*STAGE_COLOURS, "#bbb"]),
                legend=alt.Legend(values=[s for s in [*stages, t("no_stage")] if s in shown]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("category")),
                alt.Tooltip("employment:Q", title=t("employment"), format=",.0f"),
                alt.Tooltip("job_creation:Q", title=t("job_creation"), format="+,.0f"),
                alt.Tooltip("growth:Q", title=t("growth"), format="+.1%"),
                alt.Tooltip("lq:Q", title=t("lq_year", year=year), format=".2f"),
                alt.Tooltip("lq_change:Q", title=t("lq_change"), format="+.2f"),
                alt.Tooltip("stage_label:N", title=t("stage")),
            ],
        )
    )
    rules = [
        alt.Chart(pd.DataFrame({"lq": [1.0]}))
        .mark_rule(strokeDash=[5, 4], color="#666")
        .encode(x="lq:Q"),
        alt.Chart(pd.DataFrame({"growth": [0.0]}))
        .mark_rule(strokeDash=[5, 4], color="#666")
        .encode(y="growth:Q"),
    ]
    corners = [
        alt.Chart(labels[labels["align"] == align])
        .mark_text(
            align=align,
            baseline="middle",
            dx=8 if align == "left" else -8,
            dy=0,
            color="#555",
            fontSize=12,
            fontStyle="italic",
        )
        .encode(x="lq:Q", y="growth:Q", text="text:N")
        for align in ("left", "right")
    ]
    return alt.layer(*rules, *corners, bubbles).properties(height=470)


def dynamics_table(frame: pd.DataFrame, base: object, year: object) -> pd.DataFrame:
    """The region's categories with their change over the period and life-cycle stage."""
    ordered = frame.sort_values("job_creation", ascending=False, na_position="last")
    return pd.DataFrame(
        {
            t("category"): ordered["name"],
            t("stage"): ordered["stage_label"],
            t("employment_base", base=base): ordered["employment_base"],
            t("employment_year", year=year): ordered["employment"],
            t("job_creation"): ordered["job_creation"],
            t("growth_pct"): (ordered["growth"] * 100).round(1),
            t("lq_base", base=base): ordered["lq_base"].round(2),
            t("lq_year", year=year): ordered["lq"].round(2),
            t("lq_change"): ordered["lq_change"].round(2),
            t("national_growth"): (ordered["national_growth"] * 100).round(1),
            t("shift_share"): ordered["shift_share_regional"].round(0),
            t("dynamism_star"): ordered["dynamism_star"].map({True: "★", False: ""}),
        }
    )


def wages_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The region's categories by wage relative to the national, with the productivity star."""
    ordered = frame.sort_values("relative_wage", ascending=False, na_position="last")
    return pd.DataFrame(
        {
            t("category"): ordered["name"],
            t("wage"): ordered["wage"].round(0),
            t("national_wage"): ordered["national_wage"].round(0),
            t("relative_wage"): ordered["relative_wage"].round(2),
            t("wage_coverage"): (ordered["wage_coverage"] * 100).round(0),
            t("productivity_star"): ordered["productivity_star"].map({True: "★", False: ""}),
        }
    )


def starred_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The region's starred categories, most stars first, with which stars and reliability."""
    starred = frame[frame["stars"] > 0].sort_values(["stars", "lq"], ascending=False)
    marks = {
        key: starred[key].map({True: "★", False: ""})
        for key in ("size_star", "specialisation_star", "focus_star")
    }
    return pd.DataFrame(
        {
            t("category"): starred["name"],
            t("stars"): starred["star_label"],
            t("size_star"): marks["size_star"],
            t("specialisation_star"): marks["specialisation_star"],
            t("focus_star"): marks["focus_star"],
            t("lq"): starred["lq"].round(2),
            t("employment"): starred["employment"],
            t("reliable"): starred["reliability"],
        }
    )


def indices_table(indices: pd.DataFrame, region: str) -> pd.DataFrame:
    """Each index for `region` beside the median over all regions."""
    return pd.DataFrame(
        {
            t("index"): [t(name) for name in indices.columns],
            t("this_region"): indices.loc[region].to_numpy(dtype=float).round(3),
            t("median_region"): indices.median().to_numpy(dtype=float).round(3),
        }
    )


atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

stored = stored_atlas()
period = chosen_period(stored.data.years)
table = cluster_quotients(atlas, atlas.fingerprint)
names = dict(zip(atlas.regions["region"], atlas.regions["name"], strict=False))
codes = sorted(table["region"].unique(), key=lambda code: str(names.get(code, code)))
x_options = {"lq": t("x_lq")}
if period:
    x_options["share_change"] = t("x_share_change", start=period[0], end=period[1])

choices, locator = st.columns([2, 1])
with choices:
    current = selected_region()
    chosen = st.selectbox(
        t("region"),
        codes,
        index=codes.index(current) if current in codes else 0,
        format_func=lambda code: str(names.get(code, code)),
        key="profile_region",
    )
    if chosen != current:
        select_region(chosen)
    x = st.radio(t("x_axis"), list(x_options), format_func=x_options.get, horizontal=True)
    if stored.data.years:
        st.caption(t("year", year=atlas.data.meta["year"]))
with locator:
    if chosen in names:
        st.image(locator_png(atlas.regions, atlas.fingerprint, chosen), caption=t("location"))

cluster_names = atlas.data.cluster_names(lang)
frame = table[table["region"] == chosen].copy()
frame["name"] = frame["cluster"].map(cluster_names).fillna(frame["cluster"])
star_names = [t("no_stars"), "★", "★★", "★★★"]
frame["star_label"] = [star_names[min(int(n), 3)] for n in frame["stars"]]
frame["reliability"] = np.where(frame["reliable"], t("yes"), t("unreliable"))
if x == "share_change":
    change = cluster_growth(stored, stored.key, *period)
    change = change[change["region"] == chosen].set_index("cluster")["share_change"] * 100
    frame["share_change"] = frame["cluster"].map(change)

st.subheader(t("portfolio"))
if frame["employment"].fillna(0).sum() == 0:
    st.info(t("no_data"))
else:
    drawable = frame[frame[x].gt(0)] if x == "lq" else frame[frame[x].notna()]
    rule_at = 1.0 if x == "lq" else 0.0
    show_chart(portfolio_chart(drawable, x, x_options[x], rule_at), width="stretch")
    line = t("line_lq") if x == "lq" else t("line_change")
    st.caption(t("portfolio_help", line=line))
    if len(drawable) < len(frame):
        st.caption(t("hidden", count=len(frame) - len(drawable)))

st.subheader(t("starred"))
starred = starred_table(frame)
if starred.empty:
    st.info(t("none_starred"))
else:
    show_table(starred, hide_index=True, width="stretch")
missing = missing_by_region(atlas, atlas.fingerprint)
if chosen in missing.index and missing.loc[chosen, "missing"] > 0:
    counts = missing.loc[chosen]
    st.caption(
        t(
            "missing",
            missing=format_number(counts["missing"], language=lang),
            rows=format_number(counts["rows"], language=lang),
        )
    )

st.subheader(t("indices"))
indices = indices_of(atlas, atlas.fingerprint)
if chosen in indices.index:
    show_table(indices_table(indices, chosen), hide_index=True, width="stretch")
st.caption(t("indices_help"))

dynamics = cluster_dynamics()
if dynamics is not None:
    base, year = period
    st.subheader(t("dynamics", base=base, year=year))
    moved = dynamics[dynamics["region"] == chosen].copy()
    moved["name"] = moved["cluster"].map(cluster_names).fillna(moved["cluster"])
    moved["stage_label"] = moved["stage"].map(
        lambda s: t(s) if isinstance(s, str) else t("no_stage")
    )
    drawable = moved[moved["lq"].gt(0) & moved["growth"].notna()]
    if len(drawable):
        show_chart(growth_chart(drawable, base, year), width="stretch")
    st.caption(t("dynamics_help", base=base, year=year))
    shown = dynamics_table(moved, base, year)
    show_table(shown, hide_index=True, width="stretch")
elif len(stored.data.years) < 2:
    st.caption(t("no_change"))

paid = cluster_wage_table(atlas)
if paid is not None:
    st.subheader(t("wages"))
    paid = paid[paid["region"] == chosen].copy()
    paid["name"] = paid["cluster"].map(cluster_names).fillna(paid["cluster"])
    shown = wages_table(paid)
    show_table(shown, hide_index=True, width="stretch")
    st.caption(t("wages_help"))

st.download_button(
    dossier_t("dossier"),
    data=lambda: dossier_html(dossier_inputs(stored, lang), chosen),
    file_name=f"dossier-{file_stem(str(names.get(chosen, chosen)), set())}.html",
    mime="text/html",
    help=dossier_t("dossier_help"),
    on_click="ignore",
    key="dossier_download",
)
