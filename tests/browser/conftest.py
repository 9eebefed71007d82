"""Fixtures for tests that drive Debian's headless Chromium (Playwright) against the real app.

A missing browser skips these tests on a developer's machine; with ATLAS_REQUIRE_BROWSER=1
(set by .ci/run) it fails the run instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium, or a skip (a failure under ATLAS_REQUIRE_BROWSER=1) without one."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package"
        if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page whose requests may reach only this machine and inline data (no network)."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True)

    def local_only(route) -> None:
        url = route.request.url
        allowed = url.startswith(
            ("http://127.0.0.1", "http://localhost", "data:", "file:", "blob:")
        )
        route.continue_() if allowed else route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave their screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app_url(browser) -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port, for the whole session."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = ARTIFACTS.parent / "streamlit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"streamlit did not start; see {log}")
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=20)


def wait_for_map(page, count_at_least: int = 1, timeout: float = 60_000):
    """The Leaflet frame of the first st_folium map once it has drawn its vector paths.

    Paths are counted once attached: regions outside the opening view (Guam, American Samoa)
    have a path that Leaflet leaves empty until the user pans to them.
    """
    frame = page.frame_locator(MAP_FRAME).first
    paths = frame.locator("path.leaflet-interactive")
    paths.nth(count_at_least - 1).wait_for(state="attached", timeout=timeout)
    return frame


def assert_no_exception(page) -> None:
    """Fail if Streamlit shows an exception box anywhere on the page."""
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def wait_idle(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished running the script for what the page shows."""
    page.wait_for_timeout(300)
    page.locator("[data-test-script-state='notRunning']").first.wait_for(timeout=timeout)


def choose(page, container, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label` inside `container`. A click that lands
    while the box is still moving (an expander opening, a rerun redrawing it) opens no list:
    the box is clicked again, up to three times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = container.get_by_test_id("stSelectbox").filter(has_text=label).first
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        box.click()
        try:
            choice.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            wait_idle(page)
    choice.click()
    wait_idle(page)


def click_map_at(page, lat: float, lon: float) -> None:
    """Click the first map where it draws (lat, lon), as a user would, with the map in view."""
    frame_element = page.locator(MAP_FRAME).first
    frame_element.scroll_into_view_if_needed()
    inside = frame_element.content_frame
    x, y = inside.locator("#map_div").evaluate(
        "(div, at) => { const p = window.map.latLngToContainerPoint(at);"
        " const r = div.getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    box = frame_element.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
