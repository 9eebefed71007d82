"""The Region profile page in Chromium: the bubble chart draws, with the locator map and tables."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception


@pytest.mark.browser
def test_region_profile_draws_the_portfolio(app_url, page, artifacts):
    page.goto(f"{app_url}/region_profile?region=06")
    page.get_by_text("Cluster portfolio", exact=True).wait_for(timeout=90_000)
    chart = page.locator("[data-testid='stVegaLiteChart']")
    chart.first.wait_for(timeout=60_000)
    # 22 SOC major groups: one bubble each (Vega draws symbols as paths in its SVG or canvas)
    chart.locator("canvas, svg").first.wait_for(timeout=60_000)
    region = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    assert "California" in (region.inner_text() + region.locator("input").first.input_value())
    page.locator("[data-testid='stImage'] img").first.wait_for(timeout=60_000)
    tables = page.locator("[data-testid='stDataFrame']")
    tables.nth(2).wait_for(timeout=60_000)
    assert tables.count() == 3  # starred categories, indices and wages with the productivity star
    assert_no_exception(page)
    page.screenshot(path=artifacts / "region_profile.png", full_page=True)
