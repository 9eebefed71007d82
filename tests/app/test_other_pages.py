"""The Data, Priorities and Export pages run headless (Streamlit AppTest) in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
COMPUTER = "Computer and Mathematical Occupations"
BUSINESS = "Business and Financial Operations Occupations"


def opened(page: str, language: str, **query: str) -> AppTest:
    """`page` reached from a link carrying the language and `query`."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = language
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("language", "title", "own_files"),
    [("en", "Data", "My own files"), ("ru", "Данные", "Мои файлы")],
)
def test_data_page_starts_on_the_demo(language, title, own_files):
    at = opened("pages/data.py", language)
    assert at.title[0].value == title
    source = at.radio(key="data_source")
    assert source.value == "demo" and source.options[1] == own_files
    assert len(at.success) == 1  # the demo is active on every page


def test_data_page_asks_for_boundaries_employment_and_clusters():
    at = opened("pages/data.py", "en")
    at.radio(key="data_source").set_value("upload").run()
    assert not at.exception
    keys = [u.key for u in at.get("file_uploader")]
    assert keys == [
        "data_boundaries",
        "data_employment_file",
        "data_clusters",
        "data_declared",
        "data_declared_mapping",
    ]


@pytest.mark.parametrize(
    ("language", "title", "method"),
    [
        ("en", "Priorities", "Method: relatedness — Co-location proximity φ"),
        ("ru", "Приоритеты", "Метод: связанность — Близость по совместному размещению φ"),
    ],
)
def test_priorities_page_ranks_californias_junctions(language, title, method):
    at = opened("pages/priorities.py", language, region="06")
    assert at.title[0].value == title
    assert at.info[0].value.startswith(method)
    assert at.selectbox(key="priorities_region").value == "06"
    junctions = at.dataframe[0].value
    assert len(junctions) == 16
    # California's first candidate joins its computing and business categories
    assert at.selectbox[2].value == (COMPUTER, BUSINESS)
    assert len(at.get("vega_lite_chart")) == 2  # diversification chart and cluster space


@pytest.mark.parametrize(("language", "words"), [("en", "own files"), ("ru", "собственных")])
def test_a_link_made_on_own_files_explains_that_the_demo_is_shown(language, words):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(lang=language, dataset="own")
    at.run()
    assert words in at.sidebar.info[0].value
    assert at.query_params["dataset"] == "own"  # kept, so the link still says what it was


def test_the_demo_is_named_in_the_link():
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert at.query_params["dataset"] == "demo"
