"""The first thing a new user sees: the demo's cluster map, drawn with no network at all."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, wait_for_map

STATE_FEATURES = 56  # us-atlas states-10m: 50 states, DC and five territories


@pytest.mark.browser
def test_cluster_map_draws_every_state_offline(app_url, page, artifacts):
    page.goto(app_url)
    frame = wait_for_map(page, STATE_FEATURES)
    assert frame.locator("path.leaflet-interactive").count() == STATE_FEATURES
    assert frame.locator(".atlas-legend").count() == 1
    assert "Location quotient" in frame.locator(".atlas-legend").inner_text()
    assert_no_exception(page)
    page.screenshot(path=artifacts / "cluster_map.png", full_page=True)
