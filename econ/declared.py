"""Declared priorities: a strategy's list of supported clusters, read and mapped to categories.

A table `region, priority[, kind, source]` (one row per region and declared priority, as a
smart-specialisation strategy or a cluster programme lists them). `priority` may be a cluster
category id, a category name in English or Russian, an activity code or name, or free text the
user's own mapping (`priority, cluster`) resolves. Regions are matched to the dataset's regions
as the employment table's are (`econ.matching.match_regions`). Rows that resolve to no region
or no category are kept as problems with their file row, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from econ.classifications import cluster_names as shipped_names
from econ.classifications import cluster_of, detect_scheme
from econ.dataset import Dataset
from econ.errors import InputError
from econ.matching import match_regions
from econ.tables import read_table
from i18n.catalog import DEFAULT, translation
from i18n.formats import number
from i18n.phrases import phrase

COLUMNS = {
    "region": ("region", "регион", "субъект", "code", "код"),
    "priority": ("priority", "приоритет", "cluster", "кластер", "направление"),
    "kind": ("kind", "тип", "вид"),
    "source": ("source", "источник", "документ"),
}
DECLARED_COLUMNS = ["row", "region", "priority", "kind", "source", "cluster", "rule"]
PROBLEM_COLUMNS = ["row", "column", "value", "problem"]
FUZZY_CUTOFF = 90.0  # a close name is taken only this similar (rapidfuzz WRatio, 0–100)
FUZZY_MARGIN = 5.0  # ... and this much closer than the next category's name
CODE = re.compile(r"^[A-UА-Я]?\s?\d[\d.\-]*$|^[A-U]$", re.IGNORECASE)


@dataclass(frozen=True)
class Declared:
    """Declared priorities resolved to regions and categories.

    `table` (`DECLARED_COLUMNS`): one row per usable declared priority, `row` its file row,
    `region` the dataset's region id, `cluster` the category, `rule` what resolved it.
    `problems` (`PROBLEM_COLUMNS`): rows left out and why, by file row and column.
    """

    table: pd.DataFrame
    problems: pd.DataFrame
    file: str

    def summary(self, language: str = DEFAULT) -> list[str]:
        """One line on what was used and one per problem row (the first 20), in `language`
        (catalogue section `declared`; the problems through `i18n.phrases`)."""
        t = translation(language, "declared")
        lines = [
            t(
                "used",
                file=self.file,
                priorities=number(len(self.table), language),
                regions=number(self.table["region"].nunique(), language),
                left_out=number(len(self.problems), language),
            )
        ]
        for row in self.problems.head(20).itertuples():
            lines.append(
                t(
                    "problem",
                    row=number(row.row, language),
                    column=repr(row.column),
                    value=repr(row.value),
                    problem=phrase(row.problem, language),
                )
            )
        return lines


def key(text: object) -> str:
    """Text compared as a name: case folded, ё as е, punctuation and spacing collapsed."""
    folded = str(text).casefold().replace("ё", "е")
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def _column(frame: pd.DataFrame, role: str) -> str | None:
    by_key = {key(column): column for column in frame.columns}
    return next((by_key[name] for name in COLUMNS[role] if name in by_key), None)


def read_declared(path: str | Path, *, label: str | None = None) -> pd.DataFrame:
    """The declared priorities table as text: `row, region, priority, kind, source`.

    Column names may be English or Russian (`регион`, `приоритет`, `тип`, `источник`); `row` is
    the file row as a spreadsheet shows it. Raises InputError without a region or priority
    column, or when no row has both.
    """
    raw = read_table(path, label=label)
    found = {role: _column(raw.frame, role) for role in COLUMNS}
    for role in ("region", "priority"):
        if found[role] is None:
            raise InputError(
                "error.declared.no_column",
                params={"role": repr(role), "found": ", ".join(map(str, raw.frame.columns))},
                file=raw.file,
                row=raw.header_row,
            )
    table = pd.DataFrame(
        {
            "row": raw.file_row(range(len(raw.frame))),
            **{
                role: raw.frame[column].fillna("").astype(str).str.strip()
                if column
                else pd.Series("", index=raw.frame.index)
                for role, column in found.items()
            },
        }
    )
    filled = (table["region"] != "") & (table["priority"] != "")
    if not filled.any():
        raise InputError(
            "error.declared.nothing_filled",
            file=raw.file,
            column=found["priority"],
        )
    return table.reset_index(drop=True)


def read_priority_mapping(path: str | Path, *, label: str | None = None) -> dict[str, str]:
    """The user's own `priority, cluster` table as normalised priority text -> cluster."""
    raw = read_table(path, label=label)
    columns = list(raw.frame.columns)
    if len(columns) < 2:
        raise InputError("error.declared.mapping_columns", file=raw.file)
    text = raw.frame[_column(raw.frame, "priority") or columns[0]].fillna("")
    cluster = raw.frame["cluster" if "cluster" in columns[1:] else columns[1]].fillna("")
    return {key(p): str(c).strip() for p, c in zip(text, cluster, strict=True) if key(p) and c}


