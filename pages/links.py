"""Links page: cross-border clusters and zones, hot spots, partner regions and flows on one map."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from econ.errors import InputError
from econ.links import (
    border_links,
    check_flows,
    cluster_zones,
    partner_regions,
    zone_summary,
)
from econ.scratch import scratch_folder
from econ.tables import read_table
from geo.adjacency import Adjacency, neighbour_pairs, representative_points
from geo.hotspots import global_moran, local_moran
from layers.atlas_map import atlas_map
from layers.choropleth import format_number
from layers.export import map_html
from layers.legend import title_box
from layers.links import border_links as link_layer
from layers.links import (
    flow_lines,
    hotspot_fills,
    hotspot_legend,
    partner_lines,
    zone_outlines,
)
from pages.common import (
    Atlas,
    active_atlas,
    cluster_quotients,
    error_text,
    language,
    plain,
    select_region,
    selected_region,
    shared_choice,
    show_table,
    translator,
)

t = translator("links")
LABEL_KEYS = (
    "employment",
    "zone",
    "members",
    "similarity",
    "shared",
    "complementary",
    "value",
    "quadrant",
    "local_i",
    "p_value",
    "HH",
    "LL",
    "HL",
    "LH",
    "ns",
)


@st.cache_data(show_spinner=False, max_entries=16)
def adjacency_of(
    _atlas: Atlas, atlas_key: str, contiguity: str, fallback: str, k: int, band_km: float
) -> Adjacency:
    """Neighbour pairs of the atlas's regions (cached per dataset and rule)."""
    return neighbour_pairs(
        _atlas.regions, contiguity=contiguity, fallback=fallback, k=k, band_km=band_km
    )


