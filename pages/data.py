"""Data page: the bundled demo or the user's own boundaries, employment table and cluster table."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from econ.correspondence import (
    CORRESPONDENCES,
    comparable_dataset,
    correspondence,
    read_correspondence,
)
from econ.dataset import Dataset
from econ.errors import InputError
from econ.keys import content_key
from econ.limits import MEMORY_MB
from econ.marks import CONVENTIONS, marks_for
from econ.scratch import scratch_folder
from econ.structure import UNIT_FACTORS
from econ.tables import RawTable, guess_layout, read_table, sniff_csv
from geo.firms import FirmReport, aggregate_firms
from geo.readers import RawBoundaries, build_regions, guess_columns, load_boundaries
from geo.web import for_web
from i18n.formats import number
from intake.pipeline import Intake, Options, Sources, matched_dataset
from layers.choropleth import format_number
from layers.tables import csv_bytes
from pages.common import (
    Atlas,
    DeclaredFile,
    declared_file,
    declared_list,
    error_text,
    language,
    plain,
    set_active_atlas,
    set_declared_file,
    show_table,
    stored_atlas,
    translator,
)

t = translator("data")
BOUNDARY_TYPES = ["zip", "geojson", "json", "topojson", "gpkg", "parquet", "geoparquet"]
TABLE_TYPES = ["csv", "txt", "tsv", "xlsx"]


def _staged(data: bytes, name: str, read, **options):
    """Run `read` on a copy of an upload in a temporary folder that is removed right after."""
    with scratch_folder("upload") as folder:
        path = folder / Path(name).name
        path.write_bytes(data)
        return read(path, label=name, **options)


@st.cache_data(show_spinner=False, max_entries=8)
def boundary_file(data: bytes, name: str, layer: str | None) -> RawBoundaries:
    return _staged(data, name, load_boundaries, layer=layer)


@st.cache_data(show_spinner=False, max_entries=8)
def table_file(data: bytes, name: str) -> RawTable:
    return _staged(data, name, read_table)


def _firm_preview(path: Path, label: str) -> pd.DataFrame:
    encoding, delimiter = sniff_csv(path, label=label)
    return pd.read_csv(path, sep=delimiter, encoding=encoding, nrows=5, dtype=str)


@st.cache_data(show_spinner=False, max_entries=8)
def firm_preview(data: bytes, name: str) -> pd.DataFrame:
    """The first rows of a firm file, for choosing its columns."""
    return _staged(data, name, _firm_preview)


@st.cache_data(show_spinner=False, max_entries=4)
def firm_table(
    data: bytes, name: str, _regions, regions_key: str, columns: tuple
) -> tuple[pd.DataFrame, FirmReport]:
    """Firms aggregated to the regions (cached per file, boundaries and chosen columns)."""
    activity, employees, lat, lon, wkt = columns
    return _staged(
        data,
        name,
        aggregate_firms,
        regions=_regions,
        activity=activity,
        employees=employees,
        lat=lat,
        lon=lon,
        wkt=wkt,
    )


def _guess(columns: list[str], *hints: str) -> str | None:
    """The first column whose lower-cased name contains one of `hints`, tried in order."""
    for hint in hints:
        for column in columns:
            if hint in column.lower():
                return column
    return None


def _choice(
    label: str, options: list[str], default: str | None, key: str, optional: bool = False
) -> str | None:
    """A selectbox over column names preselecting `default`; optional ones may pick none."""
    choices = ([""] if optional else []) + options
    index = choices.index(default) if default in choices else 0
    value = st.selectbox(label, choices, index=index, key=key, format_func=lambda c: c or t("none"))
    return value or None


def boundaries_step(upload) -> dict:
    """The boundary file's preview and the choice of its layer, id and name columns."""
    raw = boundary_file(upload.getvalue(), upload.name, None)
    layer = None
    if len(raw.layers) > 1:
        layer = st.selectbox(t("layer"), raw.layers, key="data_layer")
        raw = boundary_file(upload.getvalue(), upload.name, layer)
    columns = [str(c) for c in raw.frame.columns if c != raw.frame.geometry.name]
    guess_id, guess_name = guess_columns(raw.frame)
    left, right = st.columns(2)
    with left:
        id_column = _choice(t("id_column"), columns, guess_id, "data_id_column")
    with right:
        name_column = _choice(t("name_column"), columns, guess_name, "data_name_column")
    show_table(raw.frame.drop(columns=raw.frame.geometry.name).head(5), hide_index=True)
    return {"layer": layer, "id_column": id_column, "name_column": name_column}


