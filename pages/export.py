"""Export page: the chosen map as offline HTML and print PNG, and the metric tables."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from econ.dynamics import CHANGE_COLUMNS
from econ.indices import region_indices
from layers.export import map_html
from layers.tables import ENCODINGS, csv_bytes, with_names, xlsx_bytes
from pages.common import (
    active_atlas,
    cluster_dynamics,
    cluster_quotients,
    cluster_wage_table,
    language,
    show_table,
    translator,
)
from pages.map_view import activity_quotients, build_map, choose_map, png_maker
from pages.map_view import t as t_map

t = translator("export")

atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

st.subheader(t("map"))
choice = choose_map(atlas, lang)
with st.spinner(t_map("drawing")):
    m, _ = build_map(atlas, choice, lang)
left, right = st.columns(2)
left.download_button(
    t("html"),
    partial(map_html, m),
    file_name=f"cluster_map_{choice.metric_key}.html",
    mime="text/html",
    on_click="ignore",
)
right.download_button(
    t("png"),
    png_maker(atlas, choice, lang),
    file_name=f"cluster_map_{choice.metric_key}.png",
    mime="image/png",
    on_click="ignore",
)


@st.cache_data(show_spinner=False, max_entries=8)
def indices_table(_atlas, atlas_key: str) -> pd.DataFrame:
    """Specialisation and variety indices per region (cached per dataset)."""
    data = _atlas.data
    return region_indices(data.employment, data.clusters, reference=data.reference)


st.subheader(t("tables"))
tables = {
    "region_cluster": cluster_quotients(atlas, atlas.fingerprint),
    "region_activity": activity_quotients(atlas, atlas.fingerprint)[
        ["region", "activity", "employment", "lq"]
    ],
    "region_indices": indices_table(atlas, atlas.fingerprint),
}
change, wages = cluster_dynamics(), cluster_wage_table(atlas)
if change is not None:  # the same tables as `cli.py metrics`
    tables["region_cluster_change"] = change[CHANGE_COLUMNS]
if wages is not None:
    tables["region_cluster_wages"] = wages
region_names = dict(zip(atlas.regions["region"], atlas.regions["name"], strict=True))
cluster_names = atlas.data.cluster_names(lang)
tables = {
    name: with_names(table, regions=region_names, clusters=cluster_names)
    for name, table in tables.items()
}
encoding = None
if lang != "en":
    encoding = st.radio(
        t("encoding"),
        ENCODINGS,
        format_func=lambda e: t(f"encoding_{e.replace('-', '_')}"),
        horizontal=True,
        key="export_encoding",
    )
columns = st.columns(len(tables))
for column, (name, table) in zip(columns, tables.items(), strict=True):
    column.download_button(
        t("csv", name=name),
        partial(csv_bytes, table, language=lang, encoding=encoding),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
    )
st.download_button(
    t("xlsx"),
    partial(xlsx_bytes, tables, language=lang),
    file_name="cluster_atlas_tables.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)
show_table(tables["region_cluster"], hide_index=True, height=320)
