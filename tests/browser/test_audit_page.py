"""Declared priorities uploaded on the Data page reach the Priorities audit page in Chromium:
the audit table, the missing strengths, and the map of regions sharing a priority."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, assert_no_exception, wait_for_map, wait_idle

pytestmark = pytest.mark.browser


def test_declared_priorities_upload_reaches_the_audit(app_url, page, artifacts, tmp_path):
    declared = tmp_path / "strategy.csv"
    declared.write_text(
        "регион;приоритет\n"
        "California;Computer and Mathematical Occupations\n"
        "California;Сельское, лесное и рыбное хозяйство\n"  # a Russian category name
        "Texas;17-2171\n"
        "Atlantis;Tourism\n",
        encoding="cp1251",
    )
    page.goto(f"{app_url}/data?region=06")
    wait_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(
        str(declared)
    )
    page.get_by_text(
        "strategy.csv: 3 declared priorities in 2 regions; rows left out (listed below): 1."
    ).wait_for(timeout=90_000)
    assert_no_exception(page)
    page.get_by_role("link", name="Open the priorities audit").click()
    page.get_by_text("Declared priorities of California against the evidence").wait_for(
        timeout=120_000
    )
    frame = wait_for_map(page, count_at_least=50)
    assert frame.locator("path.leaflet-interactive").count() >= 56  # states plus outlines
    assert page.locator(MAP_FRAME).count() == 1
    page.get_by_text("What the list of California lacks").wait_for()
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "audit_page.png"), full_page=True)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "audit_page_map.png"))
