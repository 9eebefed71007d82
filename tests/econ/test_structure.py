"""Published layouts: title and units rows, merged two-row headers, label and footnote rows."""

import pandas as pd
import pytest
from openpyxl import Workbook

from econ.structure import strip_footnote, table_layout, units_in
from econ.tables import read_employment


def rosstat_sheet(path, units="(тысяч человек)"):
    """A small table laid out as «Регионы России» prints it, in thousands."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "СРЕДНЕГОДОВАЯ ЧИСЛЕННОСТЬ ЗАНЯТЫХ ПО ВИДАМ ЭКОНОМИЧЕСКОЙ ДЕЯТЕЛЬНОСТИ В 2023 г."
    sheet.merge_cells("A1:E1")
    sheet["E2"] = units
    sheet["B3"] = "Всего"
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("A3:A4")
    sheet["C3"] = "в том числе по видам экономической деятельности:"
    sheet.merge_cells("C3:E3")
    sheet["C4"] = "добыча полезных ископаемых"
    sheet["D4"] = "обрабатывающие производства1)"
    sheet["E4"] = "строительство"
    sheet.append(["Российская Федерация2)", 12.5, 2.5, 6.0, 4.0])
    sheet.append(["Архангельская область", 7.0, 2.0, 3.0, 2.0])
    sheet.append(["в том числе:"])
    sheet.append(["Ненецкий автономный округ", 2.5, 2.0, "-", 0.5])
    sheet.append(["Архангельская область без автономного округа", 4.5, "…", 3.0, 1.5])
    sheet.append(["Тверская область", 5.5, 0.5, 3.0, 2.0])
    sheet.append(["1) Включая производство пищевых продуктов."])
    sheet.append(["2) Без учета данных по отдельным территориям."])
    book.save(path)
    return path


def test_layout_of_a_rosstat_sheet(tmp_path):
    tidy, report = read_employment(rosstat_sheet(tmp_path / "t.xlsx"))
    assert report.header_row == 4 and report.layout == "wide"
    assert sorted(tidy["activity"].unique()) == [
        "добыча полезных ископаемых",
        "обрабатывающие производства",
        "строительство",
    ]
    assert report.total_column == "Всего" and report.totals["Российская Федерация"] == 12_500.0
    assert report.units == "thousands" and "тысяч человек" in report.units_source
    values = tidy.set_index(["region", "activity"])["employment"]
    assert values[("Тверская область", "обрабатывающие производства")] == 3_000.0
    assert values[("Ненецкий автономный округ", "обрабатывающие производства")] == 0.0
    assert pd.isna(
        values[("Архангельская область без автономного округа", "добыча полезных ископаемых")]
    )
    assert tidy["region"].nunique() == 5
    kinds = report.structure.set_index("row")["problem"].str.split().str[0].to_dict()
    assert kinds == {1: "title", 2: "units", 7: "label", 11: "footnote", 12: "footnote"}


def test_units_override_and_rows_of_problems(tmp_path):
    path = rosstat_sheet(tmp_path / "t.xlsx", units="(человек)")
    tidy, report = read_employment(path)
    assert report.units == "persons" and tidy["employment"].max() == 6.0
    tidy, report = read_employment(path, units="thousands")
    assert report.units_source == "chosen" and tidy["employment"].max() == 6_000.0


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("(тысяч человек)", "thousands"),
        ("тыс. чел.", "thousands"),
        ("Employment, thousands", "thousands"),
        ("Численность, человек", "persons"),
        ("млн человек", "millions"),
        ("Среднегодовая численность занятых", None),
    ],
)
def test_units_as_printed(text, units):
    assert units_in(text) == units


def test_footnote_marks_and_a_repeated_leaf_keep_their_group():
    cells = pd.DataFrame(
        [
            [None, "2022", None, "2023", None],
            [None, "всего", "женщины", "всего", "женщины"],
            ["Москва", "10", "4", "11", "5"],
            ["Тверь", "3", "1", "3", "2"],
        ]
    )
    layout = table_layout(cells)
    assert layout.header == ["column 1", "2022 всего", "2022 женщины", "2023 всего", "2023 женщины"]
    assert strip_footnote("Российская Федерация1)") == "Российская Федерация"
    assert strip_footnote("Республика Крым 2)*") == "Республика Крым"
