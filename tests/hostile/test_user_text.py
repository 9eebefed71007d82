"""Hostile link parameters on every page: no Markdown image or link reaches the page, no
exception, and thresholds that are not numbers fall back to their defaults."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_other_pages import APP

HOSTILE = "![x](http://h.example/p.png)[Re-login](http://h.example)"
PARAMETERS = {
    key: HOSTILE
    for key in ("category", "region", "activity", "metric", "scheme", "basemap", "level", "year")
}
PAGES = [
    "pages/cluster_map.py",
    "pages/region_profile.py",
    "pages/links.py",
    "pages/priorities.py",
    "pages/export.py",
    "pages/data.py",
]
UNESCAPED = re.compile(r"(?<!\\)(!\[|\]\(|<img|<a\s)")
TEXT_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")


def shown_text(at: AppTest) -> list[str]:
    return [element.value for kind in TEXT_ELEMENTS for element in at.get(kind)]


@pytest.mark.parametrize("page", PAGES)
def test_hostile_parameters_render_no_image_and_no_link(page):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(lang="en", **PARAMETERS)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    texts = shown_text(at)
    assert texts
    assert [text for text in texts if UNESCAPED.search(text)] == []


def test_thresholds_that_are_not_numbers_fall_back_to_the_defaults():
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(lang="en", size_top="nan", spec_lq="inf", focus_top="-inf", floor="x")
    at.run()
    assert not at.exception
    method = next(c.value for c in at.sidebar.caption if c.value.startswith("Method"))
    assert "size (top 10% of regions), specialisation (LQ ≥ 2), focus (top 10%)" in method
    assert "cells under 1,000 employees" in method
