"""An XLSX workbook checked from its XML before openpyxl parses it.

openpyxl and pandas trust what a workbook says: one cell at `XFD1048576` makes pandas build 17
billion cells, 20 million shared strings hang the load, a formula saved without its result reads
as a blank. The XML is streamed here (expat, stopping at the first limit crossed) to find the
sheet to read — the first visible one unless chosen — its real used range and any formula
without a cached value.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

from econ.errors import InputError, Phrase
from econ.limits import SHARED_STRINGS, SPLIT, TABLE_CELLS, TABLE_COLUMNS, check_zip

# what a damaged or truncated zip raises on reading a part: a bad CRC, a broken deflate stream,
# an unknown zip version or compression
DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
REFERENCE = re.compile(r"^([A-Z]+)([0-9]+)$")
MAX_PART = 16 * 1024**2  # workbook.xml and its relationships: a few KB in a real workbook


@dataclass(frozen=True)
class Sheet:
    """One sheet as the workbook lists it: name, visibility and its part in the archive."""

    name: str
    hidden: bool
    part: str


@dataclass(frozen=True)
class Chosen:
    """The sheet to read and the hidden sheets passed over to reach it."""

    name: str
    skipped: tuple[str, ...] = ()


def _local(name: str) -> str:
    """An element's name without its namespace (expat `uri name`, ElementTree `{uri}name`)."""
    return re.split(r"[ }]", name)[-1]


