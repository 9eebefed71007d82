"""Reading employment tables as users have them into the tidy contract, with a quality report.

CSV (UTF-8, UTF-8 with BOM, cp1251; `,` `;` tab or `|`) and XLSX; long (`region, activity,
employment[, year]`) or wide (regions × activities). Numbers may use decimal commas and space or
non-breaking-space thousands separators (`1 234,5`); suppression marks stay missing, never zero;
negative values and text in number columns are reported by file row and column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from econ.errors import InputError, Phrase
from econ.limits import (
    MB,
    check_encoding_blocks,
    check_file_size,
    check_memory,
    check_one_encoding,
    check_shape,
    csv_sample,
    csv_shape,
    field_error,
)
from econ.marks import CONVENTIONS, Marks
from econ.marks import convention as marks_convention
from econ.structure import (
    FOOTNOTE_ROW,
    LABEL_ROW,
    UNIT_FACTORS,
    Layout,
    StructureRow,
    strip_footnote,
    table_layout,
)
from econ.workbook import check_workbook

STREAM_BYTES = 16 * MB  # CSVs larger than this are parsed in chunks into categorical columns
CHUNK_ROWS = 250_000  # rows per chunk: about 100 MB of parser memory for a long table
STREAM_BYTES_PER_CELL = 80  # peak bytes per cell of `cli.py metrics` on a streamed table
# (bench/tables.py measures it), for the memory budget ATLAS_MEMORY_MB
MAX_PERSONS = 1e10  # a count of persons above this is a typo or an overflow, not employment
DELIMITERS = (",", ";", "\t", "|")
SEPARATORS = re.compile(r"[\s\u00a0\u202f\u2009']")  # spaces, NBSP, narrow NBSP, thin, apostrophe
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
TOTAL_NAMES = re.compile(r"^(total|all|всего|итого|все.*|all .*)$", re.IGNORECASE)
LONG_NAMES = {
    "region": re.compile(
        r"^(region|region_?(id|code)|area|area_?code|state|fips|geoid|code|"
        r"регион|код.*|oktmo|октмо|okato|окато|субъект.*|id)$",
        re.IGNORECASE,
    ),
    "activity": re.compile(
        r"^(activity|activity_?code|industry|occupation|occ_?code|soc|naics|"
        r"nace|okved|оквэд|вид.*деятельности|отрасль|sector|kind)$",
        re.IGNORECASE,
    ),
    "employment": re.compile(
        r"^(employment|employees?|jobs|workers|emp|tot_emp|value|count|"
        r"занят.*|численность.*|работник.*|значение)$",
        re.IGNORECASE,
    ),
    "year": re.compile(r"^(year|год|period|период)$", re.IGNORECASE),
    "wage": re.compile(  # read by econ/wage_reader.py, not by tidy_employment
        r"^(wages?|mean_?wage|average_?wage|a_mean|salary|payroll|wage_?bill|"
        r"(средн.*)?заработн.*плат.*|зарплата|фонд.*оплат.*труда.*|фот)$",
        re.IGNORECASE,
    ),
}


@dataclass
class RawTable:
    """A table's data cells as text under its flattened header, with the layout found around
    them (title, units, header and footnote rows) and how the file was decoded."""

    frame: pd.DataFrame
    file: str
    layout: Layout
    rows: np.ndarray  # 1-based file row of each data row, as an editor shows it
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    @property
    def header_row(self) -> int:
        """1-based file row of the (last) header row."""
        return self.layout.header_rows[-1] + 1

    def file_row(self, positions: np.ndarray | int) -> np.ndarray:
        """File row numbers of data rows at `positions`."""
        return self.rows[np.asarray(positions)]


@dataclass
class TableReport:
    """What reading an employment table found: counts, missing values by mark, problems."""

    file: str
    layout: str = "long"
    rows_read: int = 0
    values: int = 0
    missing: dict[str, int] = field(default_factory=dict)
    dropped_columns: list[str] = field(default_factory=list)
    problems: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["file", "row", "column", "value", "problem"])
    )
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    marks: str = "generic"
    marks_legend: str = ""
    zeros: dict[str, int] = field(default_factory=dict)
    units: str = "persons"
    units_source: str = "assumed: the table states no unit"
    region_column: str = ""
    total_column: str | None = None
    totals: pd.Series | None = None  # region -> whole-economy total, in persons
    structure: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["file", "row", "column", "value", "problem"])
    )

    def summary(self) -> pd.DataFrame:
        """`item, count` rows for display: rows read, values, marks, units, problems."""
        rows = [("rows read", self.rows_read), ("values", self.values)]
        rows += [(f"missing: {mark or '(empty)'}", n) for mark, n in self.missing.items()]
        rows += [(f"read as zero: {mark}", n) for mark, n in self.zeros.items()]
        rows += [(f"units: {self.units} ({self.units_source})", self.values)]
        if self.total_column:
            rows += [(f"region totals from column {self.total_column!r}", len(self.totals))]
        rows += [("rows that are not data (title, units, notes)", len(self.structure))]
        rows += [("problems", len(self.problems))]
        return pd.DataFrame(rows, columns=["item", "count"])


@dataclass
class ParsedNumbers:
    """Numbers parsed from text: values (NaN where missing), which mark, and what was wrong."""

    values: pd.Series
    marks: pd.Series  # the suppression mark of a missing value, else NA
    problems: pd.Series  # a short description of a bad value, else NA
    zeros: pd.Series | None = None  # the mark read as zero (`-`, or `0,0` = below half a unit)


def detect_decimal(values: pd.Series, delimiter: str | None = None) -> str:
    """`,` when the texts use decimal commas (`1 234,5`, `1.234,5`, `0,25`), else `.`.

    A lone `1,234` is ambiguous: read as thousands unless the file is `;`-separated.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):  # a streamed table: its distinct texts
        values = pd.Series(values.cat.categories)
    text = values.dropna().astype(str).str.strip()
    text = text.str.replace(SEPARATORS, "", regex=True)
    comma_decimal = text.str.fullmatch(r"[+-]?\d*(\.\d{3})*,\d*") & ~text.str.fullmatch(
        r"[+-]?\d{1,3}(,\d{3})+"
    )
    dot_decimal = text.str.fullmatch(r"[+-]?\d*(,\d{3})*\.\d*") & ~text.str.fullmatch(
        r"[+-]?\d{1,3}(\.\d{3})+"
    )
    if comma_decimal.any() and not dot_decimal.any():
        return ","
    if dot_decimal.any():
        return "."
    ambiguous = text.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+").any()
    return "," if ambiguous and delimiter == ";" else "."


