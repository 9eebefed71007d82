"""Tables as files a spreadsheet opens safely: no cell of a CSV or XLSX the atlas writes is ever
run as a formula, whatever a region, activity or cluster is called (OWASP, "CSV Injection").

In CSV a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe, unless it is a number written as text (`-4`, `-0,5`); in XLSX such cells are
written as strings, unchanged. Numbers stay numbers in both.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

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


def write_csv(frame: pd.DataFrame, path: str | Path, **options) -> None:
    """`frame` as a UTF-8 CSV without its index (`options` go to `DataFrame.to_csv`)."""
    neutralised(frame).to_csv(path, index=False, **{"encoding": "utf-8", **options})


def csv_bytes(frame: pd.DataFrame, *, encoding: str = "utf-8-sig", **options) -> bytes:
    """`frame` as CSV bytes for a download (UTF-8 with BOM, so Excel reads Cyrillic right)."""
    return neutralised(frame).to_csv(index=False, **options).encode(encoding)


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """Every table as one sheet of an XLSX workbook; text is stored as text, never a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
