"""Every input error the atlas raises names a catalogue message that both languages hold.

The source is read, not run: each `InputError(...)` call in the readers, the measures, the
maps and the CLI must pass a message key (`"error.…"`, an f-string that starts with one, or a
choice between two), never an English sentence, so no error reaches a Russian user in English.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from econ.errors import InputError
from i18n.catalog import LANGUAGES, messages

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [
        path
        for folder in ("econ", "geo", "intake", "layers", "i18n")
        for path in (ROOT / folder).rglob("*.py")
    ]
    + [ROOT / "cli.py"]
)
ERROR_TYPES = {"InputError", "Phrase"}


def _keys(node: ast.expr) -> list[tuple[str, bool]] | None:
    """(key, is a prefix) for each message the argument can name; None when it names none."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.value, False)] if node.value.startswith("error.") else None
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and str(first.value).startswith("error."):
            return [(str(first.value), True)]
        return None
    if isinstance(node, ast.IfExp):
        body, orelse = _keys(node.body), _keys(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _calls() -> list[tuple[str, str, ast.Call]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in ERROR_TYPES:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", name, node))
    return found


def test_every_input_error_names_a_message_key():
    sentences = [
        where
        for where, name, call in _calls()
        if name == "InputError" and (not call.args or _keys(call.args[0]) is None)
    ]
    assert len(_calls()) > 150  # the scan sees the atlas's errors
    assert sentences == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_named_message_is_in_the_catalogue(language):
    held = set(messages(language))
    missing = []
    for where, _, call in _calls():
        for key, prefix in (_keys(call.args[0]) or []) if call.args else []:
            if not (any(k.startswith(key) for k in held) if prefix else key in held):
                missing.append(f"{where}: {key}")
    assert missing == []


def test_a_limit_reads_in_russian_with_its_figures():
    from econ.limits import check_shape

    with pytest.raises(InputError) as raised:
        check_shape(10, 50_001, "wide.csv")
    assert str(raised.value) == (
        "wide.csv: the table's width (50,001 columns) is over the limit of 16,384 columns; "
        "split the table (one year or one group of activities per file) or keep only the data "
        "(or raise the limit with the environment variable ATLAS_MAX_COLUMNS)"
    )
    assert raised.value.localised("ru") == (
        "wide.csv: ширина таблицы (столбцов: 50\u00a0001) превышает предел (16\u00a0384); "
        "разделите таблицу (один год или одна группа видов деятельности в файле) или оставьте "
        "только данные (или поднимите предел переменной окружения ATLAS_MAX_COLUMNS)"
    )


def test_a_bad_limit_setting_reads_in_russian(monkeypatch):
    from econ.limits import ZIP_MB

    monkeypatch.setitem(os.environ, "ATLAS_MAX_ZIP_MB", "lots")
    with pytest.raises(InputError) as raised:
        ZIP_MB.value()
    assert raised.value.localised("ru") == (
        "переменная окружения ATLAS_MAX_ZIP_MB='lots' — не целое положительное число; "
        "задайте число (МБ) или удалите переменную (по умолчанию 1\u00a0024)"
    )


def test_a_bad_cell_names_its_problem_in_russian(tmp_path):
    from intake.pipeline import keyed_numbers

    table = tmp_path / "totals.csv"
    table.write_text("region,employment\nA,12\nB,abc\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        keyed_numbers(table, "region", "totals.csv")
    assert str(raised.value) == (
        "totals.csv, row 3, column 'employment': text in a number column 'abc'; correct the cell"
    )
    assert raised.value.localised("ru") == (
        "totals.csv, строка 3, столбец 'employment': текст в числовом столбце 'abc'; "
        "исправьте ячейку"
    )
