"""A two-year Rosstat-layout table over the Russia boundaries, walked in Chromium in Russian:
the sidebar's years, a growth map and the life-cycle stages on the Region profile."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, choose, wait_for_map, wait_idle
from tests.browser.test_data_page import upload

pytestmark = pytest.mark.browser


def test_two_years_reach_the_growth_map_and_the_profile(app_url, page, artifacts, tmp_path):
    from tests.fixtures import rosstat_years
    from tests.fixtures.rosstat import BOUNDARIES

    table = rosstat_years.write_csv(tmp_path)
    upload(page, app_url, BOUNDARIES, table)
    page.get_by_role("button", name="Use this data").click()
    page.get_by_text("Your data is active on every page: 6 regions").wait_for(timeout=90_000)
    page.get_by_role("link", name="Open the cluster map").click()
    wait_for_map(page, count_at_least=83)
    sidebar = page.locator("[data-testid='stSidebar']")
    choose(page, sidebar, "Language", "Русский")
    main = page.locator("[data-testid='stMain']")
    choose(page, main, "Показатель", "Рост занятости, %")
    frame = wait_for_map(page, count_at_least=83)
    assert sidebar.get_by_text("Изменение с (базовый год)").count() == 1
    assert frame.locator("path.leaflet-interactive").count() >= 83
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "years_growth_map_ru.png"))
    page.get_by_role("link", name="Профиль региона").click()
    wait_idle(page)
    page.get_by_text("рост", exact=False).first.wait_for(timeout=90_000)
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "years_profile_ru.png"), full_page=True)
