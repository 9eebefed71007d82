"""`--lang ru` speaks Russian and `--excel ru` writes CSVs Russian Excel opens; without them the
machine CSVs keep the documented columns in UTF-8."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cli


def test_russian_messages_and_excel_tables(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "ru"
    assert cli.main(["metrics", "--demo", "--out", str(out), "--lang", "ru", "--excel", "ru"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(
        "ячеек «регион × кластер»: 1\u00a0184 (со звёздами: 201), "
        "ячеек «регион × вид деятельности»: 36\u00a0168, регионов: 54"
    )
    raw = (out / "region_cluster.csv").read_bytes()
    assert raw.startswith("\ufeffРегион (код);Кластер (код);Занятость;".encode())
    table = pd.read_csv(out / "region_cluster.csv", sep=";", decimal=",", encoding="utf-8-sig")
    machine = tmp_path / "en"
    assert cli.main(["metrics", "--demo", "--out", str(machine)]) == 0
    documented = pd.read_csv(machine / "region_cluster.csv", dtype={"region": str})
    assert documented.columns[:3].tolist() == ["region", "cluster", "employment"]
    assert len(table) == len(documented) == 1184
    assert table["LQ"].tolist() == pytest.approx(documented["lq"].tolist(), rel=1e-5, nan_ok=True)


def test_an_error_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "regions.geojson"
    bad.write_bytes(b"")
    code = cli.main(["check", "--boundaries", str(bad), "--employment", str(bad), "--lang", "ru"])
    assert code == 2
    assert capsys.readouterr().err == (
        "ошибка: regions.geojson: файл пуст; выгрузите таблицу заново\n"  # the table is read first
    )


@pytest.mark.parametrize(
    ("arguments", "russian"),
    [
        (
            ["define-clusters", "--demo", "--clusters-range", "9", "--out", "x"],
            "ошибка: --clusters-range '9': укажите два числа, например 10:60\n",
        ),
        (
            ["maps", "--demo", "--scheme", "user_defined", "--out", "x"],
            "ошибка: для --scheme user_defined нужен --breaks, например --breaks 0.8 1.25 2\n",
        ),
    ],
)
def test_a_cli_option_error_in_russian(
    arguments: list[str], russian: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    arguments = [str(tmp_path / a) if a == "x" else a for a in arguments]
    assert cli.main([*arguments, "--lang", "ru"]) == 2
    assert capsys.readouterr().err == russian
