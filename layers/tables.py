"""Tables as files a spreadsheet opens safely: no cell of a CSV or XLSX the atlas writes is ever
run as a formula, whatever a region, activity or cluster is called (OWASP, "CSV Injection").

In CSV a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe, unless it is a number written as text (`-4`, `-0,5`); in XLSX such cells are
written as strings, unchanged. Numbers stay numbers in both.

Files for people open right in their Excel: a Russian CSV (`DIALECTS["ru"]`) is separated by
`;` with decimal commas and no thousands separators, in UTF-8 with a BOM (or cp1251 on request);
XLSX sheets get headers in the user's language, a frozen header row and column widths.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from i18n.catalog import section, text
from i18n.phrases import translated

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d[\d\s\u00a0]*([.,]\d+)?([eE][+-]?\d+)?$")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.match(value):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell that a spreadsheet would read as a formula made plain text."""
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if not text:
        return frame
    return frame.assign(**{str(c): frame[c].map(_safe) for c in text})


@dataclass(frozen=True)
class Dialect:
    """How a spreadsheet of one language expects a CSV: separator, decimal mark, encoding."""

    sep: str
    decimal: str
    encoding: str


DIALECTS = {
    "en": Dialect(",", ".", "utf-8-sig"),
    "ru": Dialect(";", ",", "utf-8-sig"),
}
ENCODINGS = ("utf-8-sig", "cp1251")


def headers(columns: Iterable[object], language: str) -> dict[object, str]:
    """Column names as the user reads them (catalogue section `column`); unknown ones kept."""
    names = section(language, "column")
    return {c: names.get(str(c), str(c)) for c in columns}


def for_people(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """`frame` with headers in `language`, yes/no for booleans (a Russian Excel shows `TRUE` as
    text) and the reports' rules and problems worded (`i18n.phrases`), numbers left as numbers."""
    flags = [c for c in frame.columns if pd.api.types.is_bool_dtype(frame[c])]
    yes, no = text(language, "column.yes"), text(language, "column.no")
    worded = translated(frame, language)
    shown = worded.assign(**{str(c): frame[c].map({True: yes, False: no}) for c in flags})
    return shown.rename(columns=headers(frame.columns, language))


def write_csv(
    frame: pd.DataFrame, path: str | Path, *, excel: str | None = None, **options
) -> None:
    """`frame` as a CSV without its index (`options` go to `DataFrame.to_csv`): UTF-8 with the
    documented column names, or with `excel="ru"` the Russian spreadsheet form (`csv_bytes`)."""
    if excel:
        Path(path).write_bytes(csv_bytes(frame, language=excel, **options))
        return
    neutralised(frame).to_csv(path, index=False, **{"encoding": "utf-8", **options})


def csv_bytes(
    frame: pd.DataFrame,
    *,
    language: str = "en",
    encoding: str | None = None,
    localised: bool = True,
    **options,
) -> bytes:
    """`frame` as CSV bytes for a download in the `language`'s spreadsheet form (`DIALECTS`;
    UTF-8 with BOM by default, so Excel reads Cyrillic right, or `encoding="cp1251"`, where
    a character cp1251 lacks becomes `?`). Headers are translated unless `localised` is false
    (a file the atlas reads back, such as the matching report)."""
    dialect = DIALECTS.get(language, DIALECTS["en"])
    table = for_people(frame, language) if localised and language != "en" else frame
    written = neutralised(table).to_csv(
        index=False, **{"sep": dialect.sep, "decimal": dialect.decimal, **options}
    )
    return written.encode(encoding or dialect.encoding, errors="replace")


def xlsx_bytes(tables: dict[str, pd.DataFrame], *, language: str = "en") -> bytes:
    """Every table as one sheet of an XLSX workbook: headers in `language`, real numbers, text
    stored as text (never a formula), the header row frozen and columns as wide as their text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            shown = for_people(table, language) if language != "en" else table
            shown.to_excel(writer, sheet_name=name[:31], index=False)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    for sheet in book.worksheets:
        widths: dict[int, int] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                shown = len(
                    f"{cell.value:.6g}" if isinstance(cell.value, float) else str(cell.value or "")
                )
                widths[cell.column] = max(widths.get(cell.column, 0), shown)
        sheet.freeze_panes = "A2"
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_names(
    table: pd.DataFrame,
    *,
    regions: Mapping[str, str] | None = None,
    clusters: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """`table` with the region's `name` after `region` and the category's `cluster_name` after
    `cluster` (names in the user's language), where `table` has those columns."""
    named = table.copy()
    for key, column, names in (("region", "name", regions), ("cluster", "cluster_name", clusters)):
        if names and key in named and column not in named:
            place = named.columns.get_loc(key) + 1
            named.insert(place, column, named[key].map(dict(names)).fillna(named[key]))
    return named
