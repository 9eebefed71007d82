"""The Priorities page for a demo state: the diversification chart and a ranked table."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, wait_for_map


@pytest.mark.browser
def test_priorities_page_shows_chart_and_ranked_table(app_url, page, artifacts):
    page.goto(f"{app_url}/priorities?region=39")  # a link to Ohio's priorities
    page.get_by_text("Ranked junction candidates").wait_for(timeout=90_000)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.first.wait_for(timeout=60_000)
    assert charts.count() == 2  # diversification chart and cluster space
    table = page.locator("[data-testid='stDataFrame']")
    table.wait_for(timeout=60_000)
    region = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    assert "Ohio" in (region.inner_text() + region.locator("input").first.input_value())
    assert "Co-location proximity φ" in page.locator("[data-testid='stAlert']").inner_text()
    frame = wait_for_map(page)
    assert frame.locator("path.leaflet-interactive").count() >= 2
    assert_no_exception(page)
    page.screenshot(path=artifacts / "priorities.png", full_page=True)