def table_step(upload) -> dict:
    """The table's preview and the choice of its layout, columns, units and marks."""
    raw = table_file(upload.getvalue(), upload.name)
    show_table(raw.frame.head(5), hide_index=True)
    guess = guess_layout(raw)
    columns = list(raw.frame.columns)
    layout = st.radio(
        t("layout"),
        ["long", "wide"],
        index=0 if guess["layout"] == "long" else 1,
        format_func=t,
        horizontal=True,
        key="data_layout",
    )
    left, right = st.columns(2)
    with left:
        region = _choice(t("region_column"), columns, guess["region"], "data_region")
        label = _choice(t("label_column"), columns, None, "data_label", optional=True)
    options: dict = {"layout": layout, "region": region, "label": label}
    if layout == "long":
        with right:
            options["activity"] = _choice(
                t("activity_column"), columns, guess["activity"], "data_activity"
            )
            options["employment"] = _choice(
                t("employment_column"), columns, guess["employment"], "data_employment"
            )
            options["year"] = _choice(
                t("year_column"), columns, guess["year"], "data_year", optional=True
            )
    found_units = raw.layout.units or "persons"
    found_marks = marks_for([*raw.frame[region].head(200), *columns]).name
    left, right = st.columns(2)
    with left:
        units = st.selectbox(
            t("units"),
            ["auto", *UNIT_FACTORS],
            format_func=lambda u: t("units_auto", found=t(found_units)) if u == "auto" else t(u),
            key="data_units",
        )
    with right:
        marks = st.selectbox(
            t("marks"),
            ["auto", *CONVENTIONS],
            format_func=lambda m: (
                t("marks_auto", found=t(found_marks).split(":")[0]) if m == "auto" else t(m)
            ),
            key="data_marks",
        )
    bad = st.checkbox(t("bad_as_missing"), key="data_bad_values")
    return options | {
        "units": units,
        "marks": marks,
        "bad_values": "missing" if bad else "error",
    }


def firms_step(upload, regions, regions_key: str) -> tuple:
    """Employment from firm records: columns chosen, firms joined to the regions, reported."""
    preview = firm_preview(upload.getvalue(), upload.name)
    show_table(preview, hide_index=True)
    columns = [str(c) for c in preview.columns]
    left, right = st.columns(2)
    with left:
        activity = _choice(
            t("firm_activity"),
            columns,
            _guess(columns, "activity", "okved", "оквэд", "naics"),
            "data_firm_activity",
        )
        employees = _choice(
            t("firm_employees"),
            columns,
            _guess(columns, "employee", "staff", "числен"),
            "data_firm_employees",
        )
        wkt = _choice(t("firm_wkt"), columns, None, "data_firm_wkt", optional=True)
    with right:
        lat = _choice(t("firm_lat"), columns, _guess(columns, "lat", "широт"), "data_firm_lat")
        lon = _choice(
            t("firm_lon"), columns, _guess(columns, "lon", "lng", "долгот"), "data_firm_lon"
        )
    points = (None, None, wkt) if wkt else (lat, lon, None)
    key = (activity, employees, *points)
    with st.spinner(t("computing")):
        employment, report = firm_table(upload.getvalue(), upload.name, regions, regions_key, key)
    st.caption(
        t(
            "firms_read",
            firms=format_number(report.firms, language=language()),
            regions=employment["region"].nunique(),
            outside=format_number(report.outside, language=language()),
            no_coordinates=format_number(report.no_coordinates, language=language()),
            no_employees=format_number(report.no_employees, language=language()),
        )
    )
    return employment, report.problems


@st.cache_data(show_spinner=False, max_entries=4)
def intake_of(files: tuple[tuple[str, str, bytes], ...], options: Options) -> Intake:
    """The pipeline on copies of the uploads (`role, name, content`), in a temporary folder
    removed right after; cached per content and choices."""
    with scratch_folder("upload") as folder:
        paths, names = {}, {}
        for role, name, data in files:
            path = folder / role / Path(name).name
            path.parent.mkdir()
            path.write_bytes(data)
            paths[role], names[str(path)] = path, name
        return matched_dataset(Sources(**paths, names=names), options)


def _upload(role: str, upload) -> tuple[str, str, bytes] | None:
    return (role, upload.name, upload.getvalue()) if upload is not None else None


def table_summary(intake: Intake) -> None:
    """How the table was read, in a few lines the user can check."""
    table = intake.table
    st.caption(
        t(
            "rows_read",
            rows=table.rows_read,
            values=table.values,
            missing=sum(table.missing.values()),
        )
    )
    st.caption(
        t(
            "table_read",
            layout=t(table.layout).split(":")[0].lower(),
            header=table.header_row,
            units=t(table.units),
            marks=t(table.marks),
        )
    )
    if table.total_column:
        st.caption(t("totals_from", column=plain(table.total_column)))
    if intake.data.meta.get("reference_row"):
        st.caption(t("reference_row", row=plain(intake.data.meta["reference_row"])))
    if len(table.structure):
        st.caption(t("not_data", n=len(table.structure)))


