"""`tidy_employment` for a long table of categorical columns (what DuckDB streams from a big
CSV or Parquet file), worked out once per distinct text and spread to the rows as codes.

A 2 GB panel holds 90 million rows but only thousands of distinct regions, activities, figures
and years: every rule of `econ.tables.tidy_employment` (footnote marks, trimming, marks and
units, bad values, empty regions, total activities, duplicates) depends on a cell's text alone,
so it is decided per text and each row carries 1–2 byte codes plus its float employment. The
tidy table and report are the ones `tidy_employment` gives (region, activity and year are
categorical); its messages, rows and columns are the same.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from econ.concentration import code_type, combined, group_sum
from econ.errors import InputError
from econ.structure import strip_footnote
from econ.tables import (
    MAX_PERSONS,
    TOTAL_NAMES,
    UNIT_FACTORS,
    RawTable,
    TableReport,
    chosen_column,
    detect_decimal,
    guess_layout,
    in_persons,
    opened_report,
    parse_numbers,
    settle_problems,
)

BLOCK = 1 << 22  # rows per block of the duplicate check


def codes_apply(values: pd.Series, function: Callable[[str], str]) -> pd.Categorical:
    """`values.map(function)` of a categorical column, once per category (merged categories
    share a code)."""
    changed = [function(str(t)) for t in values.cat.categories]
    cells = values.cat.codes.to_numpy()
    empty = cells.size and cells.min() < 0
    if not empty and changed == list(values.cat.categories):  # the codes serve as they are
        return values.array
    if empty:  # an empty cell reads as a blank one
        changed.append(function(""))
        cells = np.where(cells < 0, len(changed) - 1, cells)
    texts, categories = pd.factorize(pd.Index(changed, dtype=object))
    codes = texts.astype(code_type(len(categories)))[cells]
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def applies(raw: RawTable, layout: str | None) -> bool:
    """True for a long table whose every column is categorical (`econ.duck_tables`)."""
    columns = raw.frame.dtypes
    categorical = all(isinstance(t, pd.CategoricalDtype) for t in columns)
    return categorical and (layout or guess_layout(raw)["layout"]) == "long"


def tidy_coded(
    raw: RawTable,
    *,
    region: str | None = None,
    activity: str | None = None,
    employment: str | None = None,
    year: str | None = None,
    bad_values: str = "error",
    units: str | None = None,
    marks: str | None = None,
) -> tuple[pd.DataFrame, TableReport]:
    """The tidy table and report of a long categorical `raw` (see the module docstring)."""
    guess = guess_layout(raw)
    frame = raw.frame
    region = chosen_column(raw, region or guess["region"], "region")
    activity = chosen_column(raw, activity or guess["activity"], "activity")
    employment = chosen_column(raw, employment or guess["employment"], "employment")
    year = year or guess["year"]
    report, convention = opened_report(raw, "long", region, marks, units)
    names = codes_apply(frame[region], strip_footnote)
    activities = codes_apply(frame[activity], str.strip)
    value = frame[employment]
    texts = pd.Series([*value.cat.categories.astype(str), ""], dtype=object)
    cell = value.cat.codes.to_numpy()
    if cell.size and cell.min() < 0:  # an empty cell reads as a blank one
        cell = np.where(cell < 0, len(texts) - 1, cell)

    once = parse_numbers(texts, decimal=detect_decimal(value, raw.delimiter), marks=convention)
    per_text = group_sum(cell, None, len(texts))
    report.values = int(per_text[once.values.notna().to_numpy()].sum())
    report.missing = _counted(once.marks, per_text)
    report.zeros = _counted(once.zeros, per_text) if once.zeros is not None else {}
    factor = UNIT_FACTORS[report.units]
    problem = once.problems.copy()
    huge = once.values.to_numpy() * factor > MAX_PERSONS
    problem[huge & problem.isna().to_numpy()] = "more people than live on Earth"
    bad_text = problem.notna().to_numpy()
    figures = in_persons(once.values.to_numpy(), factor)
    figures[bad_text] = np.nan

    total_activity = np.array([bool(TOTAL_NAMES.match(a)) for a in activities.categories])
    total_rows = total_activity[activities.codes]
    total = total_rows.any() and not total_rows.all()
    if total:
        report.total_column = str(activities.categories[activities.codes[total_rows.argmax()]])
    blank_region = np.asarray(names.categories == "")
    no_region = blank_region[names.codes]

    bad_rows = np.flatnonzero(bad_text[cell])
    rows_bad = raw.file_row(bad_rows)
    problems = pd.DataFrame(
        {
            "file": raw.file,
            "row": rows_bad,
            "column": employment,
            "value": texts.to_numpy()[cell[bad_rows]],
            "problem": problem.to_numpy()[cell[bad_rows]],
        }
    )
    blank_rows = np.flatnonzero(no_region & ~total_rows)
    blank = pd.DataFrame(
        {
            "file": raw.file,
            "row": raw.file_row(blank_rows),
            "column": region,
            "value": "",
            "problem": "empty region code; row skipped",
        }
    ).drop_duplicates("row")

    tidy = pd.DataFrame(
        {"region": names, "activity": activities, "employment": figures[cell]}, copy=False
    )
    if year:
        tidy["year"] = _years(frame[chosen_column(raw, year, "year")])
    kept = ~no_region
    if report.total_column:
        keys = ["region", "year"] if "year" in tidy else ["region"]
        totals = _plain(tidy[total_rows & kept])
        report.totals = totals.groupby(keys, sort=False)["employment"].sum(min_count=1)
        kept &= ~total_rows
    if not kept.all():
        tidy = tidy[kept]
    kept_rows = np.flatnonzero(kept) if not kept.all() else None
    dups = _duplicates(tidy, raw, kept_rows, region)
    settle_problems(report, raw, region, (problems, blank, dups), bad_values)
    if tidy.empty:
        raise InputError("error.table.no_region_rows", file=raw.file, column=region)
    if not isinstance(tidy.index, pd.RangeIndex) or tidy.index.start != 0:
        tidy = tidy.reset_index(drop=True)
    return _used_only(tidy), report


def _used_only(tidy: pd.DataFrame) -> pd.DataFrame:
    """`tidy` with the categories no row uses dropped (total and blank rows left out), so that
    every measure's keys are those of the rows, as in `tidy_employment`'s text columns."""
    keys = {"region", "activity", "year"}
    return pd.DataFrame(
        {c: used_categories(tidy[c]) if c in keys else tidy[c] for c in tidy.columns}, copy=False
    )


def used_categories(column: pd.Series) -> pd.Categorical:
    """`column.cat.remove_unused_categories()` by a count of each code, not a sort of them all
    (which costs 18 bytes a row)."""
    categories = column.cat.categories
    codes = column.cat.codes.to_numpy()
    used = group_sum(codes, None, len(categories)) > 0
    if used.all():
        return column.array
    renumbered = (np.cumsum(used) - 1).astype(code_type(int(used.sum())))
    return pd.Categorical.from_codes(renumbered[codes], categories=categories[used])


def _counted(marks: pd.Series, per_text: np.ndarray) -> dict[str, int]:
    """Rows per mark, from each distinct text's mark and row count."""
    found = marks.notna().to_numpy()
    counts = pd.Series(per_text[found], index=marks[found].astype(str)).groupby(level=0).sum()
    counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
    return {str(mark): int(n) for mark, n in counts.items()}


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """A few rows with their keys as `tidy_employment` types them: text, and Int64 years."""
    plain = {"region": table["region"].astype(object), "activity": table["activity"].astype(object)}
    if "year" in table:
        years = table["year"].cat.categories
        kind = "Int64" if pd.api.types.is_integer_dtype(years) else object
        plain["year"] = table["year"].astype(years.dtype).astype(kind)
    return table.assign(**plain)


