"""Input errors carry a key and parameters and read in either language."""

from __future__ import annotations

import pytest

from econ.errors import InputError
from geo.readers import read_boundaries


def test_an_error_reads_in_both_languages_with_its_numbers():
    error = InputError(
        "error.shapefile.dbf_count",
        params={"shx": "a.shx", "shapes": 1234, "dbf": "a.dbf", "rows": 1230},
        file="a.zip",
        row=7,
        column="name",
    )
    assert str(error) == (
        "a.zip, row 7, column 'name': the shapefile's a.shx indexes 1,234 shapes but its a.dbf "
        "holds 1,230 records; the parts come from different exports: export the shapefile again "
        "and zip its .shp, .shx, .dbf and .prj together"
    )
    assert error.localised("ru").startswith(
        "a.zip, строка 7, столбец 'name': a.shx шейп-файла указывает фигур: 1\u00a0234, а его "
        "a.dbf содержит записей: 1\u00a0230;"
    )
    assert error.detail.startswith("the shapefile's a.shx")


def test_a_plain_sentence_is_kept_as_it_is():
    error = InputError("--out needed", file="x.csv")
    assert str(error) == error.localised("ru") == "x.csv: --out needed"


def test_a_reader_raises_a_keyed_error(tmp_path):
    empty = tmp_path / "regions.geojson"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as raised:
        read_boundaries(empty)
    assert raised.value.key == "error.file.empty"
    assert raised.value.localised("ru") == (
        "regions.geojson: файл пуст (0 байт); загрузите его ещё раз"
    )


def test_a_workbook_error_reads_in_russian():
    from econ.workbook import OLE_MAGIC, check_workbook

    with pytest.raises(InputError) as raised:
        check_workbook(OLE_MAGIC + b"\0" * 64, None, "old.xls")
    assert str(raised.value) == (
        "old.xls: old Excel .xls files are not supported; save as .xlsx or CSV"
    )
    assert raised.value.localised("ru") == (
        "old.xls: старые файлы Excel .xls не поддерживаются; сохраните как .xlsx или CSV"
    )


def test_a_declared_priorities_error_reads_in_russian(tmp_path):
    from econ.declared import read_declared

    table = tmp_path / "declared.csv"
    table.write_text("region,priority,source\nA,,x\nB,,y\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_declared(table)
    assert raised.value.key == "error.declared.nothing_filled"
    assert raised.value.localised("ru").endswith(
        "ни в одной строке не заполнены одновременно регион и приоритет; заполните их"
    )
    assert str(raised.value).endswith("no row has both a region and a priority; fill them in")


def test_a_correspondence_error_reads_in_russian():
    from econ.correspondence import correspondence

    with pytest.raises(InputError) as raised:
        correspondence("sic")
    assert str(raised.value).startswith("unknown classification 'sic'; choose one of ")
    assert raised.value.localised("ru").startswith(
        "неизвестная классификация 'sic'; выберите одну из: "
    )


def test_a_change_error_reads_in_russian():
    from econ.dynamics import period

    with pytest.raises(InputError) as raised:
        period([2020, 2021], 2019, file="jobs.csv")
    assert str(raised.value) == (
        "jobs.csv, column 'year': no year 2019 in the table; its years are 2020, 2021"
    )
    assert raised.value.localised("ru") == (
        "jobs.csv, столбец 'year': в таблице нет 2019 года; её годы: 2020, 2021"
    )


def test_a_csv_limit_error_reads_in_russian():
    from econ.limits import field_error

    error = field_error(ValueError("bad"), 12, "jobs.csv")
    assert str(error) == (
        "jobs.csv, row 12: the CSV cannot be parsed (bad); check the quotes on this row"
    )
    assert error.localised("ru") == (
        "jobs.csv, строка 12: CSV не разбирается (bad); проверьте кавычки в этой строке"
    )
