"""Cluster definitions page: derive, score and compare groupings of activities by co-location,
review the chosen one and apply it to every page."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from econ.cluster_definitions import METHODS, Definitions, define_clusters
from econ.dataset import Dataset
from econ.errors import InputError
from econ.relatedness import user_matrix
from econ.scratch import scratch_folder
from econ.tables import read_table
from layers.choropleth import format_number
from layers.tables import csv_bytes, headers
from pages.common import (
    Atlas,
    active_atlas,
    error_text,
    language,
    set_active_atlas,
    show_chart,
    show_table,
    stored_atlas,
    translator,
)

t = translator("definitions")


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
        with scratch_folder("upload") as folder:
            path = folder / Path(name).name
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
    """One validation score by cluster count, one line per linkage method (`table` as
    `readable` words it, so the legend and tooltips speak the interface language)."""
    return (
        alt.Chart(table[table["method"] != t("method_moves")], title=t(score))
        .mark_line(point=True)
        .encode(
            x=alt.X("k:Q", title=t("k")),
            y=alt.Y(f"{score}:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("method:N", legend=alt.Legend(title=None)),
            tooltip=[
                alt.Tooltip("candidate:N", title=t("column_candidate")),
                alt.Tooltip("k:Q", title=t("k")),
                alt.Tooltip(f"{score}:Q", title=t(score), format=".3f"),
            ],
        )
        .properties(height=240)
    )


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The candidates with their method and name as the reader says them (`candidate_label`);
    the result's own table keeps the machine names (`ward-12`) the selection uses."""
    return table.assign(
        candidate=table["candidate"].map(candidate_label),
        method=table["method"].map(lambda method: t(f"method_{method}")),
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
            atlas.fingerprint,
            low,
            high,
            tuple(methods),
            weights,
            (matrix.name, matrix.getvalue()) if matrix is not None else None,
        )
except (InputError, ValueError) as error:
    st.error(error_text(error))
    st.stop()
table = result.candidates.table


def candidate_label(candidate: str) -> str:
    """`ward-12` as the reader says it: the method and its number of clusters."""
    method, _, k = candidate.partition("-")
    return t(f"candidate_{method}", k=k)


st.subheader(t("candidates"))
st.caption(t("candidates_help"))
shown = readable(table)
for column, score in zip(st.columns(2), ("score_best_own", "score_between"), strict=True):
    show_chart(scores_chart(shown, score), column, use_container_width=True)
show_table(
    shown,
    labels={
        "candidate": t("column_candidate"),
        "method": t("column_method"),
        **{name: t(name) for name in ("k", "score_within", "score_best_own", "score_between")},
    },
    hide_index=True,
    height=220,
)
chosen = st.selectbox(
    t("candidate"),
    table["candidate"].tolist(),
    format_func=candidate_label,
    key="definitions_candidate",
)
ari, moves = result.comparison(chosen)
st.markdown(
    t(
        "comparison",
        ari=format_number(ari, digits=3, language=language()),
        moved=len(moves),
        total=len(result.current),
    )
)
definition = result.table(chosen)
st.subheader(t("review"))
names = (
    definition.drop_duplicates("cluster")[["cluster", "cluster_name"]]
    .merge(definition.groupby("cluster").size().rename("activities").reset_index())
    .sort_values("activities", ascending=False)
)
edited = st.data_editor(
    names,
    hide_index=True,
    disabled=["cluster", "activities"],
    column_config={
        **{c: st.column_config.Column(n) for c, n in headers(names.columns, language()).items()},
        "activities": st.column_config.Column(t("column_activities")),
    },
    key="definitions_names",
)
definition = definition.assign(
    cluster_name=definition["cluster"].map(edited.set_index("cluster")["cluster_name"])
)
with st.expander(f"{t('moved')}: {len(moves)}"):
    named = moves.assign(activity_name=moves["activity"].map(result.names))
    show_table(
        named[["activity", "activity_name", "from", "to"]],
        labels={"from": t("column_from"), "to": t("column_to")},
        hide_index=True,
        height=300,
    )
st.download_button(
    t("download"),
    csv_bytes(definition, language=language(), localised=False),
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
