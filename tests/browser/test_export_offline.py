"""Exported maps open from file:// in headless Chromium with the network cut off."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest

import cli
from geo.web import for_web
from layers.cluster_map import cluster_map
from layers.export import write_html
from tests.layers.test_export import COUNTIES, generated_values

pytestmark = pytest.mark.browser


def open_offline(page, path: Path, paths: int) -> None:
    """Open `path` from disk and wait until Leaflet has drawn `paths` vector paths."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(path.resolve().as_uri())
    page.locator("path.leaflet-interactive").nth(paths - 1).wait_for(
        state="attached", timeout=60_000
    )
    assert failed == []  # nothing tried to reach the network


def test_demo_export_renders_offline(page, artifacts, tmp_path):
    out = tmp_path / "demo"
    assert cli.main(["maps", "--demo", "--metric", "lq", "--out", str(out)]) == 0
    html = out / "computer-and-mathematical-occupations.html"
    open_offline(page, html, 56)
    assert page.locator("path.leaflet-interactive").count() == 56  # one per region
    assert page.locator(".atlas-legend").count() == 1
    assert "Location quotient" in page.locator(".atlas-legend").inner_text()
    assert page.locator(".atlas-title").inner_text().startswith("Computer and Mathematical")
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-scale-line").count() == 2  # kilometres and miles
    page.screenshot(path=artifacts / "export_offline_demo.png")

    page.goto((out / "index.html").resolve().as_uri())
    assert page.locator("li a img").count() == 22
    page.wait_for_function(  # every thumbnail decodes: the PNGs exist and are images
        "Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)",
        timeout=30_000,
    )
    page.screenshot(path=artifacts / "export_offline_index.png", full_page=False)


def test_a_russian_export_measures_in_kilometres(page, artifacts, tmp_path):
    out = tmp_path / "ru"
    arguments = ["maps", "--demo", "--metric", "lq", "--out", str(out), "--lang", "ru"]
    assert cli.main(arguments) == 0
    html = next(path for path in sorted(out.glob("*.html")) if path.name != "index.html")
    open_offline(page, html, 56)
    assert page.locator(".leaflet-zoom-anim").count() == 0  # opened at its view, not zooming to it
    scale = page.locator(".leaflet-control-scale-line")
    assert scale.count() == 1  # no miles
    assert re.fullmatch(r"[\d\u00a0]+\u00a0(км|м)", scale.inner_text())
    assert "Создано" in page.locator(".leaflet-control-attribution").inner_text()
    page.screenshot(path=artifacts / "export_offline_ru.png")


def test_counties_export_renders_offline(page, artifacts, tmp_path):
    counties = gpd.read_file(COUNTIES, layer="counties").set_crs("EPSG:4326")
    regions = for_web(counties.rename(columns={"id": "region"}))
    m = cluster_map(regions, generated_values(regions), metric="lq")
    html = write_html(m, tmp_path / "counties.html")
    drawable = int((~regions.geometry.is_empty).sum())
    assert drawable == 3230  # Falls Church, VA (51610) is empty at us-atlas' 10m quantisation
    assert html.stat().st_size <= 1_500_000  # quantised geometry, shared styles and tooltips
    open_offline(page, html, drawable)
    assert page.locator("path.leaflet-interactive").count() == drawable
    assert page.locator(".atlas-legend").count() == 1
    fills = page.eval_on_selector_all(
        "path.leaflet-interactive", "paths => paths.map(p => p.getAttribute('fill'))"
    )
    assert "#3388ff" not in fills and "#bdbdbd" in fills  # every style decoded; 31 missing
    page.locator("path.leaflet-interactive").nth(1500).hover(force=True)
    assert "Location quotient" in page.locator(".leaflet-tooltip").first.inner_text()
    page.screenshot(path=artifacts / "export_offline_counties.png")
