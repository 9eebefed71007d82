"""`cli.py check`: the Data page's reports from the command line; bad input exits 2."""

from __future__ import annotations

import pandas as pd

from cli import main
from econ.dataset import DEMO_DIR


def test_check_writes_reports(tmp_path, capsys):
    table = tmp_path / "employment.csv"
    table.write_text("region;A;B\n01;1 200,5;-\n06;7;x\n99;1;2\n", encoding="cp1251")
    code = main(
        [
            "check",
            "--boundaries",
            str(DEMO_DIR / "regions.geojson"),
            "--employment",
            str(table),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    report = pd.read_csv(tmp_path / "out" / "region_matching.csv", dtype=str)
    assert report["status"].value_counts().to_dict() == {
        "no_data": 54,
        "matched": 2,
        "unmatched": 1,
    }
    assert report.loc[report["status"] == "matched", "rule"].tolist() == ["code", "code"]
    assert "wide table" in capsys.readouterr().out


def test_check_bad_table_exits_2(tmp_path, capsys):
    table = tmp_path / "bad.csv"
    table.write_text("region,activity,employment\n01,A,ten\n")
    code = main(
        ["check", "--boundaries", str(DEMO_DIR / "regions.geojson"), "--employment", str(table)]
    )
    assert code == 2
    assert "bad.csv, row 2, column 'employment': text in a number column" in capsys.readouterr().err