def parse_numbers(
    values: pd.Series, *, decimal: str | None = None, marks: Marks | None = None
) -> ParsedNumbers:
    """Parse texts like `1 234,5`, `1,234.5`, `-`, `н/д` into floats, vectorised.

    Marks follow `marks` (default: the generic convention, every mark is suppressed): withheld
    marks become NaN with their mark recorded, zero marks (Rosstat's `-`) become 0 and so do
    printed zeros with decimals where they mean "below half a unit" (`0,0`), both recorded in
    `zeros`. Anything else that is not a number becomes NaN with a problem recorded; negative
    numbers are kept and flagged as problems.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return _parse_categories(values, decimal=decimal, marks=marks)
    marks = marks or CONVENTIONS["generic"]
    text = values.astype("string").str.strip().fillna("")
    decimal = decimal or detect_decimal(text)
    withheld = text.where(text.isin(marks.withheld))
    zero = text.isin(marks.zero)
    clean = text.str.replace(SEPARATORS, "", regex=True)
    thousands = "." if decimal == "," else ","
    clean = clean.str.replace(thousands, "", regex=False)
    if decimal == ",":
        clean = clean.str.replace(",", ".", regex=False)
    clean = clean.str.replace("−", "-", regex=False)  # typographic minus
    is_number = clean.str.fullmatch(NUMBER).fillna(False).astype(bool) & withheld.isna() & ~zero
    numbers = pd.to_numeric(clean.where(is_number), errors="coerce").astype(float)
    numbers[zero.to_numpy()] = 0.0
    zeros = text.where(zero)
    if marks.small_zero:
        small = is_number & (numbers == 0) & clean.str.contains(".", regex=False)
        zeros = zeros.mask(small, text)
    problems = pd.Series(pd.NA, index=values.index, dtype="string")
    text_bad = ~is_number & withheld.isna() & ~zero
    problems[text_bad] = "text in a number column"
    problems[numbers < 0] = "negative value"
    problems[~np.isfinite(numbers.fillna(0.0))] = "not a finite number"
    return ParsedNumbers(
        values=numbers.where(np.isfinite(numbers)), marks=withheld, problems=problems, zeros=zeros
    )


VALUE_PROBLEMS = {  # a bad cell's problem as the reports write it, and its catalogue key
    "missing value": "error.value.missing",
    "text in a number column": "error.value.text",
    "negative value": "error.value.negative",
    "not a finite number": "error.value.not_finite",
}


def value_problem(problem: str) -> Phrase | str:
    """A bad cell's problem as an error parameter, worded in the user's language."""
    key = VALUE_PROBLEMS.get(problem)
    return Phrase(key) if key else problem


def stripped(values: pd.Series) -> pd.Series:
    """`values.str.strip()`, once per distinct text when `values` is categorical (and then
    categorical again): a streamed column of millions of cells holds few distinct texts."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.str.strip()
    codes, texts = pd.factorize(values.cat.categories.astype(str).str.strip())
    cells = values.cat.codes.to_numpy()
    return pd.Series(
        pd.Categorical.from_codes(np.where(cells < 0, -1, codes[cells]), categories=texts),
        index=values.index,
        name=values.name,
    )