def upload_help() -> str:
    """The uploaders' help: the server's size limit, where it is set, and the way past it."""
    lang = language()
    return t(
        "upload_help",
        size=number(st.get_option("server.maxUploadSize"), lang),
        memory=number(MEMORY_MB.default, lang),
    )


def upload_flow() -> None:
    shapes = st.file_uploader(
        t("boundaries"), type=BOUNDARY_TYPES, key="data_boundaries", help=upload_help()
    )
    origin = st.radio(
        t("employment_from"),
        ["table", "firms"],
        format_func=lambda o: t(f"from_{o}"),
        horizontal=True,
        key="data_employment_from",
    )
    if origin == "firms":
        table = st.file_uploader(
            t("firms"), type=["csv", "txt", "tsv"], key="data_firms_file", help=upload_help()
        )
    else:
        table = st.file_uploader(
            t("employment"), type=TABLE_TYPES, key="data_employment_file", help=upload_help()
        )
    clusters_upload = st.file_uploader(
        t("clusters"), type=TABLE_TYPES, key="data_clusters", help=upload_help()
    )
    if shapes is None or table is None:
        st.info(t("missing_firms" if origin == "firms" else "missing_files"))
        return
    try:
        st.subheader(t("preview"))
        choices = boundaries_step(shapes)
        boundary_notes = st.container()
        if origin == "firms":
            regions, report = boundary_file_regions(shapes, choices)
            digest = hashlib.sha1(shapes.getvalue(), usedforsecurity=False).hexdigest()
            employment, firm_problems = firms_step(table, regions, f"{digest}:{choices}")
            table_upload = ("employment", "firms.csv", employment.to_csv(index=False).encode())
        else:
            choices |= table_step(table)
            table_upload, firm_problems = _upload("employment", table), None
        table_notes = st.container()
        st.subheader(t("matching"))
        st.caption(t("matching_help"))
        mapping_upload = st.file_uploader(t("mapping"), type=TABLE_TYPES, key="data_mapping")
        accept = st.checkbox(t("accept"), key="data_accept")
        files = tuple(
            f
            for f in (
                table_upload,
                _upload("boundaries", shapes),
                _upload("clusters", clusters_upload),
                _upload("mapping", mapping_upload),
            )
            if f
        )
        options = Options(**choices, accept_suggestions=accept)
        with st.spinner(t("computing")):
            intake = intake_of(files, options)
    except InputError as error:
        st.error(error_text(error))
        return
    if origin == "table":
        with table_notes:
            table_summary(intake)
    boundary = intake.boundaries
    boundary_notes.caption(
        t(
            "regions_read",
            regions=boundary.regions,
            features=boundary.features,
            id=plain(boundary.id_column),
            name=plain(boundary.name_column),
        )
    )
    statuses = intake.matching["status"].value_counts().rename_axis("status")
    show_table(statuses.reset_index(name="rows"), hide_index=True)
    show_table(intake.matching, hide_index=True, height=240)
    st.download_button(
        t("download_matching"),
        csv_bytes(intake.matching, language=language(), localised=False),
        file_name="region_matching.csv",
        mime="text/csv",
    )
    st.subheader(t("quality"))
    unassigned = intake.activities.loc[intake.activities["status"] != "assigned", "label"]
    if len(unassigned):
        st.warning(t("unassigned", n=len(unassigned), codes=plain(", ".join(unassigned[:20]))))
    quality = intake.quality
    if firm_problems is not None and len(firm_problems):
        quality = pd.concat([quality, firm_problems], ignore_index=True)
    if quality.empty:
        st.success(t("no_problems"))
    else:
        show_table(quality, hide_index=True, height=200)
    st.download_button(
        t("download_quality"),
        csv_bytes(quality, language=language()),
        file_name="quality_report.csv",
        mime="text/csv",
    )
    try:
        data, change = classification_step(intake.data)
    except InputError as error:
        st.error(error_text(error))
        return
    digest = hashlib.sha1(f"{options!r}:{change}".encode(), usedforsecurity=False)
    for _, _, content in files:
        digest.update(content)
    key = digest.hexdigest()
    if st.button(t("apply"), type="primary", key="data_apply"):
        title = f"{Path(table.name).stem} × {Path(shapes.name).stem}"
        data = replace(data, meta={**data.meta, "title": title, "source": table.name})
        set_active_atlas(Atlas(regions=for_web(intake.regions), data=data, key=key))
        st.rerun()  # so that the sidebar, drawn before this page, names the new dataset
    if stored_atlas().key == key:
        st.success(
            t(
                "applied",
                regions=data.employment["region"].nunique(),
                activities=data.activities["activity"].nunique(),
                clusters=data.activities["cluster"].nunique(),
            )
        )
        st.page_link("pages/cluster_map.py", label=t("open_map"), icon=":material/map:")


