"""Priorities audit page: a region's declared priorities against the evidence, the measured
strengths and junctions its list lacks, and the regions that share its priorities (`econ.audit`).

The same tables as `cli.py audit`, from the declared priorities uploaded on the Data page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from econ.audit import AUDIT_COLUMNS, RULES, STAGE_NAMES, VERDICTS, audit, missing_priorities
from econ.errors import InputError
from layers.dossier import shared_map
from layers.tables import csv_bytes
from pages.common import (
    declared_list,
    dossier_inputs,
    error_text,
    language,
    plain,
    select_region,
    selected_region,
    show_table,
    stored_atlas,
    translator,
)

t = translator("audit")
DIGITS = {"lq": 2, "density": 2, "complexity": 2, "score": 2}
RULE_STEPS = {"min_stars": 1.0, "strength_lq": 0.05, "near_lq": 0.05, "option_density": 0.05}


def rule_inputs() -> dict[str, float]:
    """The verdict thresholds of `econ.audit.RULES`, adjustable; growth ones in per cent."""
    rules = {}
    with st.expander(t("rules")):
        columns = st.columns(4)
        for i, (name, default) in enumerate(RULES.items()):
            percent = name in ("growth_min", "decline_growth")
            value = columns[i % 4].number_input(
                t(f"rule_{name}"),
                value=float(default) * (100 if percent else 1),
                step=1.0 if percent else RULE_STEPS.get(name, 0.1),
                key=f"audit_{name}",
            )
            rules[name] = int(value) if name == "min_stars" else value / (100 if percent else 1)
        st.caption(t("rules_help"))
    return rules


def show(table: pd.DataFrame, columns: list[str], **options: object) -> None:
    """`columns` of `table` under their names in the interface language, numbers as it writes
    them (growth in per cent)."""
    show_table(
        table[columns],
        labels={c: t(f"col_{c}") for c in columns},
        digits=DIGITS,
        percents={"growth": 1},
        hide_index=True,
        **options,
    )


atlas = stored_atlas()  # every year: growth and stage need two
lang = language()
st.title(t("title"))
st.caption(t("help"))
try:
    declared = declared_list(atlas)
except InputError as error:
    st.error(error_text(error))
    st.stop()
if declared is None or declared.table.empty:
    st.info(t("none"))
    st.page_link("pages/data.py", label=t("to_data"), icon=":material/folder_open:")
    st.stop()
with st.spinner(t("computing")):
    inputs = dossier_inputs(atlas, lang)
rules = rule_inputs()
region_names, cluster_names = inputs.region_names, inputs.cluster_names
audited = audit(declared.table, inputs.evidence, language=lang, region_names=region_names, **rules)
missing = missing_priorities(
    declared.table, inputs.evidence, language=lang, cluster_names=cluster_names
)
shared = inputs.shared
verdict_names = {v: t(f"verdict_{i}") for i, v in enumerate(VERDICTS)}

codes = sorted(set(declared.table["region"]), key=lambda c: str(region_names.get(c, c)))
current = selected_region()
region = st.selectbox(
    t("region"),
    codes,
    index=codes.index(current) if current in codes else 0,
    format_func=lambda code: str(region_names.get(code, code)),
    key="audit_region",
)
if region != current:
    select_region(region)
name = plain(region_names.get(region, region))
st.caption(t("source", file=plain(declared.file), priorities=len(declared.table)))

mine = audited[audited["region"] == region].assign(
    category=lambda f: f["cluster"].map(cluster_names).fillna(f["cluster"]),
    verdict=lambda f: f["verdict"].map(verdict_names),
    stage=lambda f: f["stage"].map(STAGE_NAMES[lang]),
)
counts = mine["verdict"].value_counts()
st.subheader(t("audit", region=name))
st.caption(" · ".join(f"{verdict}: {n}" for verdict, n in counts.items()))
columns = ["priority", "category", "lq", "stars", "growth", "stage", "density", "complexity"]
if inputs.evidence.change is None:  # one year: no growth, no stage
    columns = [c for c in columns if c not in ("growth", "stage")]
show(mine, [*columns, "verdict", "reason"])

st.subheader(t("missing", region=name))
st.caption(t("missing_help"))
lacking = missing[missing["region"] == region].assign(
    category=lambda f: f["cluster"].map(cluster_names).fillna(f["cluster"]),
    kind=lambda f: f["kind"].map({"strength": t("kind_strength"), "junction": t("kind_junction")}),
)
if lacking.empty:
    st.success(t("nothing_missing"))
else:
    show(lacking, ["category", "kind", "score", "reason"])

st.subheader(t("shared", region=name))
st.caption(t("shared_help"))
partners = shared[shared["region"] == region].assign(
    category=lambda f: f["cluster"].map(cluster_names).fillna(f["cluster"]),
    partner_name=lambda f: f["partner"].map(region_names).fillna(f["partner"]),
    basis=lambda f: f["basis"].map(lambda b: t(f"basis_{b}")),
    partner_basis=lambda f: f["partner_basis"].map(lambda b: t(f"basis_{b}")),
    borders=lambda f: f["borders"].map({True: t("yes"), False: t("no")}),
)
declared_here = list(dict.fromkeys(mine["cluster"]))
if declared_here:
    cluster = st.selectbox(
        t("map_category"),
        declared_here,
        format_func=lambda c: str(cluster_names.get(c, c)),
        key="audit_category",
    )
    st_folium(
        shared_map(inputs, region, cluster),
        height=520,
        use_container_width=True,
        returned_objects=[],
        key="audit_map",
    )
show(partners, ["category", "basis", "partner_name", "partner_basis", "borders"], height=260)

st.subheader(t("downloads"))
downloads = {
    "audit.csv": audited[AUDIT_COLUMNS],
    "missing.csv": missing,
    "shared.csv": shared,
    "declared_problems.csv": declared.problems,
}
for column, (file, table) in zip(st.columns(len(downloads)), downloads.items(), strict=True):
    column.download_button(
        t("download", file=file),
        csv_bytes(table),
        file_name=file,
        mime="text/csv",
        on_click="ignore",
        key=f"audit_download_{file}",
    )