def _texts(values: pd.Series) -> pd.Series:
    """`values` as text: categorical columns as they are, anything else through `str`."""
    return values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype(str)


def _parse_categories(
    values: pd.Series, *, decimal: str | None, marks: Marks | None
) -> ParsedNumbers:
    """`parse_numbers` of a categorical column, parsed once per distinct text (a streamed
    table of millions of rows has thousands of distinct figures)."""
    texts = pd.Series([*values.cat.categories.astype(str), ""], dtype=object)
    once = parse_numbers(texts, decimal=decimal or detect_decimal(values), marks=marks)
    codes = values.cat.codes.to_numpy()
    codes = np.where(codes < 0, len(texts) - 1, codes)  # a missing cell reads as a blank one

    def spread(series: pd.Series | None) -> pd.Series | None:
        if series is None:
            return None
        return pd.Series(series.to_numpy()[codes], index=values.index, dtype=series.dtype)

    return ParsedNumbers(
        values=spread(once.values),
        marks=spread(once.marks),
        problems=spread(once.problems),
        zeros=spread(once.zeros),
    )


def _decode(data: bytes, label: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        check_one_encoding(data, label)
    try:
        return data.decode("cp1251"), "cp1251"
    except UnicodeDecodeError:
        raise InputError("error.table.encoding", file=label) from None


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, and most regular, columns."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    best, score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            continue
        common = Counter(widths).most_common(1)[0]
        candidate = (common[1] / len(widths) if common[0] > 1 else 0.0, common[0])
        if candidate > score:
            best, score = delimiter, candidate
    return best


def sniff_csv(path: str | Path, *, label: str | None = None) -> tuple[str, str]:
    """The Python codec and delimiter of a CSV, judged from its first 64 KiB."""
    path = Path(path)
    label = label or path.name
    with path.open("rb") as handle:
        sample = handle.read(1 << 16)
    if not sample.strip():
        raise InputError("error.table.empty", file=label)
    text, encoding = _decode(_whole_characters(sample), label)
    codecs = {"UTF-8 with BOM": "utf-8-sig", "UTF-8": "utf-8", "UTF-16": "utf-16"}
    return codecs.get(encoding, encoding), _delimiter(text)


def _whole_characters(sample: bytes) -> bytes:
    """`sample` without a UTF-8 sequence cut at its end."""
    for cut in range(min(3, len(sample)), 0, -1):
        if sample[-cut] >= 0xC0:
            return sample[:-cut]
    return sample


def _frame_from_cells(cells: pd.DataFrame, label: str) -> tuple[pd.DataFrame, Layout, np.ndarray]:
    """The data rows under a flattened header, their file rows, and the table's layout."""
    cells = cells.dropna(axis=1, how="all").reset_index(drop=True)
    if cells.empty or cells.shape[0] < 2:
        raise InputError("error.table.no_rows", file=label)
    layout = table_layout(cells)
    top = layout.header_rows[-1]
    body = cells.iloc[top + 1 :]
    body.columns = layout.header
    structure = [r.position for r in layout.rows if r.position > top]
    text = body.fillna("").astype(str)
    empty = (text.apply(lambda c: c.str.strip()) == "").all(axis=1).to_numpy()
    keep = ~empty & ~body.index.isin(structure)
    body = text.loc[keep]
    if body.empty:
        raise InputError("error.table.no_rows_below", file=label)
    return body.reset_index(drop=True), layout, body.index.to_numpy() + 1


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    label: str | None = None,
) -> RawTable:
    """All cells of a CSV or XLSX table as text, the header row found below any title rows."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise InputError("error.file.not_found", file=label)
    if path.stat().st_size > STREAM_BYTES and _plain_text(path):
        return _read_csv_streamed(path, label)
    check_file_size(path, label)
    data = path.read_bytes()
    if not data.strip():
        raise InputError("error.table.empty_export", file=label)
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, sheet, label)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError("error.table.xls", file=label)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("error.table.binary", file=label)
    text, encoding = _decode(data, label)
    delimiter = _delimiter(csv_sample(text))
    check_shape(*csv_shape(text, (delimiter,)), label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, start = [], 1
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        raise field_error(error, start, label) from None
    width = max((len(r) for r in rows), default=0)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    cells = cells.replace("", None)
    frame, layout, rows = _frame_from_cells(cells, label)
    return RawTable(frame, label, layout, rows, encoding=encoding, delimiter=delimiter)


def _plain_text(path: Path) -> bool:
    """True for a file that reads as a CSV: not a workbook, not binary, not UTF-16."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    return not (
        head[:4] == b"PK\x03\x04"
        or path.suffix.lower() in {".xlsx", ".xlsm"}
        or head.startswith((b"\xff\xfe", b"\xfe\xff"))
        or b"\x00" in head
    )


