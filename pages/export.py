"""Export page: the chosen map as offline HTML and print PNG, and the metric tables."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from econ.indices import region_indices
from layers.export import map_html
from pages.common import active_atlas, cluster_quotients, language, translator
from pages.map_view import activity_quotients, build_map, build_png, choose_map

TEXT = {
    "en": {
        "title": "Export",
        "help": "Maps for reports: the HTML file carries Leaflet inside it and opens with no "
        "network (closed government networks included); the PNG is for print. Tables come as "
        "UTF-8 CSV or one XLSX workbook.",
        "map": "Map",
        "html": "Download HTML map",
        "png": "Download PNG map",
        "make_png": "Make the PNG",
        "tables": "Metric tables",
        "csv": "Download {name}.csv",
        "xlsx": "Download all tables (XLSX)",
    },
    "ru": {
        "title": "Экспорт",
        "help": "Карты для отчётов: HTML-файл содержит Leaflet внутри и открывается без сети "
        "(в том числе в закрытых ведомственных сетях); PNG — для печати. Таблицы — CSV в UTF-8 "
        "или одна книга XLSX.",
        "map": "Карта",
        "html": "Скачать карту HTML",
        "png": "Скачать карту PNG",
        "make_png": "Сделать PNG",
        "tables": "Таблицы показателей",
        "csv": "Скачать {name}.csv",
        "xlsx": "Скачать все таблицы (XLSX)",
    },
}
t = translator(TEXT)

atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

st.subheader(t("map"))
choice = choose_map(atlas, lang)
m, _ = build_map(atlas, choice, lang)
left, right = st.columns(2)
left.download_button(
    t("html"), map_html(m), file_name=f"cluster_map_{choice.metric_key}.html", mime="text/html"
)
if right.button(t("make_png")):
    right.download_button(
        t("png"),
        build_png(atlas, choice, lang),
        file_name=f"cluster_map_{choice.metric_key}.png",
        mime="image/png",
    )

st.subheader(t("tables"))
data = atlas.data
tables = {
    "region_cluster": cluster_quotients(atlas, atlas.key),
    "region_activity": activity_quotients(atlas, atlas.key)[
        ["region", "activity", "employment", "lq"]
    ],
    "region_indices": region_indices(data.employment, data.clusters, reference=data.reference),
}
columns = st.columns(len(tables))
for column, (name, table) in zip(columns, tables.items(), strict=True):
    column.download_button(
        t("csv", name=name),
        table.to_csv(index=False).encode("utf-8"),
        file_name=f"{name}.csv",
        mime="text/csv",
    )
workbook = io.BytesIO()
with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
    for name, table in tables.items():
        table.to_excel(writer, sheet_name=name, index=False)
st.download_button(
    t("xlsx"),
    workbook.getvalue(),
    file_name="cluster_atlas_tables.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
st.dataframe(tables["region_cluster"], hide_index=True, height=320)
