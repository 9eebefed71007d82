"""Region dossiers in Chromium: opened from disk with no request leaving the file, the inline
map drawn, printed to A4 PDF with nothing wider than the page; and the Region profile page's
download."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from econ.dataset import demo_dataset
from geo.boundaries import demo_regions
from geo.web import for_web
from layers.dossier import dossier_html, prepare
from tests.browser.conftest import assert_no_exception, wait_idle
from tests.layers.test_dossier import MADE, russian_atlas

pytestmark = pytest.mark.browser

A4_CONTENT_PX = int((210 - 2 * 14) / 25.4 * 96)  # A4 width less the 14 mm margins of @page
A4_CONTENT_HEIGHT_PX = int((297 - 14 - 16) / 25.4 * 96)
LOCAL = ("file:", "data:", "about:", "blob:")
OVERFLOW = """(width) => {
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
        if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > width + 1 || el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
            && getComputedStyle(el).overflowX === "visible" && el.tagName !== "HTML") {
            wide.push(el.tagName + "." + el.className + ": " + (el.textContent || "").slice(0, 60)
                      + " right " + Math.round(box.right) + " scroll " + el.scrollWidth
                      + " client " + el.clientWidth);
        }
    }
    return wide;
}"""
TALL = """(height) => Array.from(document.querySelectorAll("img, svg.chart, tr, h2 + *"))
    .filter(el => el.getBoundingClientRect().height > height)
    .map(el => el.tagName + " " + Math.round(el.getBoundingClientRect().height))"""


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def open_dossier(page, path: Path) -> list[str]:
    """Open `path` from disk; return every URL requested that is not the file itself or inline."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return [url for url in requested if not url.startswith(LOCAL)]


def check_print(page, artifacts: Path, stem: str) -> int:
    """Print to A4 PDF (saved beside the screenshots), check widths and heights in print
    layout at the page's content width, and return the page count."""
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (artifacts / f"{stem}.pdf").write_bytes(pdf)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": A4_CONTENT_HEIGHT_PX})
    assert page.evaluate(OVERFLOW, A4_CONTENT_PX) == []
    assert page.evaluate(TALL, A4_CONTENT_HEIGHT_PX) == []
    page.screenshot(path=artifacts / f"{stem}_print.png", full_page=True)
    return pdf_pages(pdf)


def test_california_offline_and_printed(page, artifacts, tmp_path):
    declared = pd.DataFrame(
        {
            "region": ["06"],
            "priority": ["Информатика и математика"],
            "cluster": ["Computer and Mathematical Occupations"],
        }
    )
    inputs = prepare(
        for_web(demo_regions()),
        demo_dataset(),
        declared=declared,
        declared_source="strategy.csv",
        made_on=MADE,
    )
    path = tmp_path / "california.html"
    path.write_text(dossier_html(inputs, "06"), encoding="utf-8")
    remote = open_dossier(page, path)
    frame = page.frame_locator(".interactive iframe")
    frame.locator("path.leaflet-interactive").nth(55).wait_for(state="attached", timeout=60_000)
    assert frame.locator(".atlas-legend").count() == 2  # LQ classes; regions sharing priorities
    page.wait_for_function(
        "Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)"
    )
    page.screenshot(path=artifacts / "dossier_california.png")
    page.locator(".interactive iframe").screenshot(path=artifacts / "dossier_california_map.png")
    page.locator("#audit").screenshot(path=artifacts / "dossier_california_audit.png")
    assert remote == []  # nothing left the file: no CDN, no tiles, no fonts
    assert check_print(page, artifacts, "dossier_california") > 1


def test_russian_region_offline_and_printed(page, artifacts, tmp_path):
    regions, data = russian_atlas()
    inputs = prepare(regions, data, language="ru", made_on=MADE)
    path = tmp_path / "tyumen.html"
    path.write_text(dossier_html(inputs, "RU-TYU"), encoding="utf-8")
    remote = open_dossier(page, path)
    frame = page.frame_locator(".interactive iframe")
    frame.locator("path.leaflet-interactive").nth(82).wait_for(state="attached", timeout=60_000)
    assert page.locator("h1").inner_text() == "Тюменская область"
    page.screenshot(path=artifacts / "dossier_tyumen.png")
    page.locator("#stars").screenshot(path=artifacts / "dossier_tyumen_stars.png")
    assert remote == []
    assert check_print(page, artifacts, "dossier_tyumen") > 1


def test_region_profile_downloads_the_dossier(app_url, page, tmp_path):
    page.goto(f"{app_url}/region_profile?region=48")
    button = page.get_by_role("button", name="Download the region dossier (HTML)")
    button.wait_for(timeout=90_000)
    wait_idle(page)
    with page.expect_download(timeout=120_000) as download:
        button.click()
    saved = tmp_path / "dossier.html"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "dossier-texas.html"
    html = saved.read_text(encoding="utf-8")
    assert "<h1>Texas</h1>" in html and "L.geoJSON" in html
    assert_no_exception(page)