def column_number(letters: str) -> int:
    """`A` → 1, `XFD` → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def sheets_of(archive: zipfile.ZipFile, label: str) -> list[Sheet]:
    """The workbook's sheets in order, with visibility and archive part."""

    def part(name: str) -> ElementTree.Element:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise InputError("error.workbook.no_part", params={"name": name}, file=label) from None
        if info.file_size > MAX_PART:
            raise InputError(
                "error.workbook.part_too_big",
                params={"name": name, "size": info.file_size},
                file=label,
            )
        try:
            return ElementTree.fromstring(archive.read(info))
        except (ElementTree.ParseError, *DAMAGED) as error:
            raise InputError(
                "error.workbook.part_damaged",
                params={"name": name, "error": str(error)},
                file=label,
            ) from None

    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in part("xl/_rels/workbook.xml.rels")
        if _local(rel.tag) == "Relationship"
    }
    sheets = []
    for element in part("xl/workbook.xml").iter():
        if _local(element.tag) != "sheet":
            continue
        relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(relation, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append(
            Sheet(
                name=element.get("name", ""),
                hidden=element.get("state", "visible") != "visible",
                part=posixpath.normpath(path),
            )
        )
    if not sheets:
        raise InputError("error.workbook.no_sheets", file=label)
    return sheets


def choose_sheet(sheets: list[Sheet], sheet: str | int | None, label: str) -> tuple[Sheet, Chosen]:
    """The sheet asked for (by name or position), else the first visible one."""
    names = ", ".join(repr(s.name) for s in sheets)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise InputError(
                "error.workbook.no_sheet_number",
                params={"sheet": str(sheet), "names": names},
                file=label,
            )
        return sheets[sheet], Chosen(sheets[sheet].name)
    if sheet is not None:
        found = next((s for s in sheets if s.name == sheet), None)
        if found is None:
            raise InputError(
                "error.workbook.no_sheet", params={"sheet": repr(sheet), "names": names}, file=label
            )
        return found, Chosen(found.name)
    visible = [s for s in sheets if not s.hidden]
    if not visible:
        raise InputError("error.workbook.all_hidden", params={"names": names}, file=label)
    skipped = tuple(s.name for s in sheets[: sheets.index(visible[0])])
    return visible[0], Chosen(visible[0].name, skipped)


def count_shared_strings(archive: zipfile.ZipFile, label: str) -> int:
    """The number of shared strings, counted by streaming and stopped past the limit."""
    try:
        info = archive.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return 0
    limit = SHARED_STRINGS.value()
    count = 0

    def start(name: str, attributes: dict) -> None:
        nonlocal count
        if _local(name) == "si":
            count += 1
            if count > limit:
                SHARED_STRINGS.check(
                    count,
                    Phrase("error.limit.subject.shared_strings"),
                    Phrase("error.limit.advice.shared_strings"),
                    file=label,
                )

    _stream(archive, info, start, None, label)
    return count


@dataclass
class UsedRange:
    """What a sheet's cells really span, and its first formula without a cached value."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    uncached: tuple[str, str] | None = None  # (cell reference, formula as shown)


def scan_sheet(archive: zipfile.ZipFile, sheet: Sheet, label: str) -> UsedRange:
    """The sheet's used range from its cells (not its `dimension`, which may lie), stopped at
    the first limit crossed, and the first formula cell saved without its result."""
    used = UsedRange()
    columns_limit, cells_limit = TABLE_COLUMNS.value(), TABLE_CELLS.value()
    cell: dict = {}
    text: list[str] = []

    def start(name: str, attributes: dict) -> None:
        tag = _local(name)
        if tag == "c":
            cell.clear()
            cell["ref"] = attributes.get("r", "")
            found = REFERENCE.match(cell["ref"])
            if found:
                used.columns = max(used.columns, column_number(found.group(1)))
                used.rows = max(used.rows, int(found.group(2)))
            used.cells += 1
            if used.columns > columns_limit or used.rows * used.columns > cells_limit:
                _too_big(used, sheet, cell["ref"], label)
        elif tag in ("f", "v") and cell:
            text.clear()
            cell["in"] = tag
            cell.setdefault(tag, "")

    def end(name: str) -> None:
        tag = _local(name)
        if tag in ("f", "v") and cell.get("in") == tag:
            cell[tag] = "".join(text).strip()
            cell["in"] = None
        elif tag == "c":
            if "f" in cell and "v" not in cell and used.uncached is None:
                used.uncached = (cell["ref"], f"={cell['f']}" if cell["f"] else "a shared formula")
            cell.clear()

    def characters(data: str) -> None:
        if cell.get("in"):
            text.append(data)

    _stream(archive, archive.getinfo(sheet.part), start, end, label, characters)
    return used


def _too_big(used: UsedRange, sheet: Sheet, reference: str, label: str) -> None:
    advice = Phrase("error.limit.advice.sheet_range", {"reference": reference, "split": SPLIT})
    sheet_name = repr(sheet.name)
    TABLE_COLUMNS.check(
        used.columns,
        Phrase("error.limit.subject.sheet_width", {"sheet": sheet_name}),
        advice,
        file=label,
    )
    TABLE_CELLS.check(
        used.rows * used.columns,
        Phrase(
            "error.limit.subject.sheet_range",
            {"sheet": sheet_name, "rows": used.rows, "columns": used.columns},
        ),
        advice,
        file=label,
    )


def _stream(archive, info, start, end, label, characters=None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if characters:
        parser.CharacterDataHandler = characters
    try:
        with archive.open(info) as handle:
            while block := handle.read(1 << 20):
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except InputError:  # a limit crossed while counting: already the message to show
        raise
    except (expat.ExpatError, *DAMAGED) as error:
        raise InputError(
            "error.workbook.part_unreadable",
            params={"part": info.filename, "error": str(error)},
            file=label,
        ) from None


def check_workbook(data: bytes, sheet: str | int | None, label: str) -> Chosen:
    """The sheet to read from an XLSX, after every check that must come before parsing it:
    encryption, the archive's limits, the shared strings, the sheet's used range, and formulas
    saved without their results."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED in data[: 1 << 20]:
            raise InputError(
                "error.workbook.encrypted",
                file=label,
            )
        raise InputError("error.workbook.xls", file=label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except DAMAGED as error:
        raise InputError(
            "error.workbook.unreadable", params={"error": str(error)}, file=label
        ) from None
    with archive:
        check_zip(archive, len(data), label, "workbook")
        chosen_sheet, chosen = choose_sheet(sheets_of(archive, label), sheet, label)
        count_shared_strings(archive, label)
        if chosen_sheet.part not in archive.namelist():
            raise InputError(
                "error.workbook.sheet_missing",
                params={"sheet": repr(chosen_sheet.name)},
                file=label,
            )
        used = scan_sheet(archive, chosen_sheet, label)
    if used.uncached:
        reference, formula = used.uncached
        found = REFERENCE.match(reference)
        raise InputError(
            "error.workbook.uncached_formula",
            params={"cell": reference, "sheet": repr(chosen.name), "formula": formula[:80]},
            file=label,
            row=int(found.group(2)) if found else None,
            column=found.group(1) if found else None,
        )
    return chosen