@st.cache_data(show_spinner=False, max_entries=4)
def comparable(
    _data: Dataset, data_key: str, name: str, content: bytes | None, digits: int, old: tuple
) -> tuple[Dataset, pd.DataFrame]:
    """`econ.correspondence.comparable_dataset` with a shipped or an uploaded correspondence."""
    if content is None:
        return comparable_dataset(_data, correspondence(name), list(old))
    with scratch_folder("correspondence") as folder:
        path = folder / f"correspondence{Path(name).suffix.lower()}"
        path.write_bytes(content)
        links = read_correspondence(path, digits=digits, label=name)
    return comparable_dataset(_data, links, list(old))


def classification_step(data: Dataset) -> tuple[Dataset, str]:
    """For a table of several years, the classification change between them (`cli.py metrics
    --old-classification` / `--correspondence`): the data in comparable groups and a digest
    of the choice; the data as it is when nothing is chosen."""
    if len(data.years) < 2:
        return data, ""
    with st.expander(t("classification_change")):
        st.caption(t("classification_help"))
        left, right = st.columns(2)
        kind = left.selectbox(
            t("old_classification"),
            ["none", *CORRESPONDENCES, "own"],
            format_func=lambda k: t(f"classification_{k}"),
            key="data_old_classification",
        )
        old = right.multiselect(
            t("old_years"), data.years, default=data.years[:1], key="data_old_years"
        )
        if kind == "none":
            return data, ""
        upload, digits = None, 0
        if kind == "own":
            upload = st.file_uploader(
                t("correspondence_file"), type=TABLE_TYPES, key="data_correspondence"
            )
            digits = int(st.number_input(t("correspondence_digits"), 0, 8, 0, key="data_digits"))
            if upload is None:
                st.info(t("correspondence_missing"))
                return data, ""
        if not old or len(old) == len(data.years):
            st.warning(t("old_years_needed"))
            return data, ""
        name = kind if upload is None else upload.name
        content = None if upload is None else upload.getvalue()
        changed, report = comparable(
            data, content_key(data), name, content, digits, tuple(sorted(old))
        )
        st.caption(t("classification_groups", groups=len(report)))
        show_table(report, hide_index=True, height=200)
    return changed, content_key(name, content, digits, sorted(old))


def keep_declared_upload() -> None:
    """Store the declared priorities upload when the user picks or removes a file (the
    uploaders forget their file when the page is left; the stored copy stays)."""
    upload = st.session_state.get("data_declared")
    mapping = st.session_state.get("data_declared_mapping")
    if upload is None:
        set_declared_file(None)
        return
    set_declared_file(
        DeclaredFile(
            upload.name,
            upload.getvalue(),
            None if mapping is None else mapping.name,
            None if mapping is None else mapping.getvalue(),
        )
    )


def declared_section() -> None:
    """The strategy's declared priorities, for the Priorities audit page and the dossiers."""
    st.subheader(t("declared"))
    st.caption(t("declared_help"))
    left, right = st.columns(2)
    left.file_uploader(
        t("declared_file"),
        type=TABLE_TYPES,
        key="data_declared",
        on_change=keep_declared_upload,
    )
    right.file_uploader(
        t("declared_mapping"),
        type=TABLE_TYPES,
        key="data_declared_mapping",
        on_change=keep_declared_upload,
    )
    kept = declared_file()
    if kept is None:
        return
    try:
        declared = declared_list(stored_atlas())
    except InputError as error:
        st.error(error_text(error))
        return
    table = declared.table
    st.success(
        t(
            "declared_read",
            file=plain(kept.name),
            priorities=len(table),
            regions=table["region"].nunique(),
            problems=len(declared.problems),
        )
    )
    if len(declared.problems):
        show_table(declared.problems, hide_index=True, height=200)
    st.page_link("pages/audit.py", label=t("open_audit"), icon=":material/fact_check:")


def boundary_file_regions(upload, choices: dict):
    """The regions of a boundary upload with the chosen columns (for placing firms)."""
    raw = boundary_file(upload.getvalue(), upload.name, choices["layer"])
    return build_regions(raw, id_column=choices["id_column"], name_column=choices["name_column"])


st.title(t("title"))
st.caption(t("help"))
source = st.radio(
    t("source"), ["demo", "upload"], format_func=t, horizontal=True, key="data_source"
)
if source == "demo":
    if st.button(t("use_demo"), key="data_use_demo") or stored_atlas().key == "demo":
        set_active_atlas(None)
        st.success(t("demo_active"))
else:
    upload_flow()
st.divider()
declared_section()
