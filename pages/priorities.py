"""Priorities page: related diversification and junctions of clusters for one region."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from econ.dataset import Dataset
from econ.priorities import Priorities, priorities
from layers.atlas_map import atlas_map
from layers.choropleth import format_number, tooltip_html
from layers.priorities import junction_regions, region_candidates
from pages.common import (
    active_atlas,
    language,
    select_region,
    selected_region,
    shared_choice,
    show_chart,
    show_table,
    translator,
)

t = translator("priorities")


@st.cache_data(show_spinner=False, max_entries=8)
def analysis(
    _data: Dataset, key: str, measure: str, min_relatedness: float, lang: str
) -> Priorities:
    """The priorities analysis of the active dataset (cached per dataset and settings)."""
    return priorities(_data, measure=measure, min_relatedness=min_relatedness, language=lang)


def diversification_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Density against PCI with median rules and the four named quadrants."""
    x_mid, y_mid = frame["density"].median(), frame["pci"].median()
    x_lo, x_hi = frame["density"].min(), frame["density"].max()
    y_lo, y_hi = frame["pci"].min(), frame["pci"].max()
    points = (
        alt.Chart(frame)
        .mark_circle(size=40, opacity=0.6)
        .encode(
            x=alt.X("density:Q", title=t("density"), scale=alt.Scale(zero=False)),
            y=alt.Y("pci:Q", title=t("pci")),
            color=alt.Color("cluster:N", title=t("cluster"), legend=alt.Legend(columns=1)),
            tooltip=[
                alt.Tooltip("name:N", title=t("activity")),
                alt.Tooltip("cluster:N", title=t("cluster")),
                alt.Tooltip("density:Q", title=t("density"), format=".2f"),
                alt.Tooltip("pci:Q", title=t("pci"), format=".2f"),
            ],
        )
    )
    rules = alt.Chart(pd.DataFrame({"x": [x_mid], "y": [y_mid]}))
    vertical = rules.mark_rule(strokeDash=[4, 4], color="#555").encode(x="x:Q")
    horizontal = rules.mark_rule(strokeDash=[4, 4], color="#555").encode(y="y:Q")
    corners = pd.DataFrame(
        {
            "x": [x_hi, x_lo, x_hi, x_lo],
            "y": [y_hi, y_hi, y_lo, y_lo],
            "label": [t("q_ideal"), t("q_bold"), t("q_safe"), t("q_avoid")],
            "align": ["right", "left", "right", "left"],
            "baseline": ["top", "top", "bottom", "bottom"],
        }
    )
    labels = [
        alt.Chart(corners[corners["align"] == side])
        .mark_text(align=side, fontWeight="bold", color="#333", dy=0)
        .encode(x="x:Q", y="y:Q", text="label:N")
        for side in ("left", "right")
    ]
    return alt.layer(points, vertical, horizontal, *labels).properties(height=460)


def cluster_space(result: Priorities, region: str, names: dict[str, str]) -> alt.LayerChart:
    """Categories on a circle (spectral order keeps related ones near), linked above the
    threshold, the region's strong categories highlighted."""
    phi = result.category_relatedness.fillna(0.0)
    clusters = list(phi.index)
    weights = phi.to_numpy().copy()
    np.fill_diagonal(weights, 0.0)
    laplacian = np.diag(weights.sum(axis=1)) - weights
    order = np.argsort(np.linalg.eigh(laplacian)[1][:, 1])
    angle = np.empty(len(clusters))
    angle[order] = np.linspace(0, 2 * np.pi, len(clusters), endpoint=False)
    strong = result.categories.query("region == @region").set_index("cluster")["strong"]
    nodes = pd.DataFrame(
        {
            "cluster": clusters,
            "name": [names.get(c, c) for c in clusters],
            "x": np.cos(angle),
            "y": np.sin(angle),
            "state": [t("strong") if strong.get(c, False) else t("other") for c in clusters],
        }
    )
    threshold = float(result.junctions["relatedness"].min()) if len(result.junctions) else 0.5
    i, j = np.triu_indices(len(clusters), k=1)
    linked = weights[i, j] >= threshold
    edges = pd.DataFrame(
        {
            "edge": np.repeat(np.arange(linked.sum()), 2),
            "x": np.column_stack(
                [nodes["x"].to_numpy()[i[linked]], nodes["x"].to_numpy()[j[linked]]]
            ).ravel(),
            "y": np.column_stack(
                [nodes["y"].to_numpy()[i[linked]], nodes["y"].to_numpy()[j[linked]]]
            ).ravel(),
            "phi": np.repeat(weights[i, j][linked], 2),
        }
    )
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    lines = (
        alt.Chart(edges)
        .mark_line(color="#999")
        .encode(
            x=alt.X("x:Q", axis=axis),
            y=alt.Y("y:Q", axis=axis),
            detail="edge:N",
            strokeWidth=alt.StrokeWidth("phi:Q", legend=None, scale=alt.Scale(range=[0.5, 4])),
        )
    )
    colors = alt.Scale(domain=[t("strong"), t("other")], range=["#d7301f", "#9ecae1"])
    dots = (
        alt.Chart(nodes)
        .mark_circle(size=220, opacity=1)
        .encode(
            x=alt.X("x:Q", axis=axis),
            y=alt.Y("y:Q", axis=axis),
            color=alt.Color("state:N", scale=colors, title=None),
            tooltip=["name:N"],
        )
    )
    text = alt.Chart(nodes).mark_text(dy=-14, fontSize=10).encode(x="x:Q", y="y:Q", text="name:N")
    return alt.layer(lines, dots, text).properties(height=520)


atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))
region_names = {
    **atlas.data.meta.get("region_names", {}),
    **dict(zip(atlas.regions["region"], atlas.regions["name"], strict=False)),
}
cluster_names = atlas.data.cluster_names(lang)

left, middle, right = st.columns([2, 2, 1])
with middle:
    measure = shared_choice(
        t("measure"), ["proximity", "correlation"], key="relatedness", format_func=t
    )
min_relatedness = right.select_slider(
    t("min_relatedness"),
    [step / 20 for step in range(21)],
    value=0.5,
    format_func=lambda value: format_number(value, digits=2, language=lang),
)
with st.spinner(t("computing")):
    result = analysis(atlas.data, atlas.fingerprint, measure, min_relatedness, lang)
regions = sorted(result.presence.index, key=lambda r: region_names.get(r, r))
current = selected_region()
region = left.selectbox(
    t("region"),
    regions,
    index=regions.index(current) if current in regions else 0,
    format_func=lambda r: region_names.get(r, r),
    key="priorities_region",
    on_change=lambda: select_region(st.session_state["priorities_region"]),
)
st.info(t("note", measure=t(measure)))

st.subheader(t("chart"))
st.caption(t("chart_help"))
names = (
    atlas.data.activities.set_index("activity")["name"]
    if "name" in atlas.data.activities
    else pd.Series(dtype=str)
)
mapping = atlas.data.clusters.drop_duplicates("activity").set_index("activity")["cluster"]
options = pd.DataFrame(
    {
        "activity": result.presence.columns,
        "held": result.presence.loc[region].to_numpy(),
        "density": result.density.loc[region].to_numpy(),
    }
).merge(result.activities[["activity", "pci"]], on="activity")
options = options[(options["held"] == 0) & options["pci"].notna() & options["density"].notna()]
options["name"] = options["activity"].map(names).fillna(options["activity"])
options["cluster"] = options["activity"].map(mapping).map(cluster_names).fillna("—")
show_chart(diversification_chart(options), width="stretch")

st.subheader(t("space"))
st.caption(t("space_help"))
show_chart(cluster_space(result, region, cluster_names), width="stretch")

st.subheader(t("table"))
mine = result.junctions[result.junctions["region"] == region].reset_index(drop=True)
if mine.empty:
    st.warning(t("none"))
else:
    shown = pd.DataFrame(
        {
            t("rank"): np.arange(1, len(mine) + 1),
            t("cluster_a"): mine["cluster_a"].map(cluster_names).fillna(mine["cluster_a"]),
            t("cluster_b"): mine["cluster_b"].map(cluster_names).fillna(mine["cluster_b"]),
            t("relatedness"): mine["relatedness"].round(2),
            t("score"): mine["score"].round(3),
            t("explanation"): mine["explanation"],
        }
    )
    show_table(shown, hide_index=True, width="stretch")
    pairs = list(zip(mine["cluster_a"], mine["cluster_b"], strict=True))
    pair = st.selectbox(
        t("junction"),
        pairs,
        format_func=lambda p: f"{cluster_names.get(p[0], p[0])} + {cluster_names.get(p[1], p[1])}",
    )
    same = result.junctions[
        (result.junctions["cluster_a"] == pair[0]) & (result.junctions["cluster_b"] == pair[1])
    ]
    feasible = atlas.regions.merge(same[["region", "score", "explanation"]], on="region")
    tips = pd.Series(
        [
            tooltip_html(
                {t("score"): format_number(row.score, digits=2, language=language())},
                str(row.name),
            )
            + "<br>"
            + tooltip_html({}, str(row.explanation))
            for row in feasible.itertuples()
        ],
        index=feasible.index,
    )
    chosen = atlas.regions[atlas.regions["region"] == region]
    layers = [junction_regions(feasible, tooltip=tips, name=t("feasible"))]
    if len(chosen):
        layers.append(
            region_candidates(
                chosen, mine, title=region_names.get(region, region), name=t("candidates")
            )
        )
    m = atlas_map(atlas.regions, layers, language=lang)
    st_folium(m, height=520, use_container_width=True, returned_objects=[], key="priorities_map")
