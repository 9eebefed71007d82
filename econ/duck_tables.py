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
        capacity = _rows_at_most(con, path, source, len(names))
        columns = [_Dictionary(capacity) for _ in names]
        try:
            for batch in con.execute(f"SELECT {cells} FROM {source}").to_arrow_reader(BATCH_ROWS):
                for column, dictionary in zip(batch.columns, columns, strict=True):
                    dictionary.add(pc.dictionary_encode(column))
        except duckdb.Error as error:
            raise InputError(
                "error.duck.unreadable", params={"error": duck.error_text(error)}, file=label
            ) from None
    frame = pd.DataFrame(
        {name: d.categorical() for name, d in zip(names, columns, strict=True)}, copy=False
    )
    if frame.empty:
        raise InputError("error.table.no_rows_below", file=label)
    header = 1 if delimiter is not None else 0
    layout = Layout(header=names, header_rows=[0])
    return RawTable(
        frame,
        label,
        layout,
        ConsecutiveRows(1 + header, len(frame)),
        encoding="UTF-8" if header else None,
        delimiter=delimiter,
    )


def _rows_at_most(con: duckdb.DuckDBPyConnection, path: Path, source: str, width: int) -> int:
    """An upper bound of the table's rows: a Parquet file's count, or for a CSV its size over
    the bytes a row takes at least (a delimiter or line end per field)."""
    if duck.is_parquet(path):
        return int(con.execute(f"SELECT count(*) FROM {source}").fetchone()[0])
    return path.stat().st_size // max(width, 1) + 1


class ConsecutiveRows:
    """File rows `first, first + 1, ...` of a table without title rows: `rows[positions]`
    without one stored number per row (a 90-million-row table would spend 700 MB on them)."""

    def __init__(self, first: int, count: int) -> None:
        self.first, self.count = first, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, positions: np.ndarray | int | slice) -> np.ndarray:
        if isinstance(positions, slice):
            return np.arange(self.count, dtype=np.int64)[positions] + self.first
        chosen = np.asarray(positions)
        if chosen.dtype == bool:
            chosen = np.flatnonzero(chosen)
        return chosen.astype(np.int64) + self.first

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        return np.arange(self.first, self.first + self.count, dtype=dtype or np.int64)

    def tolist(self) -> list[int]:
        """Every row number."""
        return list(range(self.first, self.first + self.count))


class _Dictionary:
    """One column's distinct texts and each row's code into them, gathered batch by batch into
    one array of `capacity` rows (an upper bound: pages never written cost no memory), 2 bytes
    a code while there are fewer than 32,768 texts."""

    def __init__(self, capacity: int) -> None:
        self.texts: list[str] = []
        self.code_of: dict[str, int] = {}
        self.codes = np.empty(capacity, dtype=np.int16)
        self.count = 0

    def add(self, encoded: pa.DictionaryArray) -> None:
        """A batch's dictionary-encoded cells."""
        local = encoded.dictionary.to_pylist()
        for text in local:
            if text not in self.code_of:
                self.code_of[text] = len(self.texts)
                self.texts.append(text)
        if len(self.texts) > np.iinfo(self.codes.dtype).max:
            wider = np.empty(len(self.codes), dtype=np.int32)
            wider[: self.count] = self.codes[: self.count]
            self.codes = wider
        recode = np.array([self.code_of[t] for t in local], dtype=self.codes.dtype)
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        end = self.count + len(indices)
        if end > len(self.codes):  # only when the row bound was wrong: grow
            grown = np.empty(max(end, 2 * len(self.codes)), dtype=self.codes.dtype)
            grown[: self.count] = self.codes[: self.count]
            self.codes = grown
        np.take(recode, indices, out=self.codes[self.count : end])
        self.count = end

    def categorical(self) -> pd.Categorical:
        """The column as a Categorical (codes narrowed to the final count of texts)."""
        dtype = pd.CategoricalDtype(pd.Index(self.texts, dtype=object))
        codes, self.codes = self.codes[: self.count], np.empty(0, dtype=np.int16)
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
