"""The Cluster map and Export pages run headless (Streamlit AppTest) in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

COMPUTER = "Computer and Mathematical Occupations"


def run(page: str, language: str, **query) -> AppTest:
    """The app opened from a link carrying `lang` and `query`, then switched to `page`."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = language
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/cluster_map.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("language", "lq_label", "lq_text"),
    [("en", "Location quotient", "1.16"), ("ru", "Коэффициент локализации", "1,16")],
)
def test_cluster_map_shows_california_lq(language, lq_label, lq_text):
    # California, SOC 15-0000: (717,730 / 18,213,700) / (5,260,120 / 155,495,730) = 1.1649
    at = run("pages/cluster_map.py", language, category=COMPUTER, region="06")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[lq_label] == lq_text
    assert at.selectbox(key=f"category.{language}").value == COMPUTER


@pytest.mark.parametrize("language", ["en", "ru"])
def test_export_page_offers_every_table(language):
    at = run("pages/export.py", language)
    labels = [b.label for b in at.get("download_button")]
    assert any("region_cluster.csv" in label for label in labels)
    assert any("XLSX" in label for label in labels)