def _blocks(path: Path, size: int = 16 * MB) -> Iterator[bytes]:
    """The file's bytes in blocks that end at a line end."""
    rest = b""
    with path.open("rb") as handle:
        while block := handle.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            block, rest = (block[:cut], block[cut:]) if cut else (b"", block)
            if block:
                yield block
    if rest:
        yield rest


def _head(path: Path) -> bytes:
    """The first whole lines of a file: 1 MiB, or up to 32 MiB until 40 lines for wide tables."""
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
        while sample.count(b"\n") < 40 and len(sample) < 32 * MB:
            more = handle.read(len(sample))
            if not more:
                break
            sample += more
    return sample[: sample.rfind(b"\n") + 1] or sample


def _read_csv_streamed(path: Path, label: str) -> RawTable:
    """A large CSV read chunk by chunk (pandas' C parser) into categorical columns, so memory
    grows with the distinct texts, not the file: the layout (title, units and header rows) is
    found in the first lines as for any table, label and footnote rows in every chunk; the
    whole file is estimated against `ATLAS_MEMORY_MB` before a cell is parsed."""
    sample = _head(path)
    text, encoding = _decode(sample, label)
    codec = {"UTF-8 with BOM": "utf-8-sig", "UTF-8": "utf-8"}.get(encoding, encoding)
    delimiter = _delimiter(csv_sample(text))
    lines = text.splitlines()[:200]
    rows_sample = list(csv.reader(io.StringIO("\n".join(lines), newline=""), delimiter=delimiter))
    width = max((len(r) for r in rows_sample), default=0)
    head = pd.DataFrame([r + [""] * (width - len(r)) for r in rows_sample], dtype=object)
    used = [c for c in head.columns if (head[c].str.strip() != "").any()]
    head = head[used].replace("", None)
    head.columns = range(len(used))
    layout = table_layout(head)
    top = layout.header_rows[-1]
    layout.rows = [r for r in layout.rows if r.position < top]  # the rest found chunk by chunk
    lines_estimate = round(path.stat().st_size * text.count("\n") / max(len(sample), 1))
    check_shape(0, len(used), label)
    check_memory(lines_estimate * len(used), STREAM_BYTES_PER_CELL, label)
    if encoding == "cp1251":
        check_encoding_blocks(_blocks(path), label)
    parts: list[list[pd.Categorical]] = [[] for _ in used]
    positions, lone = [], {}
    start = top + 1  # cell position (0-based file line) of the chunk's first row
    try:
        reader = pd.read_csv(
            path,
            sep=delimiter,
            encoding=codec,
            header=None,
            names=range(width),
            skiprows=top + 1,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=CHUNK_ROWS,
            engine="c",
        )
        for chunk in reader:  # every field read, then the used columns: none dropped unseen
            chunk = chunk[used].apply(lambda c: stripped(c.astype("category")))
            filled = (chunk != "").to_numpy()
            count = filled.sum(axis=1)
            where = np.arange(start, start + len(chunk))
            for offset in np.flatnonzero(count == 1):
                cells = chunk.iloc[offset].to_numpy()
                lone[int(where[offset])] = str(cells[filled[offset]][0])
            keep = count >= 1
            positions.append(where[keep])
            for column, values in enumerate(chunk.columns):
                parts[column].append(pd.Categorical(chunk.loc[keep, values]))
            start += len(chunk)
    except UnicodeDecodeError:
        raise _undecodable(path, codec, label) from None
    except (pd.errors.ParserError, ValueError) as error:
        found = re.search(r"line (\d+)", str(error))
        raise InputError(
            "error.table.csv_parse",
            params={"reason": str(error).splitlines()[0][:160]},
            file=label,
            row=int(found.group(1)) if found else None,  # pandas counts the file's lines
        ) from None
    rows = np.concatenate(positions) if positions else np.array([], dtype=int)
    data_rows = rows[~np.isin(rows, list(lone))]
    last_data = data_rows[-1] if data_rows.size else -1
    for position, text in lone.items():
        kind = "footnote" if position > last_data or FOOTNOTE_ROW.match(text) else "label"
        if kind == "footnote" or LABEL_ROW.search(text):
            layout.rows.append(StructureRow(position, kind, text))
    frame = pd.DataFrame(
        {
            name: pd.api.types.union_categoricals(part) if part else pd.Categorical([])
            for name, part in zip(layout.header, parts, strict=True)
        }
    )
    structure = np.isin(rows, [r.position for r in layout.rows])
    frame, rows = frame[~structure].reset_index(drop=True), rows[~structure]
    if frame.empty:
        raise InputError("error.table.no_rows_below", file=label)
    return RawTable(frame, label, layout, rows + 1, encoding=encoding, delimiter=delimiter)


