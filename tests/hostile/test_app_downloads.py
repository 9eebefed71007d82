"""No CSV or XLSX the app offers for download holds a live formula: every page is opened on an
atlas whose regions, activities and clusters are named like formulas, in English and Russian,
and every download it offers is built and scanned (OWASP CSV injection)."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from itertools import cycle

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from pages.common import Atlas, demo_atlas
from tests.app.test_other_pages import APP

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PAGES = [
    "pages/cluster_map.py",
    "pages/region_profile.py",
    "pages/links.py",
    "pages/priorities.py",
    "pages/export.py",
    "pages/audit.py",
    "pages/cluster_definitions.py",
    "pages/data.py",
]


def hostile_atlas() -> Atlas:
    """The demo with every state named by a formula and every category and occupation name
    starting with `=`, `+`, `@` or `-`."""
    demo = demo_atlas()
    activities = demo.data.activities.copy()
    for column in ("cluster", "cluster_en", "cluster_ru", "name"):
        names = sorted(activities[column].dropna().unique())
        hostile = dict(zip(names, (p + n for p, n in zip(cycle("=+@-"), names)), strict=True))
        activities[column] = activities[column].map(hostile)
    regions = demo.regions.assign(
        name=[f'=HYPERLINK("http://x.example/","{name}")' for name in demo.regions["name"]]
    )
    data = dataclasses.replace(demo.data, activities=activities)
    return Atlas(regions=regions, data=data, key="hostile")


def number(cell: str) -> bool:
    try:
        float(cell.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        return False
    return True


def live_csv_cells(data: bytes, delimiter: str) -> tuple[list[str], int]:
    """The cells a spreadsheet would run as formulas, and how many start with the apostrophe
    that neutralises one."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    cells = [cell for row in rows for cell in row]
    live = [c for c in cells if c.startswith(TRIGGERS) and not number(c)]
    return live, sum(c.startswith(("'=", "'+", "'@", "'-")) for c in cells)


def xlsx_formulas(data: bytes) -> tuple[list[str], int]:
    """Formula cells in a workbook, and how many text cells begin like a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [str(c.value) for c in cells if c.data_type == "f"]
    if "<f>" in xml or "<f " in xml:
        formulas.append("<f> element in the sheet XML")
    texts = sum(isinstance(c.value, str) and c.value.startswith(TRIGGERS) for c in cells)
    return formulas, texts


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return hostile_atlas()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_download_of_any_page_holds_a_formula(atlas, lang, monkeypatch):
    offered: dict[str, bytes] = {}

    def record(*args, **kwargs):
        args = args[1:] if args and isinstance(args[0], DeltaGenerator) else args
        data = args[1] if len(args) > 1 else kwargs["data"]
        name = kwargs.get("file_name") or (args[2] if len(args) > 2 else "download")
        offered[name] = data() if callable(data) else data
        return False

    monkeypatch.setattr(st, "download_button", record)
    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=240)
        at.query_params.update(lang=lang)
        at.session_state["atlas"] = atlas
        at.run()
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])
    tables = {name: data for name, data in offered.items() if name.endswith((".csv", ".xlsx"))}
    assert {"region_cluster.csv", "region_activity.csv", "cluster_atlas_tables.xlsx"} <= set(tables)
    assert len(tables) >= 5, sorted(offered)
    neutralised = 0
    for name, data in tables.items():
        if name.endswith(".csv"):
            live, safe = live_csv_cells(data, ";" if lang == "ru" else ",")
        else:
            live, safe = xlsx_formulas(data)
        assert live == [], (name, live[:5])
        neutralised += safe
    assert neutralised > 0  # the hostile names did reach the files
