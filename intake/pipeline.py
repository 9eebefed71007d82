"""Files → a matched dataset: the table read as its publisher means it, regions matched to the
boundaries (aggregates, nested territories and absent ones set aside), activities classified,
and every decision reported. The Data page and every `cli.py` command call `matched_dataset`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from econ.classifications import REASONS, assign_clusters, recognise_activities
from econ.dataset import Dataset
from econ.duck_tables import read_employment_table
from econ.errors import InputError
from econ.gazetteer import AGGREGATE_LEVELS, best_gazetteer
from econ.matching import accept_suggestions, apply_mapping, match_regions, region_mapping
from econ.tables import (
    TableReport,
    parse_numbers,
    read_clusters,
    read_table,
    tidy_employment,
    value_problem,
)
from econ.tidy_codes import applies, codes_apply, tidy_coded, used_categories
from econ.wage_reader import split_wages, wage_column, with_wages
from geo.readers import BoundaryReport, read_boundaries
from i18n.catalog import DEFAULT, section, translation
from i18n.formats import number
from i18n.phrases import phrase

QUALITY_COLUMNS = ["file", "row", "column", "value", "problem"]


@dataclass(frozen=True)
class Sources:
    """The user's files. `names` gives the name to show for a path (an upload's own name)."""

    employment: Path
    boundaries: Path | None = None
    clusters: Path | None = None
    mapping: Path | None = None
    totals: Path | None = None
    reference: Path | None = None
    names: dict[str, str] = field(default_factory=dict)

    def name(self, path: Path | None) -> str:
        """The name a user knows the file by."""
        return self.names.get(str(path), Path(path).name) if path else ""


@dataclass(frozen=True)
class Options:
    """Every choice of the path; None means "as found in the files"."""

    layer: str | None = None
    id_column: str | None = None
    name_column: str | None = None
    sheet: str | None = None
    layout: str | None = None
    region: str | None = None
    label: str | None = None
    activity: str | None = None
    employment: str | None = None
    year: str | None = None
    wage: str | None = None
    units: str | None = None
    marks: str | None = None
    bad_values: str = "error"
    accept_suggestions: bool = False
    each_activity_a_cluster: bool = False
    reference_total: float | None = None


@dataclass
class Intake:
    """A matched, analysable dataset and the reports of how it was made."""

    data: Dataset
    regions: gpd.GeoDataFrame | None
    matching: pd.DataFrame
    quality: pd.DataFrame
    table: TableReport
    boundaries: BoundaryReport | None
    activities: pd.DataFrame  # activity, label, cluster, status, reason

    def summary(self, language: str = DEFAULT) -> list[str]:
        """What a user should know before trusting the numbers, one line each, in `language`
        (catalogue section `intake`; the table's machine words through `i18n.phrases`)."""
        t = translation(language, "intake")
        statuses = self.matching["status"].value_counts()
        words = section(language, "status")
        table = self.table
        legend = table.marks_legend if language == DEFAULT else t(f"legend_{table.marks}")
        lines = [
            t(
                "table_read",
                source=self.data.meta["source"],
                layout=phrase(table.layout, language),
                header=number(table.header_row, language),
                units=phrase(table.units, language),
                units_source=phrase(table.units_source, language),
            ),
            t("marks", marks=table.marks, legend=legend),
            t(
                "regions",
                statuses=", ".join(
                    t("region_status", count=number(n, language), status=words.get(status, status))
                    for status, n in statuses.items()
                ),
            ),
        ]
        if table.total_column:
            lines.append(t("totals", column=repr(table.total_column)))
        if self.data.meta.get("reference_row"):
            lines.append(t("reference_row", row=repr(self.data.meta["reference_row"])))
        unassigned = self.activities[self.activities["status"] != "assigned"]
        for row in unassigned.itertuples():
            lines.append(t("left_out", label=repr(row.label), reason=phrase(row.reason, language)))
        if len(table.structure):
            lines.append(t("not_data", rows=number(len(table.structure), language)))
        return lines


def keyed_numbers(path: Path, key: str, label: str) -> pd.DataFrame:
    """A two-column table `<key>, employment` (named so, or the first two columns) from a file."""
    raw = read_table(path, label=label)
    columns = list(raw.frame.columns)
    if len(columns) < 2:
        raise InputError("error.table.two_columns", params={"key": key}, file=raw.file)
    first = key if key in columns else columns[0]
    value = "employment" if "employment" in columns else columns[1]
    parsed = parse_numbers(raw.frame[value])
    bad = parsed.problems.notna().to_numpy()
    if bad.any():
        position = int(bad.nonzero()[0][0])
        raise InputError(
            "error.value.correct",
            params={
                "problem": value_problem(parsed.problems.iloc[position]),
                "value": repr(raw.frame[value].iloc[position]),
            },
            file=raw.file,
            row=int(raw.file_row(position)),
            column=value,
        )
    return pd.DataFrame({key: raw.frame[first].str.strip(), "employment": parsed.values})


def _activities(employment: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Activity labels as codes (`обрабатывающие производства` → C), and the label of each code."""
    labels = pd.Series(_distinct(employment["activity"]), name="label")
    known = recognise_activities(labels)
    codes = dict(zip(known["label"], known["activity"], strict=True))
    column = employment["activity"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        coded = _with(employment, activity=codes_apply(column, lambda a: codes.get(a, a)))
    else:
        coded = employment.assign(activity=column.map(codes).fillna(column))
    names = known[["activity", "label"]].drop_duplicates("activity")
    return coded, names


def _distinct(column: pd.Series) -> np.ndarray:
    """The column's distinct values in order of appearance, as plain values (not categorical)."""
    return np.asarray(column.unique(), dtype=object)


def _with(table: pd.DataFrame, **columns: object) -> pd.DataFrame:
    """`table` with `columns` replaced, its other columns shared rather than copied (`assign`
    copies every column: 1 GB for a 90-million-row panel)."""
    return pd.DataFrame({c: columns.get(c, table[c]) for c in table.columns}, copy=False)


def _relabelled(employment: pd.DataFrame, matching: pd.DataFrame) -> pd.DataFrame:
    """`apply_mapping`, once per category when the regions are categorical and no two table
    regions meet in one boundary region (then no cell needs summing)."""
    column = employment["region"]
    mapping = region_mapping(matching)
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return apply_mapping(employment, matching)
    targets = [mapping.get(str(c)) for c in column.cat.categories]
    found = [t for t in targets if t is not None]
    if len(set(found)) < len(found):
        return apply_mapping(employment, matching)
    relabelled = codes_apply(column, lambda c: mapping.get(c) or "")
    matched = _with(employment, region=relabelled)
    unmatched = np.asarray(relabelled.categories == "")[relabelled.codes]
    if not unmatched.any():
        return matched
    matched = matched[~unmatched].reset_index(drop=True)
    return _with(matched, region=used_categories(matched["region"]))


def _places(codes: pd.DataFrame) -> pd.DataFrame:
    """The table's own regions standing in for boundaries when there are none: every row but
    those the gazetteer knows as aggregates (the country, districts, an oblast listed with its
    okrugs), so that these are still set aside."""
    gazetteer = best_gazetteer(codes["label"], codes["code"])
    keep = pd.Series(True, index=codes.index)
    if gazetteer is not None:
        ids = gazetteer.resolve(codes["label"])
        ids = ids.where(ids.notna(), gazetteer.resolve(codes["code"]))
        listed = set(ids.dropna())
        keep = ~ids.map(
            lambda gid: (
                gid is not None
                and (
                    gazetteer.entries.at[gid, "level"] in AGGREGATE_LEVELS
                    or bool(listed & set(gazetteer.parts(gid)))
                )
            )
        ).astype(bool)
    return pd.DataFrame({"region": codes["code"], "name": codes["label"]})[keep]


def _region_labels(raw, table: TableReport, column: str | None, codes: pd.Series) -> pd.Series:
    """The table's region names from its name column (`column`), else the region values."""
    if not column:
        return codes
    pairs = dict(
        zip(raw.frame[table.region_column].str.strip(), raw.frame[column].str.strip(), strict=True)
    )
    return codes.map(pairs).fillna(codes)


def _reference(
    sources: Sources, employment: pd.DataFrame, matching: pd.DataFrame, table: TableReport
) -> tuple[pd.DataFrame | None, float | pd.Series | None, str]:
    """The benchmark economy: the user's reference file, else the table's country row, else
    None (the sum of the regions). Returns the table, its total (per year when the table has
    years: a Series indexed by year) and the row used."""
    if sources.reference:
        frame = keyed_numbers(sources.reference, "activity", sources.name(sources.reference))
        return frame, None, ""
    country = matching[
        (matching["status"] == "aggregate") & matching["rule"].str.startswith("country")
    ]
    if country.empty:
        return None, None, ""
    code = country["code"].iloc[0]
    rows = employment[employment["region"] == code]
    keys = ["activity", "year"] if "year" in rows else ["activity"]
    total = None
    if table.totals is not None and code in table.totals.index.get_level_values(0):
        by_row = table.totals.xs(code, level=0) if table.totals.index.nlevels == 2 else None
        total = by_row if by_row is not None else float(table.totals[code])
    return rows[[*keys, "employment"]].reset_index(drop=True), total, code


def _region_totals(
    sources: Sources, table: TableReport, matching: pd.DataFrame
) -> pd.Series | None:
    """Whole-economy totals per boundary region: the user's totals file or the table's total
    column, relabelled as the regions were."""
    if sources.totals:
        frame = keyed_numbers(sources.totals, "region", sources.name(sources.totals))
        totals = frame.set_index("region")["employment"]
    elif table.totals is not None:
        totals = table.totals
    else:
        return None
    mapping = region_mapping(matching)
    frame = totals.rename("employment").reset_index()
    relabelled = frame["region"].map(mapping)
    if sources.totals:  # a totals file may already use the boundaries' ids
        relabelled = relabelled.fillna(frame["region"])
    frame["region"] = relabelled
    frame = frame.dropna(subset="region")
    keys = [c for c in frame.columns if c != "employment"]
    return frame.groupby(keys, sort=False)["employment"].sum(min_count=1)


def _clusters(
    sources: Sources, employment: pd.DataFrame, names: pd.DataFrame, options: Options
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`Dataset.activities` and the activity report (`activity, label, cluster, status, reason`)."""
    codes = pd.Series(_distinct(employment["activity"]), name="activity")
    if options.each_activity_a_cluster and not sources.clusters:
        activities = pd.DataFrame({"activity": codes, "cluster": codes})
        unmatched = pd.DataFrame({"activity": [], "reason": []}, dtype=object)
    else:
        overrides = (
            read_clusters(sources.clusters, label=sources.name(sources.clusters))
            if sources.clusters
            else None
        )
        assignment = assign_clusters(codes, overrides=overrides)
        activities, unmatched = assignment.activities(), assignment.unmatched
    activities = activities.merge(names, on="activity", how="left")
    activities["name"] = activities["label"].fillna(activities["activity"])
    report = pd.concat(
        [
            activities[["activity", "label", "cluster"]].assign(status="assigned", reason=""),
            unmatched.merge(names, on="activity", how="left").assign(
                cluster=None,
                status="unassigned",
                reason=lambda u: u["reason"].map(REASONS).fillna(u["reason"]),
            ),
        ],
        ignore_index=True,
    )
    report["label"] = report["label"].fillna(report["activity"])
    return activities.drop(columns="label"), report


def _quality(
    boundaries: BoundaryReport | None, table: TableReport, activities: pd.DataFrame
) -> pd.DataFrame:
    """One table of everything worth a look: boundary findings, bad cells, rows that are not
    data, and activities left without a cluster."""
    parts = [table.structure, table.problems]
    if boundaries is not None:
        found = boundaries.problems()
        parts.append(
            pd.DataFrame(
                {
                    "file": found["file"],
                    "row": found["row"],
                    "column": "",
                    "value": found["region"],
                    "problem": found["kind"] + ": " + found["detail"],
                }
            )
        )
    left = activities[activities["status"] != "assigned"]
    parts.append(
        pd.DataFrame(
            {
                "file": table.file,
                "row": table.header_row,
                "column": left["label"],
                "value": left["activity"],
                "problem": "activity left out of every measure: " + left["reason"],
            }
        )
    )
    frames = [p[QUALITY_COLUMNS] for p in parts if len(p)]
    if not frames:
        return pd.DataFrame(columns=QUALITY_COLUMNS)
    return pd.concat(frames, ignore_index=True).astype({"row": "Int64"})


def matched_dataset(sources: Sources, options: Options | None = None) -> Intake:
    """Read, match and classify the user's files into one `Intake` (see the module docstring)."""
    options = options or Options()
    label = sources.name(sources.employment)
    raw = read_employment_table(sources.employment, sheet=options.sheet, label=label)
    coded = applies(raw, options.layout) and wage_column(raw, options.wage) is None
    employment, table = (tidy_coded if coded else partial(tidy_employment, layout=options.layout))(
        raw,
        region=options.region,
        activity=options.activity,
        employment=options.employment,
        year=options.year,
        bad_values=options.bad_values,
        units=options.units,
        marks=options.marks,
    )
    employment = with_wages(
        raw,
        table,
        employment,
        column=options.wage,
        activity=options.activity,
        year=options.year,
        bad_values=options.bad_values,
    )
    employment, activity_names = _activities(employment)
    codes = pd.DataFrame({"code": _distinct(employment["region"])})
    codes["label"] = _region_labels(raw, table, options.label, codes["code"])
    del raw  # the table's text cells: as large as the tidy table again
    row_totals = (
        table.totals.groupby(level=0).sum(min_count=1)
        if table.totals is not None
        else employment.groupby("region", observed=True)["employment"].sum(min_count=1)
    )
    regions, boundary_report = None, None
    if sources.boundaries:
        regions, boundary_report = read_boundaries(
            sources.boundaries,
            layer=options.layer,
            id_column=options.id_column,
            name_column=options.name_column,
            label=sources.name(sources.boundaries),
        )
        places = regions[["region", "name"]]
    else:
        places = _places(codes)
    mapping = (
        read_table(sources.mapping, label=sources.name(sources.mapping)).frame
        if sources.mapping
        else None
    )
    matching = match_regions(codes, places, mapping=mapping, totals=row_totals)
    if not sources.boundaries:
        matching = matching[matching["status"] != "no_data"].reset_index(drop=True)
    if options.accept_suggestions:
        matching = accept_suggestions(matching)
    reference, reference_total, reference_row = _reference(sources, employment, matching, table)
    matched = _relabelled(employment, matching)
    if matched.empty:
        example = {"table": repr(codes["code"].iloc[0])}
        if boundary_report:
            example |= {
                "id": repr(boundary_report.id_column),
                "boundary": repr(regions["region"].iloc[0]),
            }
        raise InputError(
            "error.matching.nothing_example" if boundary_report else "error.matching.nothing",
            params=example,
            file=label,
            column=table.region_column,
        )
    activities, activity_report = _clusters(sources, matched, activity_names, options)
    classified = matched["activity"].isin(activities["activity"]).to_numpy()
    if not classified.all():
        matched = matched[classified].reset_index(drop=True)
    matched, wages = split_wages(matched)
    matched_rows = matching[matching["status"] == "matched"]
    meta = {
        "source": label,
        "boundaries": sources.name(sources.boundaries),
        "year": "",
        "reference_name": reference_row or sources.name(sources.reference) or "all regions",
        "reference_row": reference_row,
        "units": table.units,
        "marks": table.marks,
        "region_names": dict(zip(matched_rows["region"], matched_rows["label"], strict=False)),
    }
    data = Dataset(
        employment=matched,
        activities=activities,
        region_totals=_region_totals(sources, table, matching),
        reference=reference,
        reference_total=options.reference_total or reference_total,
        meta=meta,
        wages=wages,
    )
    quality = _quality(boundary_report, table, activity_report)
    return Intake(data, regions, matching, quality, table, boundary_report, activity_report)
