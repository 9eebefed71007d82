"""Written tables never carry a live formula: hostile names in every CSV the CLI writes and in
the XLSX export come out as text, and negative numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import load_workbook

from cli import main
from layers.tables import TRIGGERS, csv_bytes, neutralised, with_names, write_csv, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://x.example/","x")', "+1+1", "@SUM(A1:A9)", "-2+3", "\t=1"]


def test_text_that_starts_a_formula_is_made_plain_and_numbers_are_kept():
    frame = pd.DataFrame({"name": HOSTILE + ["-4", "plain"], "value": [-1.5] * 7})
    out = neutralised(frame)
    assert out["name"].tolist() == [
        '\'=HYPERLINK("http://x.example/","x")',
        "'+1+1",
        "'@SUM(A1:A9)",
        "'-2+3",
        "'\t=1",
        "-4",
        "plain",
    ]
    assert out["value"].tolist() == [-1.5] * 7
    assert csv_bytes(frame).startswith(b"\xef\xbb\xbf")


def test_the_xlsx_holds_the_names_as_text_not_formulas():
    frame = pd.DataFrame({"name": HOSTILE, "value": [-1.0, 2.0, 3.0, 4.0, 5.0]})
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"t": frame}))).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in cells if c.column == 1] == HOSTILE
    assert sheet["B2"].value == -1.0 and sheet["B2"].data_type == "n"


def test_no_csv_the_cli_writes_holds_a_formula(tmp_path, capsys):
    table = tmp_path / "employment.csv"
    rows = [["region", "activity", "employment"]] + [
        [region, activity, str(100 + 10 * i + j)]
        for i, region in enumerate(HOSTILE)
        for j, activity in enumerate(["62.01", "10.11", "47.11"])
    ]
    with table.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    clusters = tmp_path / "clusters.csv"
    clusters.write_text(
        "activity,cluster\n62.01,\"=cmd|' /C calc'!A0\"\n10.11,@food\n47.11,+trade\n",
        encoding="utf-8",
    )
    for command in ("metrics", "priorities"):
        args = [command, "--employment", str(table), "--clusters", str(clusters)]
        assert main([*args, "--out", str(tmp_path / command)]) == 0, capsys.readouterr().err
    written = list(tmp_path.glob("*/*.csv"))
    assert len(written) >= 8
    for path in written:
        for row in csv.reader(path.read_text(encoding="utf-8").splitlines()):
            for cell in row:
                assert (
                    not cell.startswith(TRIGGERS)
                    or cell.lstrip("+-")
                    .replace(".", "")
                    .replace("e", "")
                    .replace("-", "")
                    .isdigit()
                ), (path.name, cell)
    cells = pd.read_csv(tmp_path / "metrics" / "region_cluster.csv")
    assert '\'=HYPERLINK("http://x.example/","x")' in set(cells["region"])


def russian_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["RU-TYU", "RU-MOW", "=HYPERLINK(1)"],
            "employment": [157600.0, 1234567.8, -4.0],
            "lq": [0.938215, 1.5, -0.25],
            "reliable": [True, False, True],
        }
    )


def test_a_russian_csv_reads_back_with_the_same_numbers():
    table = russian_table()
    raw = csv_bytes(table, language="ru")
    assert raw.startswith("\ufeff".encode())  # UTF-8 BOM: Excel reads the Cyrillic
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "Регион (код);Занятость;LQ;Надёжно"
    assert "1234567,8;1,5;нет" in text  # decimal comma, no thousands separator
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Занятость"].tolist() == [157600.0, 1234567.8, -4.0]
    assert back["LQ"].tolist() == [0.938215, 1.5, -0.25]
    assert back["Регион (код)"].tolist() == ["RU-TYU", "RU-MOW", "'=HYPERLINK(1)"]


def test_a_russian_csv_in_cp1251():
    raw = csv_bytes(russian_table(), language="ru", encoding="cp1251")
    assert raw.decode("cp1251").splitlines()[0] == "Регион (код);Занятость;LQ;Надёжно"


def test_an_english_csv_is_unchanged():
    text = csv_bytes(russian_table()).decode("utf-8-sig")
    assert text.splitlines()[:2] == [
        "region,employment,lq,reliable",
        "RU-TYU,157600.0,0.938215,True",
    ]


def test_the_cli_excel_form_and_the_machine_form(tmp_path):
    write_csv(russian_table(), tmp_path / "machine.csv")
    write_csv(russian_table(), tmp_path / "excel.csv", excel="ru")
    assert (tmp_path / "machine.csv").read_text("utf-8").startswith("region,employment,lq")
    assert (tmp_path / "excel.csv").read_bytes().startswith("\ufeffРегион (код);".encode())


def test_a_russian_workbook_has_headers_numbers_a_frozen_row_and_widths():
    book = load_workbook(io.BytesIO(xlsx_bytes({"region_cluster": russian_table()}, language="ru")))
    sheet = book["region_cluster"]
    assert [c.value for c in sheet[1]] == ["Регион (код)", "Занятость", "LQ", "Надёжно"]
    assert sheet["B3"].value == 1234567.8 and sheet["B3"].data_type == "n"
    assert sheet["A4"].value == "=HYPERLINK(1)" and sheet["A4"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 15  # "=HYPERLINK(1)" and two characters


def test_names_follow_their_codes():
    table = pd.DataFrame({"region": ["RU-TYU", "X"], "cluster": ["mining", "it"], "lq": [4.1, 1.0]})
    named = with_names(table, regions={"RU-TYU": "Тюменская область"}, clusters={"it": "ИТ"})
    assert named.columns.tolist() == ["region", "name", "cluster", "cluster_name", "lq"]
    assert named["name"].tolist() == ["Тюменская область", "X"]
    assert named["cluster_name"].tolist() == ["mining", "ИТ"]
