"""DuckDB, the embedded engine for tables too big for pandas: one connection factory and readers.

Nothing is downloaded at run time: the spatial extension is loaded from the file shipped in the
`duckdb-extension-spatial` wheel (`LOAD '<path>'`), never installed from a repository. No server
is needed; DuckDB spills to a temporary folder when a query outgrows its memory limit.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import duckdb

from econ.errors import InputError
from econ.tables import sniff_csv

MEMORY_LIMIT = os.environ.get("ATLAS_DUCKDB_MEMORY", "2GB")  # DuckDB's own buffer, not the process
PARQUET_SUFFIXES = (".parquet", ".pq")
FOLDERS = re.compile(r"(?:[A-Za-z]:)?[/\\](?:[^/\\'\"\s]+[/\\])+")


@cache
def spatial_extension() -> Path:
    """The spatial extension file inside the installed `duckdb-extension-spatial` wheel."""
    spec = importlib.util.find_spec("duckdb_extension_spatial")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the duckdb-extension-spatial package is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.rglob(f"v{duckdb.__version__}/*.duckdb_extension"))
    if not found:
        raise RuntimeError(f"no spatial extension for DuckDB {duckdb.__version__} under {root}")
    return found[0]


def connect(*, spatial: bool = False, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection, autoloading off, the spatial extension loaded if asked."""
    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if spatial:
        con.execute(f"LOAD '{spatial_extension()}'")
    return con


def quoted(name: str) -> str:
    """A column name as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A string as a DuckDB literal."""
    return "'" + text.replace("'", "''") + "'"


def expand(paths: str | Path | Sequence[str | Path]) -> list[str]:
    """Files named by paths or glob patterns (`firms/*.parquet`), sorted, each one existing."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    files: list[str] = []
    for item in items:
        text = str(item)
        if any(mark in text for mark in "*?["):
            base = Path(text)
            anchor = Path(base.anchor or ".")
            found = sorted(str(p) for p in anchor.glob(str(base.relative_to(anchor))))
            if not found:
                raise InputError("error.file.no_match", file=Path(text).name)
            files += found
        elif Path(text).is_file():
            files.append(text)
        else:
            raise InputError("error.file.not_found", file=Path(text).name)
    return files


def is_parquet(path: str | Path) -> bool:
    """True for a Parquet file (by its suffix)."""
    return str(path).lower().endswith(PARQUET_SUFFIXES)


def utf8_csv(path: str, folder: Path) -> tuple[str, str]:
    """A UTF-8 copy of a CSV in `folder` when it is in another encoding (DuckDB reads UTF-8
    only without extensions), else the file itself; and its delimiter. The copy is streamed."""
    encoding, delimiter = sniff_csv(path, label=Path(path).name)
    if encoding in {"utf-8", "utf-8-sig", "ascii"}:
        return path, delimiter
    place = folder / str(len(list(folder.iterdir())))  # the copy keeps the file's own name
    place.mkdir()
    copy = place / Path(path).name
    with (
        open(path, encoding=encoding, newline="") as source,
        copy.open("w", encoding="utf-8", newline="") as target,
    ):
        shutil.copyfileobj(source, target, 1 << 22)
    return str(copy), delimiter


def readable(files: list[str], folder: Path) -> tuple[list[str], str | None]:
    """Files DuckDB can read as they are, and the CSV delimiter (None for Parquet).

    All files must be of one kind. A CSV's encoding and delimiter are the ones
    `econ.tables.sniff_csv` finds; non-UTF-8 files are copied to UTF-8 in `folder`.
    """
    parquet = [is_parquet(f) for f in files]
    if all(parquet):
        return files, None
    if any(parquet):
        raise InputError("error.duck.mixed_formats", file=Path(files[0]).name)
    copies = [utf8_csv(f, folder) for f in files]
    delimiters = {d for _, d in copies}
    if len(delimiters) > 1:
        raise InputError("error.duck.delimiters", file=Path(files[0]).name)
    return [f for f, _ in copies], delimiters.pop()


def scan(
    files: list[str],
    delimiter: str | None,
    *,
    text_columns: Sequence[str] = (),
    filename: bool = False,
) -> str:
    """The DuckDB table function reading `readable` files; columns matched by name across
    files. `text_columns` of a CSV are read as text, so that codes keep their leading zeros and
    numbers with decimal commas reach `number`."""
    listed = "[" + ", ".join(literal(f) for f in files) + "]"
    if delimiter is None:
        return f"read_parquet({listed}, union_by_name = true, filename = {filename})"
    types = ", ".join(f"{literal(c)}: 'VARCHAR'" for c in text_columns)
    return (
        f"read_csv({listed}, header = true, union_by_name = true, filename = {filename}, "
        f"delim = {literal(delimiter)}, quote = '\"', sample_size = 20480, strict_mode = false"
        + (f", types = {{{types}}})" if types else ")")
    )


def error_text(error: Exception) -> str:
    """DuckDB's message, first line, without folders (a server's paths are nobody's business)."""
    return FOLDERS.sub("", str(error).splitlines()[0])[:300]


def columns_of(
    con: duckdb.DuckDBPyConnection, source: str, *, label: str | None = None
) -> dict[str, str]:
    """Column name → DuckDB type of a table function's result (read without scanning it all)."""
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as error:
        raise InputError(
            "error.duck.unreadable", params={"error": error_text(error)}, file=label
        ) from None
    return {name: kind for name, kind, *_ in described}


def number(column: str, kind: str) -> str:
    """SQL for a column as DOUBLE; text with decimal commas or blanks becomes a number or NULL."""
    name = quoted(column)
    if kind.upper() in {"VARCHAR", "TEXT"}:
        return f"TRY_CAST(replace(replace(trim({name}), ' ', ''), ',', '.') AS DOUBLE)"
    return f"TRY_CAST({name} AS DOUBLE)"


def text(column: str) -> str:
    """SQL for a column as trimmed text, NULL when blank."""
    return f"nullif(trim(CAST({quoted(column)} AS VARCHAR)), '')"
