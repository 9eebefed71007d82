"""Bring your own data through the browser: a zipped shapefile and a CSV reach a rendered map."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import box

from tests.browser.conftest import assert_no_exception, choose, wait_for_map, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def uploads(tmp_path):
    """Three Russian-named squares as a cp1251 shapefile zip, and a `;` CSV with decimal commas."""
    folder = tmp_path / "shp"
    folder.mkdir()
    gpd.GeoDataFrame(
        {"OKTMO": ["46", "28", "86"], "NAME": ["Московская обл.", "Тверская", "Карелия"]},
        geometry=[box(30 + i, 55, 31 + i, 56) for i in range(3)],
        crs="EPSG:4326",
    ).to_file(folder / "regions.shp", encoding="cp1251")
    shapes = tmp_path / "regions.zip"
    with zipfile.ZipFile(shapes, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in folder.iterdir():
            archive.write(file, file.name)
    table = tmp_path / "employment.csv"
    rows = ["регион;оквэд;занятость"] + [
        f"{region};{code};{value}"
        for region, values in {
            "46": ("1 200,5", "300", "50"),
            "28": ("80", "900", "-"),
            "86": ("20", "40", "700"),
        }.items()
        for code, value in zip(("62.01", "10.11", "47.11"), values, strict=True)
    ]
    table.write_bytes("\n".join(rows).encode("cp1251"))
    return shapes, table


def upload(page, app_url: str, boundaries, table) -> None:
    """Open the Data page on own files and upload the boundaries and the employment table."""
    page.goto(f"{app_url}/data")
    page.get_by_text("My own files").click()
    wait_idle(page)
    uploaders = page.locator("[data-testid='stFileUploader'] input[type='file']")
    uploaders.nth(0).set_input_files(str(boundaries))
    wait_idle(page)
    uploaders.nth(1).set_input_files(str(table))


def test_upload_shapefile_and_csv_reach_the_map(app_url, page, artifacts, uploads):
    shapes, table = uploads
    upload(page, app_url, shapes, table)
    page.get_by_text("3 regions read from 3 features (id: OKTMO, name: NAME).").wait_for(
        timeout=60_000
    )
    page.get_by_text("9 rows read, 9 values, 0 missing or suppressed.").wait_for()  # '-' is zero
    page.get_by_text("marks: Rosstat: '-' is zero", exact=False).wait_for()
    assert_no_exception(page)
    page.get_by_role("button", name="Use this data").click()
    page.get_by_text("Your data is active on every page: 3 regions, 3 activities").wait_for(
        timeout=60_000
    )
    page.screenshot(path=str(artifacts / "data_page_uploaded.png"), full_page=True)
    page.get_by_role("link", name="Open the cluster map").click()
    frame = wait_for_map(page, count_at_least=3)
    assert frame.locator("path.leaflet-interactive").count() >= 3
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "data_page_map.png"), full_page=True)


def test_firm_records_become_employment_by_region(app_url, page, artifacts, uploads, tmp_path):
    shapes, _ = uploads
    firms = tmp_path / "firms.csv"
    firms.write_bytes(
        "\n".join(
            [
                "activity_code_main;employees_count;lat;lon;region_code",
                "62.01;120;55,5;30,5;50",  # Московская обл. (square 30–31° E)
                "10.11;30;55,5;30,6;50",
                "62.01;15;55,5;31,5;69",  # Тверская
                "47.11;70;55,5;32,5;10",  # Карелия
                "47.11;999;10;10;00",  # outside every region
            ]
        ).encode("cp1251")
    )
    page.goto(f"{app_url}/data")
    page.get_by_text("My own files").click()
    wait_idle(page)
    page.get_by_text("firm records with coordinates").click()
    page.get_by_text("Firm records (CSV: one row per firm").wait_for(timeout=30_000)
    wait_idle(page)
    uploaders = page.locator("[data-testid='stFileUploader'] input[type='file']")
    uploaders.nth(0).set_input_files(str(shapes))
    wait_idle(page)
    uploaders.nth(1).set_input_files(str(firms))
    page.get_by_text(
        "4 firms in 3 regions; 1 outside every region, 0 without coordinates, "
        "0 without an employee count."
    ).wait_for(timeout=60_000)
    assert_no_exception(page)
    page.get_by_role("button", name="Use this data").click()
    page.get_by_text("Your data is active on every page: 3 regions, 3 activities").wait_for(
        timeout=60_000
    )
    page.screenshot(path=str(artifacts / "data_page_firms.png"), full_page=True)


def test_a_rosstat_table_against_the_russia_boundaries_needs_no_manual_fix(
    app_url, page, artifacts, tmp_path
):
    from tests.fixtures import rosstat

    table = rosstat.write_xlsx(tmp_path, units="thousands")
    upload(page, app_url, rosstat.BOUNDARIES, table)
    page.get_by_text("83 regions read from 83 features (id: shapeISO, name: shapeName).").wait_for(
        timeout=90_000
    )
    page.get_by_text("thousands of persons", exact=False).first.wait_for()
    page.get_by_text("Region totals come from the column “Всего”.").wait_for()
    page.get_by_text("The reference economy is the table's row “Российская Федерация”.").wait_for()
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "data_page_rosstat.png"), full_page=True)
    page.get_by_role("button", name="Use this data").click()
    page.get_by_text("Your data is active on every page: 83 regions").wait_for(timeout=60_000)
    page.get_by_role("link", name="Open the cluster map").click()
    frame = wait_for_map(page, count_at_least=83)
    assert frame.locator("path.leaflet-interactive").count() >= 83
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "data_page_rosstat_map.png"), full_page=True)


def test_a_table_with_years_keeps_every_year_for_the_sidebar(app_url, page, uploads, tmp_path):
    shapes, _ = uploads
    table = tmp_path / "years.csv"
    rows = ["регион;оквэд;год;занятость"] + [
        f"{region};{code};{year};{value * (2 if year == 2023 else 1)}"
        for region in ("46", "28", "86")
        for code, value in (("62.01", 100), ("10.11", 300))
        for year in (2022, 2023)
    ]
    table.write_bytes("\n".join(rows).encode("cp1251"))
    upload(page, app_url, shapes, table)
    page.get_by_text("12 rows read, 12 values, 0 missing or suppressed.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Use this data").click()
    page.get_by_text("Your data is active on every page: 3 regions, 2 activities").wait_for(
        timeout=60_000
    )
    sidebar = page.locator("[data-testid='stSidebar']")
    year = sidebar.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text("Year", exact=True)
    )
    year.wait_for()
    assert year.locator("input").input_value() == "2023"  # the latest year first
    base = sidebar.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text("Change from (base year)", exact=True)
    )
    assert base.locator("input").input_value() == "2022"
    year.click()
    page.get_by_role("option", name="2022").click()
    wait_idle(page)
    assert "year=2022" in page.url
    assert page.get_by_text("Your data is active on every page").count() == 1  # still applied
    assert_no_exception(page)


def test_okved1_years_are_compared_in_groups(app_url, page, uploads, tmp_path):
    shapes, _ = uploads
    table = tmp_path / "okved1_okved2.csv"
    rows = ["регион;оквэд;год;занятость"] + [
        f"{region};{code};{year};{value}"
        for region in ("46", "28", "86")
        for year, codes in ((2015, ("D", "K")), (2017, ("C", "M")))
        for code, value in zip(codes, (300, 100), strict=True)
    ]
    table.write_bytes("\n".join(rows).encode("cp1251"))
    upload(page, app_url, shapes, table)
    page.get_by_text("12 rows read, 12 values, 0 missing or suppressed.").wait_for(timeout=60_000)
    page.get_by_text("Classification change between years").click()
    wait_idle(page)
    main = page.locator("[data-testid='stMain']")
    choose(page, main, "The older years are in", "OKVED 1 (sections)")
    page.get_by_text("Activity groups that changed between the classifications: 2.").wait_for(
        timeout=60_000
    )
    assert_no_exception(page)
    page.get_by_role("button", name="Use this data").click()
    page.get_by_text("Your data is active on every page: 3 regions, 2 activities").wait_for(
        timeout=60_000
    )
    assert_no_exception(page)
