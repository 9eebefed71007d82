"""The Links page draws border link lines over the states map, offline."""

from __future__ import annotations

import pytest

from layers.links import LINK_COLOR, PARTNER_COLOR
from tests.browser.conftest import assert_no_exception, wait_for_map

STATE_FEATURES = 56


@pytest.mark.browser
def test_links_page_draws_link_lines_over_the_map(app_url, page, artifacts):
    page.goto(f"{app_url}/links?category=Computer+and+Mathematical+Occupations")
    frame = wait_for_map(page, STATE_FEATURES)
    links = frame.locator(f"path.leaflet-interactive[stroke='{LINK_COLOR}']")
    links.first.wait_for(timeout=60_000)
    # Computer and Mathematical at LQ >= 1.25: DC-Maryland, DC-Virginia, Maryland-Virginia
    assert links.count() == 3
    assert frame.locator(f"path.leaflet-interactive[stroke='{PARTNER_COLOR}']").count() == 5
    control = frame.locator(".leaflet-control-layers").inner_text()
    for layer in ("Border links", "Cluster zones", "Hot spots", "Partner regions"):
        assert layer in control
    assert_no_exception(page)
    page.screenshot(path=artifacts / "links_page.png", full_page=True)
