"""Region profile page: one region's cluster portfolio, its starred categories and its indices."""

from __future__ import annotations

import io

import altair as alt
import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import streamlit as st

from econ.concentration import cluster_employment, cluster_reference
from econ.growth import growth
from econ.indices import REGION_INDEX_COLUMNS, region_indices
from econ.quality import quality_report
from pages.common import (
    Atlas,
    active_atlas,
    cluster_quotients,
    language,
    select_region,
    selected_region,
    translator,
)

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402  (after choosing the file-only backend)

STAR_COLOURS = ["#c6dbef", "#fdae6b", "#e6550d", "#a63603"]

TEXT = {
    "en": {
        "title": "Region profile",
        "help": "A region's cluster portfolio: how specialised it is in each category (LQ), how "
        "large its share of the reference economy's jobs in that category is, and which "
        "categories earn stars.",
        "region": "Region",
        "x_axis": "Horizontal axis",
        "x_lq": "Location quotient (LQ)",
        "x_share_change": "Change in national share, {start}–{end} (points)",
        "portfolio": "Cluster portfolio",
        "portfolio_help": "Bubble area: employment; colour: stars; pale bubbles are unreliable "
        "(under the employment floor or built on suppressed data). Dashed line: {line}.",
        "line_lq": "LQ = 1, the reference's share",
        "line_change": "no change",
        "hidden": "{count} categories with no employment or no LQ are not drawn.",
        "category": "Category",
        "lq": "LQ",
        "share": "Share of reference jobs",
        "employment": "Employment",
        "stars": "Stars",
        "star_label": "Stars",
        "no_stars": "no star",
        "reliable": "Reliable",
        "unreliable": "unreliable",
        "yes": "yes",
        "starred": "Starred categories",
        "none_starred": "No category of this region earns a star under the current thresholds.",
        "size_star": "Size",
        "specialisation_star": "Specialisation",
        "focus_star": "Focus",
        "indices": "Specialisation indices",
        "indices_help": "This region beside the median region. Krugman and Hoover: distance of "
        "the activity mix from the reference (0 = identical); Herfindahl: concentration in few "
        "activities; entropy (bits) splits into related variety (within categories) and "
        "unrelated variety (across categories) — Frenken, Van Oort & Verburg (2007).",
        "index": "Index",
        "this_region": "This region",
        "median_region": "Median region",
        "krugman": "Krugman specialisation index",
        "hoover": "Hoover coefficient of specialisation",
        "herfindahl": "Herfindahl index",
        "herfindahl_norm": "Herfindahl index, normalised",
        "entropy": "Entropy (bits)",
        "related_variety": "Related variety (bits)",
        "unrelated_variety": "Unrelated variety (bits)",
        "location": "Where it is",
        "no_data": "This region has no employment data.",
        "year": "Year {year}",
        "missing": "{missing} of the region's {rows} activity cells are suppressed or missing: "
        "they stay missing (never zero), and a category built on them is flagged unreliable.",
    },
    "ru": {
        "title": "Профиль региона",
        "help": "Кластерный портфель региона: насколько он специализирован в каждой категории "
        "(LQ), какую долю рабочих мест эталонной экономики в этой категории он занимает и "
        "какие категории получают звёзды.",
        "region": "Регион",
        "x_axis": "Горизонтальная ось",
        "x_lq": "Коэффициент локализации (LQ)",
        "x_share_change": "Изменение доли в стране, {start}–{end} (п. п.)",
        "portfolio": "Кластерный портфель",
        "portfolio_help": "Площадь пузырька: занятость; цвет: звёзды; бледные пузырьки "
        "ненадёжны (ниже порога занятости или со скрытыми данными). Пунктир: {line}.",
        "line_lq": "LQ = 1, доля как в эталоне",
        "line_change": "без изменений",
        "hidden": "Не показано категорий без занятости или без LQ: {count}.",
        "category": "Категория",
        "lq": "LQ",
        "share": "Доля рабочих мест эталона",
        "employment": "Занятость",
        "stars": "Звёзды",
        "star_label": "Звёзды",
        "no_stars": "без звёзд",
        "reliable": "Надёжно",
        "unreliable": "ненадёжно",
        "yes": "да",
        "starred": "Категории со звёздами",
        "none_starred": "При текущих порогах ни одна категория региона не получает звезду.",
        "size_star": "Размер",
        "specialisation_star": "Специализация",
        "focus_star": "Фокус",
        "indices": "Индексы специализации",
        "indices_help": "Регион рядом с медианным регионом. Кругман и Гувер: отличие структуры "
        "занятости от эталона (0 — совпадает); Херфиндаль: сосредоточенность в немногих видах "
        "деятельности; энтропия (биты) делится на родственное разнообразие (внутри категорий) "
        "и неродственное (между категориями) — Frenken, Van Oort & Verburg (2007).",
        "index": "Индекс",
        "this_region": "Этот регион",
        "median_region": "Медианный регион",
        "krugman": "Индекс специализации Кругмана",
        "hoover": "Коэффициент специализации Гувера",
        "herfindahl": "Индекс Херфиндаля",
        "herfindahl_norm": "Индекс Херфиндаля, нормированный",
        "entropy": "Энтропия (биты)",
        "related_variety": "Родственное разнообразие (биты)",
        "unrelated_variety": "Неродственное разнообразие (биты)",
        "location": "Где находится",
        "no_data": "По этому региону нет данных о занятости.",
        "year": "{year} год",
        "missing": "Скрыто или нет данных: {missing} из {rows} ячеек региона по видам "
        "деятельности; они остаются пропусками (не нулями), а категория с ними помечается как "
        "ненадёжная.",
    },
}
t = translator(TEXT)