class _Categories:
    """Every way a priority can name one of the dataset's categories."""

    def __init__(self, data: Dataset, mapping: Mapping[str, str] | None) -> None:
        activities = data.activities
        self.clusters = set(activities["cluster"])
        self.mapping = {k: v for k, v in (mapping or {}).items()}
        self.ids = {key(c): c for c in self.clusters}
        names: dict[str, str] = {}
        for language in ("en", "ru"):
            shipped = shipped_names(language)
            names |= {key(name): c for c, name in shipped.items() if c in self.clusters}
            names |= {key(name): c for c, name in data.cluster_names(language).items()}
        self.names = names
        self.codes = dict(
            zip(activities["activity"].astype(str), activities["cluster"], strict=True)
        )
        self.activity_names = (
            {key(n): c for n, c in zip(activities["name"], activities["cluster"], strict=True)}
            if "name" in activities
            else {}
        )
        try:
            self.scheme = detect_scheme(activities["activity"].astype(str))
        except InputError:
            self.scheme = None

    def by_code(self, text: str) -> tuple[str | None, str]:
        """The category of an activity code: the dataset's own code, the codes it begins, or
        the shipped classification of the dataset's scheme."""
        code = text.strip().upper().replace(" ", "")
        if code in self.codes:
            return self.codes[code], "activity code"
        stem = code.rstrip("0").rstrip("-.") or code
        held = {c for a, c in self.codes.items() if a.upper().startswith(stem)}
        if len(held) == 1:
            return held.pop(), "activity code prefix"
        if len(held) > 1:
            listed = ", ".join(sorted(held)[:4])
            return None, f"the code spans {len(held)} categories ({listed}); name one of them"
        if self.scheme:
            shipped = cluster_of(pd.Series([code]), self.scheme).iloc[0]
            if isinstance(shipped, str) and shipped in self.clusters:
                return shipped, "activity code, shipped classification"
        return None, "no activity of the data has this code"

    def closest(self, text: str) -> list[tuple[str, float]]:
        """Categories by how close their best-matching name is to `text`, closest first."""
        scores: dict[str, float] = {}
        for name, score, _ in process.extract(text, list(self.names), scorer=fuzz.WRatio, limit=8):
            cluster = self.names[name]
            scores[cluster] = max(scores.get(cluster, 0.0), score)
        return sorted(scores.items(), key=lambda item: -item[1])

    def resolve(self, priority: str) -> tuple[str | None, str]:
        """(category, rule) of one priority; (None, why) when none fits."""
        text = key(priority)
        if text in self.mapping:
            cluster = self.mapping[text]
            if cluster in self.clusters:
                return cluster, "user mapping"
            return None, f"the mapping names {cluster!r}, which is not a category of the data"
        if priority.strip() in self.clusters:
            return priority.strip(), "category id"
        if text in self.ids:
            return self.ids[text], "category id"
        if text in self.names:
            return self.names[text], "category name"
        if text in self.activity_names:
            return self.activity_names[text], "activity name"
        if CODE.match(priority.strip()):
            return self.by_code(priority)
        best = self.closest(text)
        if best and best[0][1] >= FUZZY_CUTOFF:
            runner_up = best[1][1] if len(best) > 1 else 0.0
            if best[0][1] - runner_up >= FUZZY_MARGIN:
                return best[0][0], f"close category name ({best[0][1]:.0f}/100)"
        hint = f"; closest: {best[0][0]!r}" if best else ""
        return None, (
            "no category, activity code or name matches; add it to a priority, cluster "
            f"mapping{hint}"
        )


