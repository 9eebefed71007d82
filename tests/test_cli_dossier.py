"""`cli.py dossier`: one region by id or name, every region with an index, declared priorities
in the audit section, and bad choices ending with one message."""

from __future__ import annotations

import re
from pathlib import Path

import cli
from tests.test_cli_audit import inputs  # noqa: F401  (the hand-made two-year dataset)


def run_dossier(files: dict[str, Path], out: Path, *extra: str) -> int:
    return cli.main(
        [
            "dossier",
            "--boundaries",
            str(files["regions"]),
            "--id-column",
            "code",
            "--name-column",
            "label",
            "--employment",
            str(files["employment"]),
            "--clusters",
            str(files["clusters"]),
            "--out",
            str(out),
            *extra,
        ]
    )


def test_all_regions_with_declared_priorities(inputs, tmp_path):  # noqa: F811
    extra = [
        "--priorities",
        str(inputs["priorities"]),
        "--priority-mapping",
        str(inputs["mapping"]),
    ]
    assert run_dossier(inputs, tmp_path, "--all", *extra) == 0
    names = sorted(p.name for p in tmp_path.glob("*.html"))
    assert names == ["a-avon.html", "b-bath.html", "c-cork.html", "d-derry.html", "index.html"]
    derry = (tmp_path / "d-derry.html").read_text(encoding="utf-8")
    assert "<h1>Derry</h1>" in derry and "priorities.csv" in derry
    assert '<span class="verdict v-declining">declining — check</span>' in derry
    assert "−25.0\u00a0%" in derry  # growth, as English writes it
    cork = (tmp_path / "c-cork.html").read_text(encoding="utf-8")
    assert '<span class="verdict v-strength">strength</span>' in cork
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', index) == [
        "a-avon.html",
        "b-bath.html",
        "c-cork.html",
        "d-derry.html",
    ]


def test_one_region_by_name_in_russian(inputs, tmp_path):  # noqa: F811
    assert run_dossier(inputs, tmp_path, "--region", "cork", "--lang", "ru") == 0
    cork = (tmp_path / "c-cork.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in cork and ">Досье региона</div>" in cork
    assert "Для региона не заданы заявленные приоритеты" in cork


def test_bad_region_and_missing_files(inputs, tmp_path, capsys):  # noqa: F811
    assert run_dossier(inputs, tmp_path, "--region", "Atlantis") == 2
    assert "no region 'Atlantis' in the boundaries" in capsys.readouterr().err
    assert cli.main(["dossier", "--all", "--out", str(tmp_path)]) == 2
    assert "--boundaries, --employment needed" in capsys.readouterr().err


def test_demo_all_writes_56_dossiers(tmp_path):
    assert cli.main(["dossier", "--demo", "--all", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.html"))) == 57  # 56 regions and index.html
    samoa = next(tmp_path.glob("60-*.html")).read_text(encoding="utf-8")
    assert "This region has no employment data" in samoa
