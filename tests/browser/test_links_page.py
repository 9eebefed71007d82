"""The Links page draws border link lines over the states map, offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from layers.links import LINK_COLOR, PARTNER_COLOR
from tests.browser.conftest import MAP_FRAME, assert_no_exception, wait_for_map

STATE_FEATURES = 56


@pytest.mark.browser
def test_links_page_draws_link_lines_over_the_map(app_url, page, artifacts):
    page.goto(app_url)
    wait_for_map(page, STATE_FEATURES)
    page.get_by_role("link", name="Links").click()
    page.get_by_role("heading", name="Links between regions").wait_for(timeout=60_000)
    page.get_by_text("Settings: category").click()
    page.locator("[data-testid='stSelectbox']").filter(has_text="Cluster category").click()
    page.keyboard.type("Computer and Math")
    page.keyboard.press("Enter")
    frame = wait_for_map(page, STATE_FEATURES)
    links = frame.locator(f"path.leaflet-interactive[stroke='{LINK_COLOR}']")
    # Computer and Mathematical at LQ >= 1.25: DC-Maryland, DC-Virginia, Maryland-Virginia
    expect(links).to_have_count(3, timeout=60_000)
    partners = frame.locator(f"path.leaflet-interactive[stroke='{PARTNER_COLOR}']")
    expect(partners).to_have_count(5)
    control = frame.locator(".leaflet-control-layers").inner_text()
    for layer in ("Border links", "Cluster zones", "Hot spots", "Partner regions"):
        assert layer in control
    assert_no_exception(page)
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # let Leaflet's zoom animation end before the screenshot
    page.screenshot(path=artifacts / "links_page.png", full_page=True)
