"""A walk through every page in Russian on a Russian dataset: the shipped subject boundaries and
the Rosstat fixture uploaded on the Data page; each page is photographed (artifacts/) and must
show no exception; the Russian CSV download reads back with `;` and decimal commas."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from tests.browser.conftest import assert_no_exception, wait_for_map, wait_idle

PAGES = (
    "Карта кластеров",
    "Профиль региона",
    "Связи",
    "Приоритеты",
    "Проверка приоритетов",
    "Определение кластеров",
    "Экспорт",
)


def test_every_page_in_russian_on_rosstat_data(app_url, page, artifacts, tmp_path):
    from tests.fixtures import rosstat

    table = rosstat.write_xlsx(tmp_path, units="thousands")
    page.goto(f"{app_url}/data?lang=ru")
    page.get_by_text("Мои файлы").click()
    wait_idle(page)
    uploaders = page.locator("[data-testid='stFileUploader'] input[type='file']")
    uploaders.nth(0).set_input_files(str(rosstat.BOUNDARIES))
    wait_idle(page)
    uploaders.nth(1).set_input_files(str(table))
    page.get_by_text("Прочитано регионов: 83 из 83 объектов", exact=False).wait_for(timeout=90_000)
    button = page.locator(
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p"
    ).first
    shown = button.evaluate("p => getComputedStyle(p, '::after').content")
    assert shown == '"Загрузить"'  # the uploader's own button, through `streamlit_texts`
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "ru_walk_data.png"), full_page=True)
    page.get_by_role("button", name="Использовать эти данные").click()
    page.get_by_text("Ваши данные используются на всех страницах", exact=False).wait_for(
        timeout=60_000
    )
    for number, title in enumerate(PAGES, 1):
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        wait_idle(page)
        if title == "Карта кластеров":
            wait_for_map(page, count_at_least=83)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        assert page.get_by_role("heading", name=title).count() >= 1
        page.screenshot(path=str(artifacts / f"ru_walk_{number}.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать region_cluster.csv").click()
    raw = Path(download.value.path()).read_bytes()
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert back.columns[:2].tolist() == ["Регион (код)", "Регион"]
    assert pd.api.types.is_float_dtype(back["LQ"]) and back["LQ"].notna().sum() > 83
    assert "Тюменская область" in set(back["Регион"])
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать карту PNG").click()
    (artifacts / "ru_walk_print_map.png").write_bytes(Path(download.value.path()).read_bytes())
