"""Cluster map page: where the chosen category is concentrated, region by region."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from layers.choropleth import format_number
from layers.export import map_html
from pages.common import active_atlas, language, plain, select_region, selected_region
from pages.map_view import build_map, choose_map, clicked_region, t

atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

choice = choose_map(atlas, lang)
with st.spinner(t("drawing")):
    m, values = build_map(atlas, choice, lang)

map_column, panel = st.columns([4, 1])
with map_column:
    state = st_folium(
        m,
        height=580,
        use_container_width=True,
        returned_objects=["last_object_clicked"],
        key="cluster_map",
    )
hit = clicked_region(atlas.regions, (state or {}).get("last_object_clicked"))
if hit and hit != selected_region():
    select_region(hit)

with panel:
    st.subheader(t("selected"))
    region = selected_region()
    if region not in set(atlas.regions["region"]):
        st.caption(t("click"))
    else:
        st.markdown(f"**{plain(atlas.regions.set_index('region').loc[region, 'name'])}**")
        row = values[values["region"] == region]
        if row.empty:
            st.caption(t("missing"))
        else:
            first = row.iloc[0]
            st.metric(t("employment"), format_number(first["employment"], language=lang))
            st.metric(t("lq"), format_number(first["lq"], digits=2, language=lang))
            if "stars" in row:
                st.metric(t("stars"), "★" * int(first["stars"]) or t("no_stars"))
            if isinstance(first.get("top"), str):
                st.caption(f"{t('top')}: {plain(first['top'])}")

st.download_button(
    t("download"),
    partial(map_html, m),
    file_name=f"cluster_map_{choice.metric_key}.html",
    mime="text/html",
    on_click="ignore",
)
