"""Every page speaks one language: a walk through all pages (Streamlit AppTest) in Russian and
English, read by script. A Russian page may show Latin words only as codes, units and proper
names on `LATIN_ALLOWED`, or as data (names of regions and sources); an English page shows no
Cyrillic except data and the language's own name in the language menu."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from econ.dataset import demo_dataset
from geo.boundaries import demo_regions
from tests.app.test_other_pages import APP

PAGES = (
    "pages/data.py",
    "pages/cluster_map.py",
    "pages/region_profile.py",
    "pages/links.py",
    "pages/priorities.py",
    "pages/audit.py",
    "pages/cluster_definitions.py",
    "pages/export.py",
)
SKIPPED = ("Dataframe", "UnknownElement", "Html")  # data, and the style sheet of `streamlit_texts`
TEXT_FIELDS = {"label", "body", "options", "help", "placeholder", "caption"}
WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
TOKEN = re.compile(r"\w[\w.\-/]*")  # a word, or a code such as `ward-12`, `region_indices.csv`
CODE_SPAN = re.compile(r"`[^`]*`")  # Markdown code: column names, file layouts
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN_ALLOWED = {  # codes, units, formats, methods and proper names a Russian text keeps
    *("LQ", "RCA", "PCI", "ECI", "ARI", "HTML", "PNG", "CSV", "XLSX", "UTF", "ID", "OKATO"),
    *("GeoJSON", "TopoJSON", "GeoPackage", "GeoParquet", "shapefile", "zip", "Leaflet"),
    *("OpenStreetMap", "Excel", "Windows", "GDAL", "EPSG", "WGS", "CRS", "prj"),
    *("US", "Cluster", "Mapping", "Project", "European", "Observatory", "OEWS", "BLS", "SOC"),
    *("Menzel", "Fornahl", "Moran", "Getis", "Ord", "Gi", "LISA", "Hidalgo", "Hausmann"),
    *("Frenken", "Van", "Oort", "Verburg", "Balland", "Boschma", "Delgado", "Porter", "Stern"),
    *("Fisher", "Jenks", "Louvain", "Leiden", "Ward", "Jaccard", "Hoover", "Krugman"),
    *("Herfindahl", "HHI", "NACE", "OKVED", "NAICS", "ISIC", "Rosstat", "Eurostat"),
    *("activity", "cluster", "region", "priority", "kind", "source", "code", "employment"),
    *("Crespo", "Rigby", "et", "al", "English"),  # "English" in the language menu
    *("e", "g", "k", "p", "n", "I", "z", "x", "km", "MB"),
}


def visible_text(at: AppTest) -> Iterator[str]:
    """Every string the page shows outside tables and maps: titles, text, captions, alerts,
    widget labels, options and help, expander and tab labels, button labels."""

    def walk(node) -> Iterator[str]:
        children = getattr(node, "children", None)
        proto = getattr(node, "proto", None)
        if proto is not None and type(node).__name__ not in SKIPPED:
            yield from strings(MessageToDict(proto))
        if isinstance(children, dict):
            for child in children.values():
                yield from walk(child)

    def strings(message: dict) -> Iterator[str]:
        for key, value in message.items():
            if isinstance(value, dict):
                yield from strings(value)
            elif key in TEXT_FIELDS and isinstance(value, str):
                yield value
            elif key in TEXT_FIELDS and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))

    yield from walk(at._tree)


def data_words() -> set[str]:
    """Words that are data, not interface: the demo's region names and its metadata."""
    meta = demo_dataset().meta
    names = [*demo_regions()["name"].astype(str), *map(str, meta.values())]
    return {w for name in names for w in WORD.findall(name)}


def opened(page: str, language: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(lang=language, region="06")
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def foreign(texts: Iterator[str] | list[str], language: str, data: set[str]) -> set[str]:
    """The words of `texts` in the other language's script: codes (with a digit, `_` or `.`),
    Markdown code spans, `data` words and `LATIN_ALLOWED` aside."""
    found = set()
    for text in texts:
        for token in TOKEN.findall(CODE_SPAN.sub(" ", text)):
            if re.search(r"[\d_.]", token):
                continue
            for word in WORD.findall(token):
                latin = not CYRILLIC.search(word)
                if word in data:
                    continue
                if language == "ru" and latin and word not in LATIN_ALLOWED:
                    found.add(word)
                if language == "en" and not latin and word != "Русский":
                    found.add(word)
    return found


def foreign_words(at: AppTest, language: str) -> set[str]:
    return foreign(visible_text(at), language, data_words())


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_page_shows_no_words_of_the_other_language(page, language):
    at = opened(page, language)
    assert len(list(visible_text(at))) > 3
    assert foreign_words(at, language) == set()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_sidebar_and_the_first_page_speak_the_language(language):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = language
    at.run()
    assert len(at.sidebar.caption) >= 3
    assert foreign_words(at, language) == set()


def test_the_upload_form_is_in_russian():
    at = opened("pages/data.py", "en")
    at.radio(key="data_source").set_value("upload").run()
    at.session_state["lang"] = "ru"  # as the sidebar's language menu sets it
    at.run()
    assert at.title[0].value == "Данные" and len(at.get("file_uploader")) >= 3
    assert foreign_words(at, "ru") == set()


def test_the_check_finds_words_of_the_other_script_only():
    texts = ["Скачать region_indices.csv", "Download the map", "Потоки (CSV: `origin, value`)"]
    assert foreign(texts, "ru", set()) == {"Download", "the", "map"}
    assert foreign(texts, "en", set()) == {"Скачать", "Потоки"}
    assert foreign(["Тюменская область"], "en", {"Тюменская", "область"}) == set()
