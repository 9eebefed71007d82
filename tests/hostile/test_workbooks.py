"""Hostile and careless workbooks: each refused before openpyxl parses it, or read as meant.

The XLSX parts are written by hand (a workbook is a zip of XML), so each file is as small as the
attack: one cell at XFD1048576, a million shared strings, a formula saved without its result.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from econ.errors import InputError
from econ.tables import read_table
from econ.workbook import Chosen, check_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook_bytes(sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    """A real workbook (openpyxl) with `sheets`, some of them hidden."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def hand_made(sheet_xml: str, shared: str | None = None) -> bytes:
    """A minimal workbook whose one sheet's `<sheetData>` is `sheet_xml`."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationsh'
        'ips+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlform'
        'ats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/she'
        'et1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksh'
        'eet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">'
        f"<sheetData>{sheet_xml}</sheetData></worksheet>",
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst xmlns="{MAIN}">{shared}</sst>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


TABLE = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>region</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>activity</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>employment</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>01</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>A</t></is></c><c r="C2"><v>10</v></c></row>'
)


def saved(tmp_path: Path, data: bytes, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_hand_made_workbook_reads(tmp_path):
    raw = read_table(saved(tmp_path, hand_made(TABLE)))
    assert raw.frame.to_dict("records") == [{"region": "01", "activity": "A", "employment": "10"}]


def test_one_cell_at_the_last_column_and_row_is_refused_before_parsing(tmp_path):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, hand_made(TABLE + far)))
    assert str(error.value) == (
        "book.xlsx: sheet 'Data''s used range, 1,048,576 rows × 16,384 (17,179,869,184 cells) is "
        "over the limit of 5,000,000 cells; a cell at XFD1048576 makes the sheet that wide or "
        "long; delete the rows and columns beyond the table (or split the table (one year or one "
        "group of activities per file) or keep only the data) (or raise the limit with the "
        "environment variable ATLAS_MAX_CELLS)"
    )


def test_a_million_shared_strings_are_counted_only_up_to_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_MAX_SHARED_STRINGS", "1000")
    shared = "<si><t>x</t></si>" * 1_001
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, hand_made(TABLE, shared)))
    assert str(error.value) == (
        "book.xlsx: the workbook's shared-string table (counted up to one past the limit) (1,001 "
        "shared strings) is over the limit of 1,000 shared strings; save the sheet as CSV, or "
        "remove unused text (or raise the limit with the environment variable "
        "ATLAS_MAX_SHARED_STRINGS)"
    )


def test_twenty_million_shared_strings_in_a_small_file_are_refused_as_a_zip_bomb(tmp_path):
    shared = "<si><t>x</t></si>" * 2_000_000  # 34 MB of XML, about 100 KB zipped
    with pytest.raises(InputError, match=r"the workbook's expansion .* over the limit of 100 "):
        read_table(saved(tmp_path, hand_made(TABLE, shared)))


def test_a_formula_saved_without_its_result_is_named_by_cell(tmp_path):
    sheet = TABLE + '<row r="3"><c r="A3" t="inlineStr"><is><t>02</t></is></c>'
    sheet += '<c r="B3" t="inlineStr"><is><t>A</t></is></c><c r="C3"><f>SUM(C2:C2)</f></c></row>'
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, hand_made(sheet)))
    assert str(error.value) == (
        "book.xlsx, row 3, column 'C': cell C3 of sheet 'Data' holds a formula (=SUM(C2:C2)) "
        "saved without its result, so its value is unknown; open the workbook in Excel or "
        "LibreOffice and save it (that stores the results), or paste the values"
    )


def test_a_formula_with_its_saved_result_reads_as_the_result(tmp_path):
    sheet = TABLE + '<row r="3"><c r="A3" t="inlineStr"><is><t>02</t></is></c>'
    sheet += '<c r="B3" t="inlineStr"><is><t>A</t></is></c>'
    sheet += '<c r="C3"><f>SUM(C2:C2)</f><v>10</v></c></row>'
    raw = read_table(saved(tmp_path, hand_made(sheet)))
    assert raw.frame["employment"].tolist() == ["10", "10"]


def test_a_hidden_first_sheet_is_passed_over_for_the_first_visible_one(tmp_path):
    data = workbook_bytes(
        {
            "Lookup": [["code", "name"], ["01", "Alabama"]],
            "Employment": [["region", "activity", "employment"], ["01", "A", 10]],
        },
        hidden=("Lookup",),
    )
    assert check_workbook(data, None, "book.xlsx") == Chosen("Employment", ("Lookup",))
    raw = read_table(saved(tmp_path, data))
    assert raw.sheet == "Employment"
    assert raw.frame.to_dict("records") == [{"region": "01", "activity": "A", "employment": "10"}]
    assert read_table(saved(tmp_path, data), sheet="Lookup").frame.columns.tolist() == [
        "code",
        "name",
    ]


def test_a_sheet_that_does_not_exist_is_named_with_the_ones_that_do(tmp_path):
    data = workbook_bytes({"One": [["a", "b"], [1, 2]], "Two": [["a", "b"], [1, 2]]})
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, data), sheet="Three")
    assert str(error.value) == "book.xlsx: no sheet 'Three'; the sheets are 'One', 'Two'"


def test_a_password_protected_workbook_says_so(tmp_path):
    # An encrypted OOXML file is an OLE compound file holding an EncryptionInfo stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, data + b"\0" * 2048))
    assert str(error.value) == (
        "book.xlsx: the workbook is password-protected (encrypted); open it in Excel or "
        "LibreOffice, remove the password and save it again"
    )


@settings(max_examples=40)
@given(
    rows=st.integers(min_value=3, max_value=2_000_000),
    columns=st.integers(min_value=1, max_value=20_000),
)
def test_any_far_cell_is_read_or_refused_by_the_limits_set_small(tmp_path_factory, rows, columns):
    letters, number = "", columns
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    far = f'<row r="{rows}"><c r="{letters}{rows}"><v>1</v></c></row>'
    path = saved(tmp_path_factory.mktemp("far"), hand_made(TABLE + far))
    width, cells = max(columns, 3), rows * max(columns, 3)
    os.environ["ATLAS_MAX_CELLS"] = "3000"
    try:
        if width > 16_384 or cells > 3000:
            with pytest.raises(InputError, match="ATLAS_MAX_(CELLS|COLUMNS)"):
                read_table(path)
        else:
            # the empty columns between the table and the far cell are dropped
            assert read_table(path).frame.shape[1] == (3 if columns <= 3 else 4)
    finally:
        del os.environ["ATLAS_MAX_CELLS"]


def test_a_part_damaged_after_saving_is_named(tmp_path):
    stored = io.BytesIO()  # stored, not deflated: one changed byte leaves the part readable
    with (
        zipfile.ZipFile(io.BytesIO(hand_made(TABLE))) as source,
        zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target,
    ):
        for name in source.namelist():
            target.writestr(name, source.read(name))
    damaged = stored.getvalue().replace(b"<sheets>", b"<sheetz>")
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, damaged))
    assert str(error.value) == (
        "book.xlsx: the workbook's xl/workbook.xml is damaged (Bad CRC-32 for file "
        "'xl/workbook.xml'); save it again as .xlsx or CSV"
    )


def test_a_workbook_of_an_unknown_zip_version_is_named(tmp_path):
    data = hand_made(TABLE)
    at = data.index(b"PK\x01\x02") + 6
    with pytest.raises(InputError) as error:
        read_table(saved(tmp_path, data[:at] + bytes([114, 0]) + data[at + 2 :]))
    assert str(error.value) == (
        "book.xlsx: not a readable XLSX workbook (zip file version 11.4); save it again as .xlsx "
        "or CSV"
    )