def match_declared(
    raw: pd.DataFrame,
    data: Dataset,
    regions: pd.DataFrame,
    *,
    mapping: Mapping[str, str] | None = None,
    file: str = "",
) -> Declared:
    """Resolve `read_declared` rows to the dataset's regions and categories.

    `regions` is `region, name` (the boundaries, or the dataset's region ids and names);
    `mapping` the user's normalised priority text -> cluster (`read_priority_mapping`).
    Raises InputError when no row resolves at all; otherwise unusable rows become problems.
    """
    problems: list[tuple[int, str, str, str]] = []
    blank = (raw["region"] == "") | (raw["priority"] == "")
    for row in raw[blank].itertuples():
        column = "region" if row.region == "" else "priority"
        problems.append((row.row, column, "", f"the {column} is empty; fill it in or remove it"))
    rows = raw[~blank]
    report = match_regions(pd.DataFrame({"code": rows["region"]}), regions[["region", "name"]])
    found = report[report["status"] == "matched"].set_index("code")["region"]
    region = rows["region"].map(found)
    statuses = report.set_index("code")
    for row in rows[region.isna()].itertuples():
        status = statuses.loc[row.region]
        hint = (
            f"; did you mean {status['candidates']}?"
            if status["status"] in ("suggested", "ambiguous") and status["candidates"]
            else ""
        )
        problems.append(
            (
                row.row,
                "region",
                row.region,
                f"no region of the data matches ({status['status']}){hint}",
            )
        )
    categories = _Categories(data, mapping)
    resolved = [categories.resolve(p) for p in rows["priority"]]
    cluster = pd.Series([c for c, _ in resolved], index=rows.index, dtype=object)
    rule = pd.Series([r for _, r in resolved], index=rows.index, dtype=object)
    for position in rows.index[cluster.isna() & region.notna()]:
        problems.append(
            (rows.at[position, "row"], "priority", rows.at[position, "priority"], rule[position])
        )
    good = cluster.notna() & region.notna()
    table = rows[good].assign(region=region[good], cluster=cluster[good], rule=rule[good])
    repeated = table.duplicated(["region", "cluster"])
    first = table.drop_duplicates(["region", "cluster"]).set_index(["region", "cluster"])["row"]
    for row in table[repeated].itertuples():
        problems.append(
            (
                row.row,
                "priority",
                row.priority,
                f"the same category as row {first[(row.region, row.cluster)]} ({row.cluster}); "
                "counted once",
            )
        )
    table = table[~repeated].reset_index(drop=True)
    problem_table = pd.DataFrame(problems, columns=PROBLEM_COLUMNS)
    problem_table = problem_table.sort_values("row", kind="stable", ignore_index=True)
    if table.empty:
        first = problem_table.iloc[0]
        raise InputError(
            "error.declared.none_usable",
            params={"problem": first["problem"]},
            file=file,
            row=int(first["row"]),
            column=str(first["column"]),
        )
    return Declared(table[DECLARED_COLUMNS], problem_table, file)


def dataset_regions(data: Dataset) -> pd.DataFrame:
    """`region, name` of the dataset's regions (names from its meta, else the ids)."""
    ids = pd.Series(sorted(data.employment["region"].astype(str).unique()))
    names = data.meta.get("region_names") or {}
    return pd.DataFrame({"region": ids, "name": ids.map(names).fillna(ids)})


def declared_priorities(
    path: str | Path,
    data: Dataset,
    regions: pd.DataFrame | None = None,
    *,
    mapping: str | Path | None = None,
    label: str | None = None,
) -> Declared:
    """Read and resolve a declared priorities file against `data` (and its `regions`)."""
    label = label or Path(path).name
    raw = read_declared(path, label=label)
    own = read_priority_mapping(mapping) if mapping else None
    places = dataset_regions(data) if regions is None else regions[["region", "name"]]
    return match_declared(raw, data, places, mapping=own, file=label)