def _years(column: pd.Series) -> pd.Categorical:
    """The year column: whole years when every text is one, else the trimmed texts."""
    trimmed = codes_apply(column, str.strip)
    years = parse_numbers(pd.Series(trimmed.categories, dtype=object)).values
    used = group_sum(trimmed.codes, None, len(trimmed.categories)) > 0
    if years[used].notna().all():
        numbers = pd.Index(years.fillna(0).astype("int64"))
        texts, labels = pd.factorize(numbers)
        codes = texts.astype(code_type(len(labels)))[trimmed.codes]
        return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype="int64"))
    return trimmed


def _duplicates(
    tidy: pd.DataFrame, raw: RawTable, kept_rows: np.ndarray | None, region: str
) -> pd.DataFrame:
    """The rows repeating a region, activity and year, as `tidy_employment` lists them; found
    by a bitmap of the key codes a block at a time, then looked up only when there are any."""
    keys = [c for c in ("region", "activity", "year") if c in tidy]
    codes = [tidy[k].cat.codes.to_numpy() for k in keys]
    sizes = [len(tidy[k].cat.categories) for k in keys]
    size = int(np.prod(sizes))
    seen, distinct = np.zeros(size, dtype=bool), 0
    for start in range(0, len(tidy), BLOCK):
        key = _key(codes, sizes, slice(start, start + BLOCK), size)
        seen[key] = True
        now = int(np.count_nonzero(seen))
        if now - distinct < len(key):  # a key met before, in this block or an earlier one
            break
        distinct = now
    repeated = distinct < len(tidy)
    columns = ["file", "row", "column", "value", "problem"]
    if not repeated:
        return pd.DataFrame(columns=columns)
    key = _key(codes, sizes, slice(None), size)
    duplicated = pd.Series(key).duplicated(keep=False).to_numpy()
    positions = np.flatnonzero(duplicated)
    rows = raw.file_row(kept_rows[positions] if kept_rows is not None else positions)
    return pd.DataFrame(
        {
            "file": raw.file,
            "row": rows,
            "column": region,
            "value": tidy["region"].to_numpy()[positions],
            "problem": "duplicate region and activity",
        }
    )


def _key(codes: list[np.ndarray], sizes: list[int], part: slice, size: int) -> np.ndarray:
    """One code per row for its whole key (region, activity, year)."""
    key = codes[0][part].astype(code_type(size))
    for more, count in zip(codes[1:], sizes[1:], strict=True):
        key = combined(key, more[part], count, size)
    return key
