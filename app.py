"""Cluster Atlas: the Streamlit entry point. Run with `streamlit run app.py`."""

from __future__ import annotations

import streamlit as st

from pages.common import LANGUAGES, active_atlas, language, shared_choice, translator

TEXT = {
    "en": {
        "language": "Language",
        "dataset": "Dataset",
        "data": "Data",
        "cluster_map": "Cluster map",
        "export": "Export",
    },
    "ru": {
        "language": "Язык",
        "dataset": "Набор данных",
        "data": "Данные",
        "cluster_map": "Карта кластеров",
        "export": "Экспорт",
    },
}
t = translator(TEXT)

st.set_page_config(page_title="Cluster Atlas", page_icon=":material/map:", layout="wide")

with st.sidebar:
    shared_choice(t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get)
    atlas = active_atlas()
    title = atlas.data.meta.get(f"title_{language()}") or atlas.data.meta.get("title", "")
    st.caption(f"{t('dataset')}: **{title}**")

# pages: add a page's st.Page line to this list, in the order Data, Cluster map, Region profile,
# Links, Priorities, Export
PAGES = [
    st.Page("pages/data.py", title=t("data"), icon="📂", url_path="data"),
    st.Page("pages/cluster_map.py", title=t("cluster_map"), icon=":material/map:", default=True),
    st.Page("pages/export.py", title=t("export"), icon=":material/download:", url_path="export"),
]
st.navigation(PAGES).run()
