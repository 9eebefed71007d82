"""Resource limits on user files, checked before anything is parsed, each one changeable.

A 2 KB workbook can claim a million rows, a 2 MB zip can expand to gigabytes: every reader asks
here first. A limit is read from its environment variable at each check (so a CLI run, a server
or a test can change it); a file over it gets an `InputError` naming the figure, the limit, the
variable that changes it and what to do instead.
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from econ.errors import Figure, InputError, Phrase


@dataclass(frozen=True)
class Limit:
    """One limit: its environment variable, default and unit."""

    variable: str
    default: int
    unit: str

    def value(self) -> int:
        """The limit in force: the environment variable if set to a positive integer."""
        raw = os.environ.get(self.variable, "").strip().replace("_", "")
        if not raw:
            return self.default
        if not raw.isdigit() or int(raw) <= 0:
            raise InputError(
                "error.limit.not_positive",
                params={
                    "variable": self.variable,
                    "raw": repr(raw),
                    "unit": self.unit_phrase,
                    "default": self.default,
                },
            )
        return int(raw)

    @property
    def unit_phrase(self) -> Phrase:
        """The unit as the user's language names it."""
        return Phrase(f"error.limit.unit.{self.unit.replace(' ', '_').lower()}")

    def check(
        self,
        found: float,
        subject: Phrase,
        advice: Phrase,
        *,
        file: str | None = None,
        row: int | None = None,
    ) -> None:
        """Raise `InputError` when `found` (in this limit's unit) is over the limit."""
        limit = self.value()
        if found > limit:
            raise InputError(
                "error.limit.over",
                params={
                    "subject": subject,
                    "found": Figure(found, 1) if isinstance(found, float) else found,
                    "unit": self.unit_phrase,
                    "limit": limit,
                    "advice": advice,
                    "variable": self.variable,
                },
                file=file,
                row=row,
            )


TABLE_MB = Limit("ATLAS_MAX_TABLE_MB", 100, "MB")
TABLE_CELLS = Limit("ATLAS_MAX_CELLS", 5_000_000, "cells")
TABLE_COLUMNS = Limit("ATLAS_MAX_COLUMNS", 16_384, "columns")
SHARED_STRINGS = Limit("ATLAS_MAX_SHARED_STRINGS", 1_000_000, "shared strings")
ZIP_MB = Limit("ATLAS_MAX_ZIP_MB", 1_024, "MB")
ZIP_ENTRIES = Limit("ATLAS_MAX_ZIP_ENTRIES", 200, "entries")
ZIP_RATIO = Limit("ATLAS_MAX_ZIP_RATIO", 100, "times")
MEMORY_MB = Limit("ATLAS_MEMORY_MB", 1_024, "MB")  # per table read: the cell limit's 1 GB
FIELD_CHARACTERS = csv.field_size_limit()  # Python's CSV field limit, 131,072 characters
MB = 1024**2
SPLIT = Phrase("error.limit.advice.split")


def check_file_size(path: Path, label: str) -> None:
    """Refuse a table file larger than `ATLAS_MAX_TABLE_MB` before reading it."""
    TABLE_MB.check(
        round(path.stat().st_size / MB, 1),
        Phrase("error.limit.subject.table_file"),
        Phrase("error.limit.advice.split_or_firms", {"split": SPLIT}),
        file=label,
    )


def check_shape(rows: int, columns: int, label: str) -> None:
    """Refuse a table of more columns or cells than the limits (before its cells are built)."""
    TABLE_COLUMNS.check(columns, Phrase("error.limit.subject.table_width"), SPLIT, file=label)
    TABLE_CELLS.check(
        rows * columns,
        Phrase("error.limit.subject.table_size", {"rows": rows, "columns": columns}),
        SPLIT,
        file=label,
    )


def csv_shape(text: str, delimiters: tuple[str, ...]) -> tuple[int, int]:
    """Estimated rows and columns of a CSV text: its line count, and the widest of its first
    lines under the delimiter that splits them most (quotes ignored: an upper bound)."""
    lines = text[: 1 << 20].splitlines()[:60]
    width = max((line.count(d) + 1 for line in lines for d in delimiters), default=0)
    return text.count("\n") + 1, width


