"""Employment tables read by DuckDB: Parquet files, and CSVs too big for the pandas reader's
pace, streamed into the same `RawTable` of categorical text columns `econ.tables` builds for a
big CSV, so `tidy_employment` and everything after it are unchanged.

`read_employment_table` is the one entry point: it sends a Parquet file, or a plain UTF-8 CSV
over `DUCK_CSV_BYTES` whose header is its first line, through DuckDB, and everything else
(workbooks, other encodings, title rows above the header) to `econ.tables.read_table`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from econ import duck
from econ.errors import InputError
from econ.structure import Layout, table_layout
from econ.tables import RawTable, read_table, sniff_csv

DUCK_CSV_BYTES = 256 * 2**20  # CSVs above this size go through DuckDB when they can
BATCH_ROWS = 1_000_000


def read_employment_table(
    path: str | Path, *, sheet: str | int | None = None, label: str | None = None
) -> RawTable:
    """The table's cells as text, read by DuckDB when it is Parquet or a big plain CSV."""
    path = Path(path)
    label = label or path.name
    if path.is_file() and duck.is_parquet(path):
        return read_with_duckdb(path, label=label)
    if path.is_file() and path.stat().st_size > DUCK_CSV_BYTES:
        plain = _plain_header(path, label)
        if plain is not None:
            return read_with_duckdb(path, label=label, delimiter=plain)
    return read_table(path, sheet=sheet, label=label)


def _plain_header(path: Path, label: str) -> str | None:
    """The delimiter of a UTF-8 CSV whose first line is its header, else None."""
    try:
        encoding, delimiter = sniff_csv(path, label=label)
    except InputError:
        return None
    if encoding not in {"utf-8", "utf-8-sig"}:
        return None
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        lines = [line for _, line in zip(range(200), handle, strict=False)]
    rows = list(csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    head = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    layout = table_layout(head.replace("", None))
    plain = layout.header_rows == [0] and not layout.rows and not layout.units
    return delimiter if plain else None


def read_with_duckdb(
    path: str | Path, *, label: str | None = None, delimiter: str | None = None
) -> RawTable:
    """Every column of a Parquet file (or a CSV with `delimiter`) as trimmed categorical text,
    streamed in Arrow batches, so memory grows with the distinct texts and the row count."""
    path = Path(path)
    label = label or path.name
    source = duck.scan([str(path)], delimiter)
    with duck.connect() as con:
        names = list(duck.columns_of(con, source, label=label))
        if delimiter is not None:  # read every field as text, as the pandas reader does
            source = duck.scan([str(path)], delimiter, text_columns=names)
        cells = ", ".join(f"coalesce(trim(CAST({duck.quoted(c)} AS VARCHAR)), '')" for c in names)
        parts: list[list[pd.Categorical]] = [[] for _ in names]
        try:
            for batch in con.execute(f"SELECT {cells} FROM {source}").to_arrow_reader(BATCH_ROWS):
                for column in range(len(names)):
                    encoded = pc.dictionary_encode(batch.column(column))
                    parts[column].append(_categorical(encoded))
        except duckdb.Error as error:
            raise InputError(
                "error.duck.unreadable", params={"error": duck.error_text(error)}, file=label
            ) from None
    frame = pd.DataFrame(
        {
            name: pd.api.types.union_categoricals(part) if part else pd.Categorical([])
            for name, part in zip(names, parts, strict=True)
        }
    )
    if frame.empty:
        raise InputError("error.table.no_rows_below", file=label)
    header = 1 if delimiter is not None else 0
    rows = np.arange(1 + header, len(frame) + 1 + header, dtype=np.int64)
    layout = Layout(header=names, header_rows=[0])
    return RawTable(
        frame, label, layout, rows, encoding="UTF-8" if header else None, delimiter=delimiter
    )


def _categorical(encoded: pa.DictionaryArray) -> pd.Categorical:
    """An Arrow dictionary array as a pandas Categorical (codes in the smallest integer type)."""
    return pd.Categorical.from_codes(
        encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32),
        categories=pd.Index(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object),
    )
