"""Cluster Atlas: the Streamlit entry point. Run with `streamlit run app.py`."""

from __future__ import annotations

import streamlit as st

from pages.common import LANGUAGES, active_atlas, language, translator

TEXT = {
    "en": {
        "language": "Language",
        "dataset": "Dataset",
        "cluster_map": "Cluster map",
    },
    "ru": {
        "language": "Язык",
        "dataset": "Набор данных",
        "cluster_map": "Карта кластеров",
    },
}
t = translator(TEXT)

st.set_page_config(page_title="Cluster Atlas", page_icon="🗺️", layout="wide")

with st.sidebar:
    st.selectbox(
        t("language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
    )
    atlas = active_atlas()
    title = atlas.data.meta.get(f"title_{language()}") or atlas.data.meta.get("title", "")
    st.caption(f"{t('dataset')}: **{title}**")

# pages: add a page's st.Page line to this list, in the order Data, Cluster map, Region profile,
# Links, Priorities, Export
PAGES = [
    st.Page("pages/cluster_map.py", title=t("cluster_map"), icon="🗺️", url_path="cluster-map"),
]
st.navigation(PAGES).run()