def _undecodable(path: Path, codec: str, label: str) -> InputError:
    """The error for a line the file's encoding (judged from its start) cannot decode."""
    for number, line in enumerate(path.open("rb"), 1):
        try:
            line.decode(codec)
        except UnicodeDecodeError:
            return InputError(
                "error.table.mixed_encodings",
                params={"codec": codec, "line": str(number)},
                file=label,
                row=number,
            )
    return InputError("error.table.not_codec", params={"codec": codec}, file=label)


def _read_xlsx(data: bytes, sheet: str | int | None, label: str) -> RawTable:
    name = check_workbook(data, sheet, label).name  # limits, visible sheet, cached results
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
        cells = book.parse(name, header=None, dtype=object)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as error:
        raise InputError(
            "error.table.xlsx", params={"reason": str(error)[:160]}, file=label
        ) from None
    except Exception as error:  # openpyxl raises its own types for damaged workbooks
        raise InputError(
            "error.table.xlsx", params={"reason": type(error).__name__}, file=label
        ) from None
    cells = cells.map(
        lambda v: (
            None
            if v is None or (isinstance(v, float) and np.isnan(v))
            else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        )
    )
    frame, layout, rows = _frame_from_cells(cells, label)
    return RawTable(frame, label, layout, rows, sheet=str(name))


