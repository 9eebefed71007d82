"""Many sessions on one server: page modules do nothing when imported (a rerun raised during an
import once gave other sessions a half-made module and an ImportError), and a fresh server
serves concurrent first visits of every page without an error."""

from __future__ import annotations

import ast
import asyncio
import importlib
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

ROOT = Path(__file__).resolve().parents[2]
IMPORTED = sorted(
    {
        name
        for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
        for name in re.findall(r"^from pages\.(\w+) import", path.read_text(), re.MULTILINE)
    }
)


def test_the_page_modules_other_pages_import_are_known():
    assert IMPORTED == ["common", "map_view"]


@pytest.mark.parametrize("module", IMPORTED)
def test_an_imported_page_module_holds_no_top_level_call(module):
    tree = ast.parse((ROOT / "pages" / f"{module}.py").read_text())
    calls = [
        ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    ]
    assert calls == []


def test_importing_the_page_modules_in_legacy_mode_raises_nothing(monkeypatch):
    def rerun() -> None:
        raise AssertionError("st.rerun called while importing")

    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    monkeypatch.setattr(st, "rerun", rerun)
    for name in [m for m in sys.modules if m == "pages" or m.startswith("pages.")]:
        monkeypatch.delitem(sys.modules, name)
    for module in IMPORTED:
        importlib.import_module(f"pages.{module}")


@pytest.mark.browser
def test_a_fresh_server_serves_concurrent_first_visits_of_every_page(tmp_path):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium not found: install Debian's chromium package")
    from bench.load import PAGES, free_port, start_server, visit_all

    port = free_port()
    server = start_server(port, tmp_path / "server.log")
    try:
        visits = visit_all(f"http://127.0.0.1:{port}", len(PAGES), 0, 240_000)
        # its own thread: the browser tests' Playwright keeps an event loop running in this one
        with ThreadPoolExecutor(1) as pool:
            results = pool.submit(asyncio.run, visits).result()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert results.errors == []
    assert len(results.latencies) == len(PAGES)
