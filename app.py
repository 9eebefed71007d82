"""Cluster Atlas: the Streamlit entry point. Run with `streamlit run app.py`."""

from __future__ import annotations

import streamlit as st

from i18n.formats import number, percent
from pages.common import (
    DYNAMICS_RULES,
    LANGUAGES,
    active_atlas,
    chosen_period,
    language,
    mark_app_run,
    plain,
    remembered,
    shared_choice,
    star_rule_inputs,
    star_rules,
    stored_atlas,
    streamlit_texts,
    translator,
    year_inputs,
)

t = translator("app")

mark_app_run()
st.set_page_config(page_title="Cluster Atlas", page_icon=":material/map:", layout="wide")
streamlit_texts()

# pages: add a page's st.Page line to this list, in the order Data, Cluster map, Region profile,
# Links, Priorities, Priorities audit, Cluster definitions, Export
PAGES = [
    st.Page("pages/data.py", title=t("data"), icon=":material/folder_open:", url_path="data"),
    st.Page("pages/cluster_map.py", title=t("cluster_map"), icon=":material/map:", default=True),
    st.Page(
        "pages/region_profile.py",
        title=t("region_profile"),
        icon=":material/person_pin_circle:",
        url_path="region_profile",
    ),
    st.Page("pages/links.py", title=t("links"), icon=":material/share:", url_path="links"),
    st.Page(
        "pages/priorities.py", title=t("priorities"), icon=":material/hub:", url_path="priorities"
    ),
    st.Page("pages/audit.py", title=t("audit"), icon=":material/fact_check:", url_path="audit"),
    st.Page(
        "pages/cluster_definitions.py",
        title=t("cluster_definitions"),
        icon=":material/category:",
        url_path="cluster_definitions",
    ),
    st.Page("pages/export.py", title=t("export"), icon=":material/download:", url_path="export"),
]
page = st.navigation(PAGES)

with st.sidebar:
    shared_choice(
        t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get, localised=False
    )
    year_inputs({key: t(key) for key in ("year", "base_year", "no_base_year")})
    atlas = active_atlas()
    if atlas.key == "demo" and st.query_params.get("dataset") == "own":
        st.info(t("own_data_link"))
    else:
        st.query_params["dataset"] = "demo" if atlas.key == "demo" else "own"
    title = atlas.data.meta.get(f"title_{language()}") or atlas.data.meta.get("title", "")
    st.caption(f"{t('dataset')}: **{plain(title)}**")
    category = remembered("category")
    names = atlas.data.cluster_names(language())
    shown = plain(names.get(category, category)) if category else "—"
    st.caption(f"{t('category')}: **{shown}**")
    rules, lang = star_rules(), language()
    st.caption(
        t(
            "method",
            size=percent(rules["size_top"], lang, 0),
            lq=number(rules["specialisation_lq"], lang, None),
            focus=percent(rules["focus_top"], lang, 0),
            floor=number(rules["floor"], lang),
        )
    )
    extra = star_rules(DYNAMICS_RULES)
    period = chosen_period(stored_atlas().data.years)
    if atlas.data.wages is not None:
        st.caption(t("wage_method", top=percent(extra["productivity_top"], lang, 0)))
    if period:
        st.caption(
            t(
                "change_method",
                base=period[0],
                year=period[1],
                dynamism=percent(extra["dynamism_top"], lang, 0),
                floor=number(rules["floor"], lang),
                lq=number(extra["lq_threshold"], lang, None),
                change=number(extra["lq_change_threshold"], lang, None),
                margin=percent(extra["growth_margin"], lang, 1, signed=True),
            )
        )
    with st.expander(t("thresholds")):
        star_rule_inputs({key: t(key) for key in ("size_top", "spec_lq", "focus_top", "floor")})
        extra_stars = ["productivity_top"] * (atlas.data.wages is not None)
        extra_stars += ["dynamism_top"] * bool(period)
        star_rule_inputs({key: t(key) for key in extra_stars}, DYNAMICS_RULES)
    if period:
        with st.expander(t("stages")):
            keys = ("stage_lq", "stage_lq_change", "stage_margin")
            star_rule_inputs({key: t(key) for key in keys}, DYNAMICS_RULES)

page.run()
