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


@pytest.mark.parametrize(
    "arguments",
    [["--lang", "ru", "links", "--help"], ["links", "--lang", "ru", "--help"]],
)
def test_help_in_russian(
    arguments: list[str], capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one line per option, as argparse wraps to the width
    with pytest.raises(SystemExit) as done:
        cli.main(arguments)
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "ближайших регионов для острова (по умолчанию 1)" in shown
    assert (
        "границы регионов (shapefile в zip, GeoJSON, ...; без них — встроенные демо-данные" in shown
    )
    assert "islands' nearest regions" not in shown


def test_help_in_english_as_before(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    with pytest.raises(SystemExit):
        cli.main(["links", "--help"])
    shown = capsys.readouterr().out
    assert (
        "  --k-nearest K_NEAREST\n                        islands' nearest regions (default 1)\n"
        in (shown)
    )
    assert (
        "  --boundaries BOUNDARIES\n                        region boundaries (zipped shapefile, "
        "GeoJSON, ...; the bundled US demo if omitted)\n"
    ) in shown
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "Cluster Atlas from the command line: the same pipeline as the app, for batch work." in (
        capsys.readouterr().out
    )


def _check(tmp_path: Path, language: str) -> None:
    """`cli.py check` of a wide table with a suppressed cell, a mark and a code the demo lacks."""
    from econ.dataset import DEMO_DIR

    table = tmp_path / "employment.csv"
    table.write_text("region;A;B\n01;1 200,5;-\n06;7;x\n99;1;2\n", encoding="cp1251")
    arguments = ["check", "--boundaries", str(DEMO_DIR / "regions.geojson")]
    assert cli.main([*arguments, "--employment", str(table), "--lang", language]) == 0


def test_check_prints_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _check(tmp_path, "ru")
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "employment.csv: таблица широкая, заголовок в строке 1, единицы: человек "
        "(предположены: таблица не называет единиц)",
        "обозначения generic: «-», «…», «x», «(D)», «**», «н/д» и пустые ячейки — скрытые "
        "значения (пропуски)",
        "регионы: нет данных: 54, сопоставлен: 2, не сопоставлен: 1",  # 57 codes: 56 + '99'
        "regions.geojson: регионов — 56, объектов — 56 (код 'region', название 'name')",
    ]
    rows = [line.split() for line in lines[4:13]]
    assert rows[0] == ["Показатель", "Число"]
    assert ["пропуски:", "x", "1"] in rows  # B of 06
    assert ["значений", "4"] in rows  # of six cells 1 200,5, 7, 1 and 2; '-' and 'x' missing
    assert ["не", "сопоставлен", "1"] in [line.split() for line in lines]  # '99'


def test_check_prints_in_english_as_before(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _check(tmp_path, "en")
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:4] == [
        "regions: 54 no_data, 2 matched, 1 unmatched",
        "regions.geojson: 56 regions from 56 features (id 'region', name 'name')",
    ]
    assert lines[4].split() == ["item", "count"]
    status = lines.index("status")
    assert lines[status : status + 4] == [
        "status",
        "no_data      54",
        "matched       2",
        "unmatched     1",
    ]


def test_priorities_method_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "ru"
    assert cli.main(["priorities", "--demo", "--out", str(out), "--lang", "ru"]) == 0
    method = (out / "method.txt").read_text(encoding="utf-8").splitlines()
    assert method[0].startswith("связанность: близость по совместному размещению φ")
    assert "присутствие: RCA ≥ 1,00; сильная = звезд кластера не меньше 1" in method[0]
    assert method[1].endswith("пары со связанностью >= 0,50 — кандидаты-стыки.")
    printed = capsys.readouterr().out
    assert printed.startswith("кандидатов на стыке: 363; связанность:")
