"""User text reaches Markdown surfaces escaped: a link's parameter cannot add an image or a link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.test_other_pages import APP

HOSTILE = "![x](http://h.example/p.png)[Re-login](http://h.example)"


def test_a_category_from_the_link_is_shown_as_typed():
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(lang="en", category=HOSTILE)
    at.run()
    assert not at.exception
    shown = [c.value for c in at.sidebar.caption if c.value.startswith("Category")]
    assert shown == [
        "Category: **\\!\\[x\\]\\(http://h\\.example/p\\.png\\)\\[Re\\-login\\]\\(http://h\\.example\\)**"
    ]