def csv_sample(text: str) -> str:
    """The first lines of a CSV text, cut below the CSV field limit, for guessing its
    delimiter: a line of a wide table is longer than the limit under the wrong delimiter, and
    an unclosed quote would join every line after it into one field."""
    lines = text[: 1 << 22].splitlines()[:100]
    return "\n".join(line[: FIELD_CHARACTERS - 1] for line in lines)[: FIELD_CHARACTERS - 1]


def field_error(error: Exception, line: int, label: str) -> InputError:
    """The `InputError` for a CSV parse error at `line` (over-long fields named as such)."""
    if "field larger than field limit" in str(error):
        return InputError(
            "error.csv.field_too_long",
            params={"limit": FIELD_CHARACTERS},
            file=label,
            row=line,
        )
    return InputError("error.csv.unparsable", params={"error": str(error)}, file=label, row=line)


def check_memory(cells: int, per_cell: float, label: str) -> None:
    """Refuse a table whose reading would need more than `ATLAS_MEMORY_MB`, estimated from its
    `cells` and the measured bytes `per_cell` of the reader, before a cell is parsed."""
    needed = round(cells * per_cell / MB, 1)
    MEMORY_MB.check(
        needed,
        Phrase("error.limit.subject.memory", {"cells": cells, "bytes": round(per_cell)}),
        SPLIT,
        file=label,
    )


def check_one_encoding(data: bytes, label: str) -> None:
    """Refuse text that is not UTF-8 throughout but has UTF-8 lines: read as cp1251 those lines
    would turn into mojibake (`РњРѕСЃРєРІР°`) without a word."""
    check_encoding_blocks([data], label)


def check_encoding_blocks(blocks: Iterable[bytes], label: str) -> None:
    """`check_one_encoding` over a file read in `blocks` that end at line ends (a file too big
    to hold is checked as it streams by; ASCII and all-UTF-8 blocks are passed over whole)."""
    utf8 = other = None
    first = 1
    for block in blocks:
        lines = block.splitlines()
        if not block.isascii():
            for number, line in enumerate(lines, first):
                if line.isascii():
                    continue
                try:
                    line.decode("utf-8")
                    utf8 = utf8 or number
                except UnicodeDecodeError:
                    other = other or number
                if utf8 and other:
                    raise InputError(
                        "error.csv.mixed_encodings",
                        params={"utf8": str(utf8), "other": str(other)},
                        file=label,
                        row=other,
                    )
        first += len(lines)


def check_zip(archive: zipfile.ZipFile, size: int, label: str, what: str) -> list[zipfile.ZipInfo]:
    """The archive's file entries after the limits on their count, their total uncompressed size
    and the ratio of that to the archive's `size`; encrypted entries are refused."""
    infos = archive.infolist()
    ZIP_ENTRIES.check(
        len(infos),
        Phrase(f"error.limit.subject.{what}_entries"),
        Phrase("error.limit.advice.zip_needed"),
        file=label,
    )
    files = [info for info in infos if not info.is_dir()]
    locked = next((info for info in files if info.flag_bits & 0x1), None)
    if locked:
        raise InputError(
            f"error.zip.locked_{'archive' if what == 'archive' else 'workbook'}",
            params={"entry": repr(locked.filename)},
            file=label,
        )
    total = sum(info.file_size for info in files)
    advice = Phrase(f"error.limit.advice.{what}_smaller")
    ZIP_MB.check(
        round(total / MB, 1), Phrase(f"error.limit.subject.{what}_size"), advice, file=label
    )
    if total > MB:  # small files may compress far: only sizes that matter are checked
        ZIP_RATIO.check(
            round(total / max(size, 1), 1),
            Phrase(f"error.limit.subject.{what}_ratio"),
            Phrase("error.limit.advice.zip_bomb"),
            file=label,
        )
    return files
