"""The Links page runs headless (Streamlit AppTest) in both languages with the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
COMPUTER = "Computer and Mathematical Occupations"


def links_page(language: str, category: str, **state) -> AppTest:
    """The Links page opened from a link carrying language and category, with widget `state`."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = language
    at.query_params["category"] = category
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/links.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("language", "title", "islands"),
    [
        ("en", "Links between regions", "Without a shared border: Alaska"),
        ("ru", "Связи между регионами", "Без общей границы: Alaska"),
    ],
)
def test_links_page_lists_the_zone_and_islands(language, title, islands):
    at = links_page(language, category=COMPUTER, links_region="49")
    assert at.title[0].value == title
    captions = " ".join(c.value for c in at.caption)
    assert islands in captions
    frames = [d.value for d in at.dataframe]
    # the Computer and Mathematical zone at LQ >= 1.25: DC, Maryland, Virginia
    links = frames[0]
    assert len(links) == 3
    zone = frames[1]
    assert zone.iloc[0, -1] == "District of Columbia; Maryland; Virginia"
    partners = frames[3]
    assert len(partners) == 5
