"""The Priorities audit page on the demo with a declared list: the same tables as `cli.py audit`
on the same file, in both languages, and a clear note without a list."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import cli

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DECLARED = "\n".join(
    [
        "region,priority",
        "California,Computer and Mathematical Occupations",
        "California,Farming Fishing and Forestry Occupations",
        "06,15-1252",
        "Texas,Architecture and Engineering Occupations",
        "Atlantis,Tourism",
    ]
).encode()


def opened(language: str, declared: bytes | None = DECLARED) -> AppTest:
    from pages.common import DECLARED as KEY
    from pages.common import DeclaredFile

    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = language
    at.query_params["region"] = "06"
    if declared is not None:
        at.session_state[KEY] = DeclaredFile("strategy.csv", declared)
    at.run()
    at.switch_page("pages/audit.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def cli_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("audit_page")
    (folder / "strategy.csv").write_bytes(DECLARED)
    out = folder / "out"
    assert (
        cli.main(
            ["audit", "--demo", "--priorities", str(folder / "strategy.csv"), "--out", str(out)]
        )
        == 0
    )
    return {
        name: pd.read_csv(out / f"{name}.csv", dtype={"region": str, "partner": str})
        for name in ("audit", "missing")
    }


def test_the_page_shows_californias_audit_as_the_cli_writes_it(cli_tables) -> None:
    at = opened("en")
    assert at.title[0].value == "Priorities audit"
    table = at.dataframe[0].value
    expected = cli_tables["audit"][cli_tables["audit"]["region"] == "06"]
    assert len(table) == len(expected) == 2  # 15-1252 falls in the computer category: once
    assert table["priority"].tolist() == expected["priority"].tolist()
    assert table["reason"].tolist() == expected["reason"].tolist()
    assert table["lq"].tolist() == pytest.approx(expected["lq"].tolist(), rel=1e-5)
    assert table["verdict"].tolist() == expected["verdict"].tolist()
    missing = at.dataframe[1].value
    want = cli_tables["missing"][cli_tables["missing"]["region"] == "06"]
    assert missing["reason"].tolist() == want["reason"].tolist()
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Download audit.csv",
        "Download missing.csv",
        "Download shared.csv",
        "Download declared_problems.csv",
    ]


def test_the_russian_page_has_russian_verdicts_and_reasons() -> None:
    at = opened("ru")
    assert at.title[0].value == "Проверка приоритетов"
    table = at.dataframe[0].value
    assert set(table["verdict"]) <= {
        "сильная сторона",
        "точка роста",
        "перспективная возможность",
        "слабые основания",
        "спад — проверить",
    }
    assert all("LQ" in reason for reason in table["reason"])


def test_without_a_list_the_page_points_to_the_data_page() -> None:
    at = opened("en", declared=None)
    assert at.info[0].value.startswith("No declared priorities yet")
    assert not at.dataframe
