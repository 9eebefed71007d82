"""Cluster definitions page: derive, score and compare groupings of activities by co-location,
review the chosen one and apply it to every page."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from econ.cluster_definitions import METHODS, Definitions, define_clusters
from econ.dataset import Dataset
from econ.errors import InputError
from econ.relatedness import user_matrix
from econ.tables import read_table
from layers.tables import csv_bytes
from pages.common import Atlas, active_atlas, plain, set_active_atlas, stored_atlas, translator

TEXT = {
    "en": {
        "title": "Cluster definitions",
        "help": "Which activities form a cluster category decides every result of the atlas. "
        "Here the categories come from your data: activities that co-locate across regions "
        "are grouped (hierarchical clustering over a range of cluster counts, or the current "
        "grouping with activities moved where they fit better), and each candidate is scored "
        "as in Delgado, Porter & Stern (2016).",
        "computing": "Relating activities and scoring candidates…",
        "range": "Cluster counts to try",
        "methods": "Candidates from",
        "average": "average linkage",
        "ward": "Ward linkage",
        "moves": "the current grouping, with moves",
        "weights": "Relatedness: weights of the measures",
        "correlation": "correlation of LQs",
        "coagglomeration": "co-agglomeration (Ellison–Glaeser)",
        "proximity": "proximity φ",
        "user": "your matrix",
        "matrix": "Your relatedness matrix, optional (activity_a, activity_b, relatedness: "
        "input–output or labour-flow links)",
        "candidates": "Candidates",
        "score_best_own": "score_best_own (higher is better)",
        "score_between": "score_between (lower is better)",
        "k": "clusters (k)",
        "candidates_help": "score_best_own: share of activities whose best-related cluster is "
        "their own (higher is better); score_between: relatedness between clusters over "
        "relatedness within them (lower is better); score_within: share of each activity's "
        "relatedness inside its cluster (rises as clusters merge). Ranked by the first two.",
        "candidate": "Candidate to review",
        "comparison": "Against the current grouping: adjusted Rand index {ari}; {moved} of "
        "{total} activities move.",
        "review": "Clusters of the candidate (names can be edited)",
        "moved": "Activities that move",
        "download": "Download the definition (activity, cluster, cluster_name)",
        "apply": "Apply this definition to every page",
        "applied": "The definition is applied: {clusters} cluster categories on every page.",
        "too_few": "At least 4 activities are needed to derive cluster definitions.",
    },
    "ru": {
        "title": "Определение кластеров",
        "help": "От того, какие виды деятельности составляют кластерную категорию, зависит "
        "каждый результат атласа. Здесь категории выводятся из ваших данных: виды "
        "деятельности, которые размещаются в одних регионах, объединяются (иерархическая "
        "кластеризация по диапазону числа кластеров или текущая группировка с переносом видов "
        "деятельности туда, где они подходят лучше), и каждый вариант оценивается по Delgado, "
        "Porter & Stern (2016).",
        "computing": "Оцениваем связанность и варианты…",
        "range": "Число кластеров",
        "methods": "Варианты из",
        "average": "средней связи",
        "ward": "метода Уорда",
        "moves": "текущей группировки с переносами",
        "weights": "Связанность: веса мер",
        "correlation": "корреляция коэффициентов локализации",
        "coagglomeration": "коагломерация (Эллисон–Глейзер)",
        "proximity": "близость φ",
        "user": "ваша матрица",
        "matrix": "Ваша матрица связанности, необязательно (activity_a, activity_b, "
        "relatedness: межотраслевые или трудовые связи)",
        "candidates": "Варианты",
        "score_best_own": "score_best_own (чем больше, тем лучше)",
        "score_between": "score_between (чем меньше, тем лучше)",
        "k": "число кластеров (k)",
        "candidates_help": "score_best_own — доля видов деятельности, сильнее всего связанных "
        "со своим кластером (чем больше, тем лучше); score_between — связанность между "
        "кластерами к связанности внутри них (чем меньше, тем лучше); score_within — доля "
        "связанности вида деятельности внутри его кластера (растёт при слиянии кластеров). "
        "Порядок — по первым двум.",
        "candidate": "Вариант для просмотра",
        "comparison": "По сравнению с текущей группировкой: скорректированный индекс Рэнда "
        "{ari}; переносятся {moved} из {total} видов деятельности.",
        "review": "Кластеры варианта (названия можно изменить)",
        "moved": "Переносимые виды деятельности",
        "download": "Скачать определение (activity, cluster, cluster_name)",
        "apply": "Применить это определение на всех страницах",
        "applied": "Определение применено: кластерных категорий на всех страницах — {clusters}.",
        "too_few": "Для определения кластеров нужно не меньше 4 видов деятельности.",
    },
}
t = translator(TEXT)


@st.cache_data(show_spinner=False, max_entries=4)
def definitions(
    _data: Dataset,
    key: str,
    low: int,
    high: int,
    methods: tuple,
    weights: tuple,
    matrix: tuple[str, bytes] | None,
) -> Definitions:
    """Candidate definitions of the active dataset (cached per dataset, settings and matrix)."""
    user = None
    if matrix is not None:
        name, content = matrix
        with tempfile.TemporaryDirectory(prefix="atlas-upload-") as folder:
            path = Path(folder) / Path(name).name
            path.write_bytes(content)
            raw = read_table(path, label=name)
        units = pd.Index(sorted(_data.employment["activity"].unique()))
        user = user_matrix(raw.frame, units, file=raw.file)
    return define_clusters(
        _data.employment,
        _data.activities,
        ks=range(low, high + 1),
        methods=methods,
        weights=dict(weights),
        user=user,
    )


def scores_chart(table: pd.DataFrame, score: str) -> alt.Chart:
    """One validation score by cluster count, one line per linkage method."""
    return (
        alt.Chart(table[table["method"] != "moves"], title=t(score))
        .mark_line(point=True)
        .encode(
            x=alt.X("k:Q", title=t("k")),
            y=alt.Y(f"{score}:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("method:N", legend=alt.Legend(title=None)),
            tooltip=["candidate", "k", alt.Tooltip(f"{score}:Q", format=".3f")],
        )
        .properties(height=240)
    )


def applied_dataset(data: Dataset, definition: pd.DataFrame) -> Dataset:
    """`data` with its activities grouped by `definition` (`activity, cluster, cluster_name`)."""
    names = definition.set_index("activity")["cluster_name"]
    activities = data.activities.drop(
        columns=[c for c in data.activities.columns if c.startswith("cluster")]
    )
    activities = activities.assign(
        cluster=activities["activity"].map(names),
        cluster_en=activities["activity"].map(names),
        cluster_ru=activities["activity"].map(names),
    ).dropna(subset="cluster")
    return replace(data, activities=activities.reset_index(drop=True))


atlas = active_atlas()
data = atlas.data
st.title(t("title"))
st.caption(t("help"))
count = data.employment["activity"].nunique()
if count < 4:
    st.info(t("too_few"))
    st.stop()
left, right = st.columns([1, 2])
with left:
    top = max(3, min(60, count - 1))
    low, high = st.slider(t("range"), 2, top, (min(10, top - 1), top), key="definitions_range")
with right:
    methods = st.multiselect(
        t("methods"), list(METHODS), default=list(METHODS), format_func=t, key="definitions_methods"
    ) or ["average"]
with st.expander(t("weights")):
    matrix = st.file_uploader(t("matrix"), type=["csv", "xlsx"], key="definitions_matrix")
    defaults = {"correlation": 0.5, "coagglomeration": 0.25, "proximity": 0.25}
    if matrix is not None:
        defaults["user"] = 0.5
    weights = tuple(
        (name, st.number_input(t(name), 0.0, 1.0, value, 0.05, key=f"definitions_{name}"))
        for name, value in defaults.items()
    )
try:
    with st.spinner(t("computing")):
        result = definitions(
            data,
            atlas.key,
            low,
            high,
            tuple(methods),
            weights,
            (matrix.name, matrix.getvalue()) if matrix is not None else None,
        )
except (InputError, ValueError) as error:
    st.error(plain(error))
    st.stop()
table = result.candidates.table
st.subheader(t("candidates"))
st.caption(t("candidates_help"))
for column, score in zip(st.columns(2), ("score_best_own", "score_between"), strict=True):
    column.altair_chart(scores_chart(table, score), use_container_width=True)
st.dataframe(table, hide_index=True, height=220)
chosen = st.selectbox(t("candidate"), table["candidate"].tolist(), key="definitions_candidate")
ari, moves = result.comparison(chosen)
st.markdown(t("comparison", ari=f"{ari:.3f}", moved=len(moves), total=len(result.current)))
definition = result.table(chosen)
st.subheader(t("review"))
names = (
    definition.drop_duplicates("cluster")[["cluster", "cluster_name"]]
    .merge(definition.groupby("cluster").size().rename("activities").reset_index())
    .sort_values("activities", ascending=False)
)
edited = st.data_editor(
    names, hide_index=True, disabled=["cluster", "activities"], key="definitions_names"
)
definition = definition.assign(
    cluster_name=definition["cluster"].map(edited.set_index("cluster")["cluster_name"])
)
with st.expander(f"{t('moved')}: {len(moves)}"):
    named = moves.assign(name=moves["activity"].map(result.names))
    st.dataframe(named[["activity", "name", "from", "to"]], hide_index=True, height=300)
st.download_button(
    t("download"),
    csv_bytes(definition),
    file_name="clusters.csv",
    mime="text/csv",
)
if st.button(t("apply"), type="primary", key="definitions_apply"):
    stored = stored_atlas()  # every year, not only the one shown
    key = hashlib.sha1(
        f"{stored.key}:{definition.to_csv(index=False)}".encode(), usedforsecurity=False
    ).hexdigest()
    applied = applied_dataset(stored.data, definition)
    set_active_atlas(Atlas(regions=stored.regions, data=applied, key=key))
    st.session_state["definitions_applied"] = key
    st.rerun()
if stored_atlas().key == st.session_state.get("definitions_applied"):
    st.success(t("applied", clusters=data.activities["cluster"].nunique()))