def guess_layout(raw: RawTable) -> dict[str, str | None]:
    """Guess `layout` (long or wide) and the `region`, `activity`, `employment`, `year` columns."""
    columns = list(raw.frame.columns)
    found = {
        role: next((c for c in columns if pattern.match(c.strip())), None)
        for role, pattern in LONG_NAMES.items()
    }
    sample = raw.frame.head(200)
    numeric = [
        c
        for c in columns
        if parse_numbers(sample[c]).problems.isna().mean() > 0.9
        and (sample[c].str.strip() != "").any()
    ]
    if found["activity"] and found["employment"]:
        region = found["region"] or next(
            c for c in columns if c not in (found["activity"], found["employment"])
        )
        return {
            "layout": "long",
            "region": region,
            "activity": found["activity"],
            "employment": found["employment"],
            "year": found["year"],
        }
    if len(numeric) >= 2 or not numeric:
        region = found["region"] or next((c for c in columns if c not in numeric), columns[0])
        return {
            "layout": "wide",
            "region": region,
            "activity": None,
            "employment": None,
            "year": None,
        }
    texts = [c for c in columns if c not in numeric]
    return {
        "layout": "long",
        "region": found["region"] or next(iter(texts), None),
        "activity": texts[1] if len(texts) > 1 else None,
        "employment": numeric[0],
        "year": found["year"],
    }


def chosen_column(raw: RawTable, column: str | None, role: str) -> str:
    """`column` when the table has it, else an error asking the user to choose the `role` column."""
    if not column or column not in raw.frame.columns:
        raise InputError(
            f"error.table.choose_{role}",
            params={"columns": ", ".join(map(str, raw.frame.columns))},
            file=raw.file,
            column=column,
        )
    return column


