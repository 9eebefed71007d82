"""Written tables never carry a live formula: hostile names in every CSV the CLI writes and in
the XLSX export come out as text, and negative numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import load_workbook

from cli import main
from layers.tables import TRIGGERS, csv_bytes, neutralised, xlsx_bytes

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