@st.cache_data(show_spinner=False, max_entries=32)
def hotspots_of(
    _table: pd.DataFrame, _adjacency: Adjacency, key: tuple, alpha: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Local and global Moran's I of one category's LQ (cached per category and rule)."""
    weights = _adjacency.graph()
    return local_moran(_table, weights, alpha=alpha), global_moran(_table, weights)


def renamed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`frame`'s `columns` with translated headers."""
    return frame[columns].rename(columns={c: t(c) for c in columns})


atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

table = cluster_quotients(atlas, atlas.fingerprint)
names = atlas.data.cluster_names(lang)
region_names = dict(zip(atlas.regions["region"], atlas.regions["name"], strict=True))
categories = sorted(table["cluster"].unique(), key=lambda c: names.get(c, c))

with st.expander(t("settings"), icon=":material/tune:"):
    left, middle, right = st.columns(3)
    with left:
        category = shared_choice(
            t("category"), categories, key="category", format_func=lambda c: names.get(c, c)
        )
        rule = st.radio(
            t("rule"),
            ["lq", "stars"],
            horizontal=True,
            key="links_rule",
            format_func=lambda r: t(f"rule_{r}"),
        )
        if rule == "lq":
            min_lq = st.number_input(t("min_lq"), 0.5, 10.0, 1.25, 0.05, key="links_min_lq")
            min_stars = None
        else:
            min_lq = 1.0
            min_stars = int(st.number_input(t("min_stars"), 1, 3, 1, key="links_min_stars"))
    with middle:
        contiguity = st.radio(
            t("contiguity"), ["queen", "rook"], format_func=t, key="links_contiguity"
        )
        fallback = st.radio(
            t("fallback"), ["knn", "distance", "none"], format_func=t, key="links_fallback"
        )
        k = int(st.number_input(t("k"), 1, 5, 1, key="links_k")) if fallback == "knn" else 1
        band = (
            st.number_input(t("band"), 10.0, 20000.0, 1000.0, 50.0, key="links_band")
            if fallback == "distance"
            else 0.0
        )
        alpha = st.select_slider(
            t("alpha"),
            [0.01, 0.05, 0.1],
            value=0.05,
            format_func=lambda value: format_number(value, digits=2, language=lang),
            key="links_alpha",
        )
    with right:
        regions_with_data = sorted(set(table["region"]), key=lambda r: region_names.get(r, r))
        chosen = selected_region()
        start = regions_with_data.index(chosen) if chosen in regions_with_data else 0
        partner_of = st.selectbox(
            t("region"),
            regions_with_data,
            index=start,
            format_func=lambda r: region_names.get(r, r),
            key="links_region",
            on_change=lambda: select_region(st.session_state["links_region"]),
        )
        method = st.radio(
            t("similarity_method"), ["lq", "slq", "stars"], format_func=t, key="links_similarity"
        )
        partners_k = int(st.number_input(t("partners_k"), 1, 20, 5, key="links_partners_k"))
        upload = st.file_uploader(t("flows"), type=["csv", "xlsx"], key="links_flows")

with st.spinner(t("computing")):
    adjacency = adjacency_of(atlas, atlas.fingerprint, contiguity, fallback, k, band or None)
points = representative_points(atlas.regions)
category_table = table[table["cluster"] == category]
links = border_links(table, adjacency.pairs, min_lq=min_lq, min_stars=min_stars)
zones = cluster_zones(links)
summary = zone_summary(zones, table, region_names)
category_links = links[links["cluster"] == category]
category_zones = zones[zones["cluster"] == category]
with st.spinner(t("computing")):
    hotspots, moran = hotspots_of(
        category_table,
        adjacency,
        (atlas.fingerprint, category, contiguity, fallback, k, band),
        alpha,
    )
partners = partner_regions(
    table, k=partners_k, method=method, regions=[partner_of], min_lq=min_lq, min_stars=min_stars
)
partners = partners.assign(
    shared=partners["shared"]
    .str.split("; ")
    .map(lambda cs: "; ".join(names.get(c, c) for c in cs if c)),
    complementary=partners["complementary"]
    .str.split("; ")
    .map(lambda cs: "; ".join(names.get(c, c) for c in cs if c)),
)

flows, problems = None, None
if upload is not None:
    with scratch_folder("flows") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            raw = read_table(path, label=upload.name)
            flows, problems = check_flows(
                raw.frame, atlas.regions["region"], file=raw.file, first_row=raw.header_row + 1
            )
        except InputError as error:
            st.error(error_text(error))

labels = {key: t(key) for key in LABEL_KEYS} | {"category": t("category")}
layers = [
    hotspot_fills(atlas.regions, hotspots, name=t("hotspots_layer"), labels=labels, language=lang),
    zone_outlines(
        atlas.regions,
        category_zones,
        name=t("zones_layer"),
        labels=labels,
        summary=summary,
        cluster_names=names,
        language=lang,
    ),
    link_layer(
        category_links,
        points,
        name=t("links_layer"),
        labels=labels,
        names=region_names,
        cluster_names=names,
        language=lang,
    ),
    partner_lines(
        partners, points, name=t("partners_layer"), labels=labels, names=region_names, language=lang
    ),
]
if flows is not None and len(flows):
    layers.append(
        flow_lines(
            flows, points, name=t("flows_layer"), labels=labels, names=region_names, language=lang
        )
    )
m = atlas_map(atlas.regions, layers, attribution=atlas.data.meta.get("source", ""), language=lang)
hotspot_legend(labels, t("hotspots_layer")).add_to(m)
title_box(names.get(category, category), t("links_layer")).add_to(m)

map_column, tables = st.columns([3, 2])
with map_column:
    st_folium(m, height=600, use_container_width=True, returned_objects=[], key="links_map")
    if adjacency.islands:
        how = t(f"islands_{fallback}", k=k, band=format_number(band, language=lang))
        listed = ", ".join(plain(region_names.get(r, r)) for r in adjacency.islands)
        st.caption(t("islands", regions=listed, how=how))
    st.download_button(
        t("download"),
        partial(map_html, m),
        file_name="links_map.html",
        mime="text/html",
        on_click="ignore",
    )

with tables:
    tab_links, tab_zones, tab_hot, tab_partners, tab_flows = st.tabs(
        [t("tab_links"), t("tab_zones"), t("tab_hotspots"), t("tab_partners"), t("tab_flows")]
    )
    with tab_links:
        if category_links.empty:
            st.info(t("no_links"))
        else:
            shown = category_links.assign(
                region_a=category_links["region_a"].map(region_names),
                region_b=category_links["region_b"].map(region_names),
            ).sort_values("weight", ascending=False)
            show_table(renamed(shown, ["region_a", "region_b", "weight"]), hide_index=True)
    with tab_zones:
        show_table(
            renamed(
                summary[summary["cluster"] == category],
                ["zone", "regions", "employment", "members"],
            ),
            hide_index=True,
        )
    with tab_hot:
        if moran.empty:
            st.caption(t("no_moran"))
        else:
            row = moran.iloc[0]
            st.caption(
                t(
                    "moran",
                    i=format_number(row["moran_i"], digits=3, language=lang),
                    e=format_number(row["expected_i"], digits=3, language=lang),
                    p=format_number(row["p_value"], digits=3, language=lang),
                    n=int(row["regions"]),
                )
            )
        shown = hotspots.assign(
            region=hotspots["region"].map(region_names),
            quadrant=hotspots["quadrant"].map(t),
        ).sort_values("p_value")
        show_table(renamed(shown, ["region", "quadrant", "local_i", "p_value"]), hide_index=True)
    with tab_partners:
        shown = partners.assign(partner=partners["partner"].map(region_names))
        show_table(
            renamed(shown, ["partner", "similarity", "shared", "complementary"]), hide_index=True
        )
    with tab_flows:
        if problems is not None and len(problems):
            st.warning(t("flow_problems", n=len(problems)))
            show_table(problems, hide_index=True)
        if flows is not None:
            show_table(renamed(flows, ["origin", "destination", "value"]), hide_index=True)