def tidy_employment(
    raw: RawTable,
    *,
    layout: str | None = None,
    region: str | None = None,
    activity: str | None = None,
    employment: str | None = None,
    year: str | None = None,
    activities: list[str] | None = None,
    bad_values: str = "error",
    units: str | None = None,
    marks: str | None = None,
) -> tuple[pd.DataFrame, TableReport]:
    """The tidy employment table `region, activity, employment[, year]` in persons, and its report.

    Unset arguments are guessed (`guess_layout`). In a wide table every numeric column other
    than the region column is an activity (or only `activities`); a total column (`Всего`,
    `Итого`, `Total`) becomes the region totals (`report.totals`), in a long table so does a
    total activity. Figures are multiplied to persons by `units` (`persons`, `thousands`,
    `millions`; default: as the title, units row or header states, else persons). `marks` names
    the publisher's convention (`rosstat`, `generic`; default: Rosstat's for Russian labels).
    With `bad_values="error"` the first bad value raises `InputError` (all are listed in the
    report); `"missing"` keeps them as missing values instead. Footnote marks after region
    names (`Российская Федерация1)`) are dropped.
    """
    guess = guess_layout(raw)
    layout = layout or guess["layout"]
    region = chosen_column(raw, region or guess["region"], "region")
    frame = raw.frame
    report, convention = opened_report(raw, layout, region, marks, units)
    names = frame[region].map(strip_footnote)
    if layout == "long":
        activity = chosen_column(raw, activity or guess["activity"], "activity")
        employment = chosen_column(raw, employment or guess["employment"], "employment")
        year = year or guess["year"]
        long = pd.DataFrame(
            {
                "region": names,
                "activity": stripped(frame[activity]),
                "value": frame[employment],
                "column": employment,
                "position": np.arange(len(frame)),
            }
        )
        if year:
            long["year"] = stripped(frame[chosen_column(raw, year, "year")])
        named = long["activity"].unique()
        total = long["activity"].isin([a for a in named if TOTAL_NAMES.match(a)])
        if total.any() and not total.all():
            report.total_column = str(long.loc[total, "activity"].iloc[0])
    elif layout == "wide":
        chosen = activities or [c for c in frame.columns if c != region]
        totals = [c for c in chosen if TOTAL_NAMES.match(c.strip())]
        texts = [
            c
            for c in chosen
            if c not in totals and parse_numbers(frame[c]).problems.notna().mean() > 0.5
        ]
        report.dropped_columns = totals[1:] + (texts if activities is None else [])
        report.total_column = totals[0] if totals else None
        keep = [c for c in chosen if c not in report.dropped_columns]
        if keep == totals[:1]:
            raise InputError(
                "error.table.wide_no_numbers", params={"region": repr(region)}, file=raw.file
            )
        long = (
            frame[keep]
            .assign(region=names, position=np.arange(len(frame)))
            .melt(id_vars=["region", "position"], var_name="activity", value_name="value")
        )
        long["column"] = long["activity"]
        total = (long["activity"] == report.total_column).to_numpy()
    else:
        raise InputError("error.table.layout", params={"layout": repr(layout)}, file=raw.file)
    parsed = parse_numbers(
        long["value"], decimal=detect_decimal(long["value"], raw.delimiter), marks=convention
    )
    report.values = int(parsed.values.notna().sum())
    report.missing = {str(mark): int(n) for mark, n in parsed.marks.value_counts().items()}
    report.zeros = {str(mark): int(n) for mark, n in parsed.zeros.value_counts().items()}
    factor = UNIT_FACTORS[report.units]
    huge = parsed.values.to_numpy() * factor > MAX_PERSONS
    parsed.problems[huge & parsed.problems.isna().to_numpy()] = "more people than live on Earth"
    bad = parsed.problems.notna().to_numpy()
    no_region = (long["region"] == "").to_numpy()
    rows = raw.file_row(long["position"].to_numpy())
    problems = pd.DataFrame(
        {
            "file": raw.file,
            "row": rows[bad],
            "column": long["column"].to_numpy()[bad],
            "value": long["value"].to_numpy()[bad],
            "problem": parsed.problems.to_numpy()[bad],
        }
    )
    blank = pd.DataFrame(
        {
            "file": raw.file,
            "row": rows[no_region & ~total],
            "column": region,
            "value": "",
            "problem": "empty region code; row skipped",
        }
    ).drop_duplicates("row")
    tidy = pd.DataFrame(
        {
            "region": long["region"].to_numpy(),
            "activity": stripped(_texts(long["activity"])).to_numpy(),
            "employment": in_persons(parsed.values.to_numpy(), factor),
        }
    )
    if "year" in long:
        years = parse_numbers(long["year"]).values
        tidy["year"] = years.astype("Int64") if years.notna().all() else long["year"].to_numpy()
    tidy.loc[bad, "employment"] = np.nan
    kept = ~no_region
    if report.total_column:
        totals_table = tidy[total & kept]
        keys = ["region", "year"] if "year" in tidy else ["region"]
        report.totals = totals_table.groupby(keys, sort=False)["employment"].sum(min_count=1)
        kept &= ~total
    tidy, rows = tidy[kept], rows[kept]
    duplicated = tidy.duplicated(
        [c for c in ("region", "activity", "year") if c in tidy], keep=False
    ).to_numpy()
    dups = pd.DataFrame(
        {
            "file": raw.file,
            "row": rows[duplicated],
            "column": region,
            "value": tidy["region"].to_numpy()[duplicated],
            "problem": "duplicate region and activity",
        }
    )
    settle_problems(report, raw, region, (problems, blank, dups), bad_values)
    if tidy.empty:
        raise InputError("error.table.no_region_rows", file=raw.file, column=region)
    return tidy.reset_index(drop=True), report


def opened_report(
    raw: RawTable, layout: str, region: str, marks: str | None, units: str | None
) -> tuple[TableReport, Marks]:
    """The report a tidy table starts from (how the file was read, its layout, unit and
    structure rows), and the marks convention: `marks`, or the one the region column's first
    cells and the header use."""
    convention = marks_convention(marks, [*raw.frame[region].head(200), *raw.frame.columns])
    report = TableReport(
        file=raw.file,
        layout=layout,
        rows_read=len(raw.frame),
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        header_row=raw.header_row,
        marks=convention.name,
        marks_legend=convention.legend,
        structure=_structure_rows(raw),
        region_column=region,
    )
    report.units, report.units_source = _units(raw, units)
    return report, convention