@st.cache_data(show_spinner=False, max_entries=8)
def indices_of(_atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """`region_indices` of the active dataset (latest year), cached per dataset."""
    data = _atlas.data
    table = region_indices(data.employment, data.clusters, reference=data.reference)
    if "year" in table.columns:
        table = table[table["year"] == table["year"].max()]
    return table.set_index("region")[REGION_INDEX_COLUMNS[1:]]


@st.cache_data(show_spinner=False, max_entries=8)
def missing_by_region(_atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """Rows and missing cells per region (`econ.quality`), cached per dataset."""
    return quality_report(_atlas.data.employment).by_region.set_index("region")


@st.cache_data(show_spinner=False, max_entries=8)
def cluster_growth(_atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """Growth per region × cluster from the first to the last year, cached per dataset."""
    data = _atlas.data
    reference = None if data.reference is None else cluster_reference(data.reference, data.clusters)
    return growth(
        cluster_employment(data.employment, data.clusters), unit="cluster", reference=reference
    )


@st.cache_data(show_spinner=False, max_entries=64)
def locator_png(_regions: gpd.GeoDataFrame, atlas_key: str, region: str) -> bytes:
    """A small static map: every region in grey, `region` in red, framed on the main landmass
    (the middle 90% of region centres) plus the region itself."""
    points = _regions.geometry.representative_point()
    x, y = points.x, points.y
    core = x.between(*x.quantile([0.05, 0.95])) & y.between(*y.quantile([0.05, 0.95]))
    chosen = _regions[_regions["region"] == region]
    frame = pd.concat([_regions[core].geometry, chosen.geometry]).total_bounds
    pad_x, pad_y = (frame[2] - frame[0]) * 0.03, (frame[3] - frame[1]) * 0.03
    figure, axes = plt.subplots(figsize=(4.2, 2.8), dpi=120)
    _regions.plot(ax=axes, color="#e0e0e0", edgecolor="white", linewidth=0.3)
    chosen.plot(ax=axes, color="#d7301f", edgecolor="#67000d", linewidth=0.6)
    axes.set_xlim(frame[0] - pad_x, frame[2] + pad_x)
    axes.set_ylim(frame[1] - pad_y, frame[3] + pad_y)
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.02)
    plt.close(figure)
    return buffer.getvalue()


def portfolio_chart(frame: pd.DataFrame, x: str, x_title: str, rule_at: float) -> alt.LayerChart:
    """Bubble chart of the region's categories: `x` against share of reference employment."""
    star_names = [t("no_stars"), "★", "★★", "★★★"]
    scale = alt.Scale(type="log") if x == "lq" else alt.Scale(zero=False)
    bubbles = (
        alt.Chart(frame)
        .mark_circle(stroke="#444", strokeWidth=0.6)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title, scale=scale),
            y=alt.Y("share_of_reference:Q", title=t("share"), axis=alt.Axis(format="%")),
            size=alt.Size(
                "employment:Q",
                title=t("employment"),
                scale=alt.Scale(range=[40, 2200]),
                legend=alt.Legend(format=",.0f"),
            ),
            color=alt.Color(
                "star_label:N",
                title=t("star_label"),
                scale=alt.Scale(domain=star_names, range=STAR_COLOURS),
            ),
            opacity=alt.Opacity(
                "reliability:N",
                title=t("reliable"),
                scale=alt.Scale(domain=[t("yes"), t("unreliable")], range=[0.9, 0.35]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("category")),
                alt.Tooltip("employment:Q", title=t("employment"), format=",.0f"),
                alt.Tooltip("lq:Q", title=t("lq"), format=".2f"),
                alt.Tooltip("share_of_reference:Q", title=t("share"), format=".2%"),
                alt.Tooltip("star_label:N", title=t("stars")),
                alt.Tooltip("reliability:N", title=t("reliable")),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({x: [rule_at]}))
        .mark_rule(strokeDash=[5, 4], color="#666")
        .encode(x=f"{x}:Q")
    )
    return alt.layer(rule, bubbles).properties(height=470)


def starred_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The region's starred categories, most stars first, with which stars and reliability."""
    starred = frame[frame["stars"] > 0].sort_values(["stars", "lq"], ascending=False)
    marks = {
        key: starred[key].map({True: "★", False: ""})
        for key in ("size_star", "specialisation_star", "focus_star")
    }
    return pd.DataFrame(
        {
            t("category"): starred["name"],
            t("stars"): starred["star_label"],
            t("size_star"): marks["size_star"],
            t("specialisation_star"): marks["specialisation_star"],
            t("focus_star"): marks["focus_star"],
            t("lq"): starred["lq"].round(2),
            t("employment"): starred["employment"],
            t("reliable"): starred["reliability"],
        }
    )


def indices_table(indices: pd.DataFrame, region: str) -> pd.DataFrame:
    """Each index for `region` beside the median over all regions."""
    return pd.DataFrame(
        {
            t("index"): [t(name) for name in indices.columns],
            t("this_region"): indices.loc[region].to_numpy(dtype=float).round(3),
            t("median_region"): indices.median().to_numpy(dtype=float).round(3),
        }
    )


atlas = active_atlas()
lang = language()
st.title(t("title"))
st.caption(t("help"))

table = cluster_quotients(atlas, atlas.key)
if "year" in table.columns:
    table = table[table["year"] == table["year"].max()]
names = dict(zip(atlas.regions["region"], atlas.regions["name"], strict=False))
codes = sorted(table["region"].unique(), key=lambda code: str(names.get(code, code)))
years = sorted(atlas.data.employment["year"].unique()) if "year" in atlas.data.employment else []
x_options = {"lq": t("x_lq")}
if len(years) >= 2:
    x_options["share_change"] = t("x_share_change", start=years[0], end=years[-1])

choices, locator = st.columns([2, 1])
with choices:
    current = selected_region()
    chosen = st.selectbox(
        t("region"),
        codes,
        index=codes.index(current) if current in codes else 0,
        format_func=lambda code: str(names.get(code, code)),
        key="profile_region",
    )
    if chosen != current:
        select_region(chosen)
    x = st.radio(t("x_axis"), list(x_options), format_func=x_options.get, horizontal=True)
    if years:
        st.caption(t("year", year=years[-1]))
with locator:
    if chosen in names:
        st.image(locator_png(atlas.regions, atlas.key, chosen), caption=t("location"))

cluster_names = atlas.data.cluster_names(lang)
frame = table[table["region"] == chosen].copy()
frame["name"] = frame["cluster"].map(cluster_names).fillna(frame["cluster"])
star_names = [t("no_stars"), "★", "★★", "★★★"]
frame["star_label"] = [star_names[min(int(n), 3)] for n in frame["stars"]]
frame["reliability"] = np.where(frame["reliable"], t("yes"), t("unreliable"))
if x == "share_change":
    change = cluster_growth(atlas, atlas.key)
    change = change[change["region"] == chosen].set_index("cluster")["share_change"] * 100
    frame["share_change"] = frame["cluster"].map(change)

st.subheader(t("portfolio"))
if frame["employment"].fillna(0).sum() == 0:
    st.info(t("no_data"))
else:
    drawable = frame[frame[x].gt(0)] if x == "lq" else frame[frame[x].notna()]
    rule_at = 1.0 if x == "lq" else 0.0
    st.altair_chart(portfolio_chart(drawable, x, x_options[x], rule_at), width="stretch")
    line = t("line_lq") if x == "lq" else t("line_change")
    st.caption(t("portfolio_help", line=line))
    if len(drawable) < len(frame):
        st.caption(t("hidden", count=len(frame) - len(drawable)))

st.subheader(t("starred"))
starred = starred_table(frame)
if starred.empty:
    st.info(t("none_starred"))
else:
    st.dataframe(starred, hide_index=True, width="stretch")
missing = missing_by_region(atlas, atlas.key)
if chosen in missing.index and missing.loc[chosen, "missing"] > 0:
    counts = missing.loc[chosen]
    st.caption(t("missing", missing=f"{counts['missing']:,}", rows=f"{counts['rows']:,}"))

st.subheader(t("indices"))
indices = indices_of(atlas, atlas.key)
if chosen in indices.index:
    st.dataframe(indices_table(indices, chosen), hide_index=True, width="stretch")
st.caption(t("indices_help"))
