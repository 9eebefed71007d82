"""Cluster Atlas: the Streamlit entry point. Run with `streamlit run app.py`."""

from __future__ import annotations

import streamlit as st

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
    translator,
    year_inputs,
)

TEXT = {
    "en": {
        "language": "Language",
        "dataset": "Dataset",
        "category": "Category",
        "method": "Method: LQ against the reference economy; stars after the European Cluster "
        "Observatory — size (top {size} of regions), specialisation (LQ ≥ {lq}), focus (top "
        "{focus}); cells under {floor} employees or with suppressed inputs flagged unreliable.",
        "thresholds": "Star thresholds",
        "size_top": "Size star: top % of regions",
        "spec_lq": "Specialisation star: LQ at least",
        "focus_top": "Focus star: top % of regions",
        "floor": "Reliable from (employees)",
        "year": "Year",
        "base_year": "Change from (base year)",
        "no_base_year": "The first year: choose a later one to see change.",
        "wage_method": "Productivity star: top {top} of regions by the cluster's wage relative to "
        "the national cluster wage.",
        "change_method": "Change {base}–{year}: growth, job creation, LQ change and shift-share "
        "(US Cluster Mapping Project); dynamism star: top {dynamism} by growth (from {floor} "
        "base-year employees). Life-cycle stage (after Menzel & Fornahl 2010): emerging = LQ "
        "below {lq} and rising by more than {change}; growing = LQ at least {lq} and rising; "
        "mature = LQ at least {lq}, not rising, growth at least the cluster's national rate "
        "{margin}; declining = the rest.",
        "productivity_top": "Productivity star: top % of regions",
        "dynamism_top": "Dynamism star: top % of regions",
        "stages": "Life-cycle stages",
        "stage_lq": "Specialised from LQ",
        "stage_lq_change": "Rising: LQ change above",
        "stage_margin": "Keeping pace: growth above the national by (points)",
        "data": "Data",
        "cluster_map": "Cluster map",
        "region_profile": "Region profile",
        "links": "Links",
        "priorities": "Priorities",
        "cluster_definitions": "Cluster definitions",
        "export": "Export",
        "own_data_link": "This link was made on the sender's own files, which stay on their "
        "computer: the demo is shown. Upload the same files on the Data page to see their view.",
    },
    "ru": {
        "language": "Язык",
        "dataset": "Набор данных",
        "category": "Категория",
        "method": "Метод: LQ относительно эталонной экономики; звёзды по Европейской кластерной "
        "обсерватории — размер (верхние {size} регионов), специализация (LQ ≥ {lq}), фокус "
        "(верхние {focus}); ячейки меньше {floor} занятых или со скрытыми данными помечены как "
        "ненадёжные.",
        "thresholds": "Пороги звёзд",
        "size_top": "Звезда размера: верхние % регионов",
        "spec_lq": "Звезда специализации: LQ не меньше",
        "focus_top": "Звезда фокуса: верхние % регионов",
        "floor": "Надёжно от (занятых)",
        "year": "Год",
        "base_year": "Изменение с (базовый год)",
        "no_base_year": "Это первый год: выберите более поздний, чтобы увидеть изменения.",
        "wage_method": "Звезда производительности: верхние {top} регионов по заработной плате в "
        "кластере относительно средней по стране в том же кластере.",
        "change_method": "Изменение {base}–{year}: рост, созданные рабочие места, изменение LQ "
        "и сдвиг-доля (US Cluster Mapping Project); звезда динамики: верхние {dynamism} по росту "
        "(от {floor} занятых в базовом году). Стадия жизненного цикла (по Menzel & Fornahl "
        "2010): зарождение — LQ ниже {lq} и растёт больше чем на {change}; рост — LQ не меньше "
        "{lq} и растёт; зрелость — LQ не меньше {lq}, не растёт, рост занятости не ниже "
        "национального в кластере {margin}; упадок — остальные.",
        "productivity_top": "Звезда производительности: верхние % регионов",
        "dynamism_top": "Звезда динамики: верхние % регионов",
        "stages": "Стадии жизненного цикла",
        "stage_lq": "Специализация от LQ",
        "stage_lq_change": "Рост: изменение LQ больше",
        "stage_margin": "Не отстаёт: рост выше национального на (п. п.)",
        "data": "Данные",
        "cluster_map": "Карта кластеров",
        "region_profile": "Профиль региона",
        "links": "Связи",
        "priorities": "Приоритеты",
        "cluster_definitions": "Определение кластеров",
        "export": "Экспорт",
        "own_data_link": "Ссылка сделана на собственных файлах отправителя, которые остались у "
        "него: показан пример. Загрузите те же файлы на странице «Данные», чтобы увидеть его вид.",
    },
}
t = translator(TEXT)

mark_app_run()
st.set_page_config(page_title="Cluster Atlas", page_icon=":material/map:", layout="wide")

# pages: add a page's st.Page line to this list, in the order Data, Cluster map, Region profile,
# Links, Priorities, Cluster definitions, Export
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
    rules = star_rules()
    st.caption(
        t(
            "method",
            size=f"{rules['size_top']:.0%}",
            lq=f"{rules['specialisation_lq']:g}",
            focus=f"{rules['focus_top']:.0%}",
            floor=f"{rules['floor']:,.0f}",
        )
    )
    extra = star_rules(DYNAMICS_RULES)
    period = chosen_period(stored_atlas().data.years)
    if atlas.data.wages is not None:
        st.caption(t("wage_method", top=f"{extra['productivity_top']:.0%}"))
    if period:
        st.caption(
            t(
                "change_method",
                base=period[0],
                year=period[1],
                dynamism=f"{extra['dynamism_top']:.0%}",
                floor=f"{rules['floor']:,.0f}",
                lq=f"{extra['lq_threshold']:g}",
                change=f"{extra['lq_change_threshold']:g}",
                margin=f"{extra['growth_margin']:+.1%}",
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