def settle_problems(
    report: TableReport,
    raw: RawTable,
    region: str,
    found: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    bad_values: str,
) -> None:
    """Record the bad cells, blank regions and repeated keys found in `raw` as the report's
    problem rows, then stop on what the user must fix: a region and activity given twice
    always, bad cells unless `bad_values` counts them as missing."""
    problems, blank, dups = found
    report.problems = pd.concat(
        [p for p in (problems, blank, dups) if len(p)] or [problems], ignore_index=True
    ).sort_values(["row"], kind="stable")
    if len(dups):
        first = dups.iloc[0]
        rows_listed = ", ".join(str(r) for r in sorted(set(dups["row"]))[:4])
        raise InputError(
            "error.table.duplicate",
            params={"region": repr(first["value"]), "rows": rows_listed},
            file=raw.file,
            row=int(first["row"]),
            column=region,
        )
    if bad_values == "error" and len(problems):
        first = problems.iloc[0]
        raise InputError(
            "error.value.bad_many" if len(problems) > 1 else "error.value.bad",
            params={
                "problem": value_problem(first["problem"]),
                "value": repr(first["value"]),
                "more": len(problems) - 1,
            },
            file=raw.file,
            row=int(first["row"]),
            column=first["column"],
        )
    if bad_values == "missing" and len(problems):
        report.missing["(bad value)"] = len(problems)


def in_persons(values: np.ndarray, factor: float) -> np.ndarray:
    """Printed figures times the unit, without binary noise: 64,6 thousand is 64 600 persons."""
    return values if factor == 1 else np.round(values * factor, 6)


def _units(raw: RawTable, units: str | None) -> tuple[str, str]:
    """The table's unit and where it came from: the user's choice, the table, or assumed."""
    if units and units != "auto":
        if units not in UNIT_FACTORS:
            raise InputError(
                "error.table.units",
                params={"units": repr(units), "choices": ", ".join(UNIT_FACTORS)},
                file=raw.file,
            )
        return units, "chosen"
    if raw.layout.units:
        return raw.layout.units, f"as printed: {raw.layout.units_text!r}"
    return "persons", "assumed: the table states no unit"


def _structure_rows(raw: RawTable) -> pd.DataFrame:
    """Title, units, label and footnote rows of the table, for the quality report."""
    rows = raw.layout.rows
    return pd.DataFrame(
        {
            "file": raw.file,
            "row": [r.position + 1 for r in rows],
            "column": "",
            "value": [r.text for r in rows],
            "problem": [f"{r.kind} row, not data; left out" for r in rows],
        },
        columns=["file", "row", "column", "value", "problem"],
    )


def read_employment(path: str | Path, **options) -> tuple[pd.DataFrame, TableReport]:
    """`read_table` then `tidy_employment` (options go to either)."""
    table_options = {k: options.pop(k) for k in ("sheet", "label") if k in options}
    return tidy_employment(read_table(path, **table_options), **options)


def read_clusters(path: str | Path, *, label: str | None = None) -> pd.DataFrame:
    """A user's `activity, cluster` table (first two columns if not so named)."""
    raw = read_table(path, label=label)
    columns = list(raw.frame.columns)
    if len(columns) < 2:
        raise InputError("error.clusters.columns", file=raw.file)
    activity = "activity" if "activity" in columns else columns[0]
    cluster = "cluster" if "cluster" in columns else columns[1]
    table = pd.DataFrame(
        {"activity": raw.frame[activity].str.strip(), "cluster": raw.frame[cluster].str.strip()}
    )
    table = table[(table["activity"] != "") & (table["cluster"] != "")]
    repeated = table["activity"].duplicated(keep=False) & ~table.duplicated(keep=False)
    if repeated.any():
        code = table.loc[repeated, "activity"].iloc[0]
        raise InputError(
            "error.clusters.two_clusters",
            params={"activity": repr(code)},
            file=raw.file,
            column=activity,
        )
    return table.drop_duplicates("activity").reset_index(drop=True)
