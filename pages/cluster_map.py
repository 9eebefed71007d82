"""Cluster map page: where the chosen category is concentrated, region by region."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from layers.cluster_map import ENGLISH, cluster_map
from layers.export import map_html
from pages.common import active_atlas, cluster_quotients, language, translator

TEXT = {
    "en": {
        "title": "Cluster map",
        "help": "Location quotient (LQ) of the chosen cluster category in every region: the "
        "category's share of regional employment divided by its share in the reference economy. "
        "LQ ≥ 1 means the region is specialised in it.",
        "category": "Cluster category",
        "download": "Download map (HTML, works offline)",
        **{key: value for key, value in ENGLISH.items() if key not in ("title", "subtitle")},
    },
    "ru": {
        "title": "Карта кластеров",
        "help": "Коэффициент локализации (LQ) выбранной кластерной категории в каждом регионе: "
        "доля категории в занятости региона, делённая на её долю в эталонной экономике. "
        "LQ ≥ 1 — регион специализирован на ней.",
        "category": "Кластерная категория",
        "download": "Скачать карту (HTML, открывается без интернета)",
        "lq": "Коэффициент локализации",
        "employment": "Занятость",
        "share_of_region": "Доля в занятости региона",
        "stars": "Звёзды",
        "top": "Ведущие категории",
        "missing": "Нет данных",
        "unreliable": "Ненадёжно (мало или скрыто)",
        "layer": "Карта кластеров",
    },
}
t = translator(TEXT)

atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

names = atlas.data.cluster_names(lang)
table = cluster_quotients(atlas, atlas.key)
categories = sorted(table["cluster"].unique(), key=lambda c: names.get(c, c))
category = st.selectbox(t("category"), categories, format_func=lambda c: names.get(c, c))

values = table[table["cluster"] == category].merge(
    atlas.regions[["region", "name"]], on="region", how="left"
)
labels = {key: t(key) for key in ENGLISH if key not in ("title", "subtitle")}
source = atlas.data.meta.get("source", "")
m = cluster_map(
    atlas.regions,
    values.drop(columns="name"),
    text={**labels, "title": names.get(category, category), "subtitle": source},
    language=lang,
)
st_folium(m, height=560, use_container_width=True, returned_objects=[], key="cluster_map")
st.download_button(
    t("download"),
    map_html(m),
    file_name="cluster_map.html",
    mime="text/html",
)
