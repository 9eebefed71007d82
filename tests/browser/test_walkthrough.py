"""A Russian-speaking analyst's walk through the atlas, in a real browser with no network."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_no_exception,
    choose,
    click_map_at,
    wait_for_map,
    wait_idle,
)

STATES = 56
PAGES_RU = ["Данные", "Карта кластеров", "Профиль региона", "Связи", "Приоритеты", "Экспорт"]
COMPUTING_RU = "Информатика и математика"


@pytest.mark.browser
def test_walkthrough_in_russian(app_url, page, artifacts, tmp_path):
    page.goto(app_url)
    wait_for_map(page, STATES)
    wait_idle(page)

    choose(page, page.get_by_test_id("stSidebar"), "Language", "Русский")
    assert page.locator("h1").first.inner_text() == "Карта кластеров"

    choose(page, page.get_by_test_id("stMain"), "Кластерная категория", COMPUTING_RU)
    frame = wait_for_map(page, STATES)
    assert "Коэффициент локализации" in frame.locator(".atlas-legend").inner_text()

    click_map_at(page, 31.0, -100.5)  # west Texas, away from its star marker
    wait_idle(page)
    page.get_by_text("Texas", exact=True).wait_for(timeout=30_000)
    assert "region=48" in page.url
    page.screenshot(path=artifacts / "walkthrough_map_ru.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать карту (HTML").click()
    saved = tmp_path / "map.html"
    download.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "L.geoJSON" in html and "Информатика и математика" in html
    assert "cdn.jsdelivr" not in html

    for number, title in enumerate(PAGES_RU, start=1):
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        wait_idle(page)
        assert_no_exception(page)
        page.screenshot(path=artifacts / f"walkthrough_{number}_{title}.png", full_page=True)

    with page.expect_download() as download:  # still on the Export page: the print PNG
        page.get_by_role("button", name="Скачать карту PNG").click()
    printed = tmp_path / "map.png"
    download.value.save_as(printed)
    assert printed.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_link_restores_language_category_and_region(app_url, page, artifacts):
    page.goto(f"{app_url}/?lang=ru&category=Computer+and+Mathematical+Occupations&region=48")
    wait_for_map(page, STATES)
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Карта кластеров"
    assert "Язык" in page.get_by_test_id("stSidebar").inner_text()
    frame = wait_for_map(page, STATES)
    assert COMPUTING_RU in frame.locator(".atlas-title").inner_text()
    assert page.get_by_text("Texas", exact=True).count() == 1
    assert_no_exception(page)
    page.screenshot(path=artifacts / "link_restored.png")
