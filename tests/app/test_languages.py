"""Every page speaks one language: a walk through all pages (Streamlit AppTest) in Russian and
English, read by script. A Russian page may show Latin words only as codes, units and proper
names on `LATIN_ALLOWED`, or as data (names of regions and sources); an English page shows no
Cyrillic except data and the language's own name in the language menu."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import geopandas as gpd
import pandas as pd
import pytest
from google.protobuf.json_format import MessageToDict
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from econ.dataset import demo_dataset
from econ.links import check_flows
from econ.matching import accept_suggestions, match_regions
from geo.boundaries import demo_regions
from geo.firms import aggregate_firms
from intake.pipeline import Options, Sources, matched_dataset
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
WORD_COLUMNS = ("status", "rule", "problem", "method", "candidate")  # cells of interface words
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


def table_text(at: AppTest) -> Iterator[str]:
    """Every table's headers as shown (the column configuration's label, else the name) and the
    cells of the columns whose words are the interface's (`WORD_COLUMNS`), not data."""
    for frame in at.dataframe:
        labels = json.loads(frame.proto.columns or "{}")
        table = frame.value
        for column in table.columns:
            yield labels.get(str(column), {}).get("label") or str(column)
        for column in set(WORD_COLUMNS) & set(table.columns):
            yield from table[column].dropna().astype(str)


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
    return foreign([*visible_text(at), *table_text(at)], language, data_words())


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


def shown_reports(tables: dict, language: str) -> None:
    """The reports as the pages show them (`show_table`), for an `AppTest` of one script."""
    import streamlit as st

    from pages.common import mark_app_run, show_table

    mark_app_run()  # as app.py does, so the page helpers serve this script
    st.session_state["lang"] = language
    for table in tables.values():
        show_table(table, hide_index=True)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The Data page's matching and quality reports (with a firm file's problems) for the
    Rosstat fixture on the shipped subject boundaries, a small matching of codes and fuzzy
    names, and the Links page's flow check."""
    from tests.fixtures import rosstat

    folder = tmp_path_factory.mktemp("reports")
    intake = matched_dataset(
        Sources(employment=rosstat.write_xlsx(folder), boundaries=rosstat.BOUNDARIES), Options()
    )
    firms = folder / "firms.csv"
    firms.write_text(
        "activity_code_main;employees_count;lat;lon\n62.01;2;0,5;0,5\n62.01;4;5;5\n62.01;3;;\n"
    )
    squares = gpd.GeoDataFrame({"region": ["W"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    _, firm_report = aggregate_firms(firms, squares)
    boundary = pd.DataFrame(
        {"region": ["01", "32", "06"], "name": ["Alabama", "Nevada", "California"]}
    )
    table = pd.DataFrame({"code": ["1", "Nevda", "Arizona", "all regions"]})
    small = match_regions(table, boundary, gazetteer=None)
    flows = pd.DataFrame(
        {"origin": ["01", "99", "01"], "destination": ["32", "32", "06"], "value": ["5", "7", "-2"]}
    )
    return {
        "matching": intake.matching,
        "quality": pd.concat([intake.quality, firm_report.problems], ignore_index=True),
        "small": pd.concat([small, accept_suggestions(small).iloc[[1]]], ignore_index=True),
        "flows": check_flows(flows, ["01", "32", "06"])[1],
    }


def test_the_reports_tables_speak_russian(reports):
    at = AppTest.from_function(shown_reports, args=(reports, "ru"), default_timeout=60).run()
    assert not at.exception and len(at.dataframe) == 4
    assert {frame.proto.placeholder for frame in at.dataframe} == {"—"}  # not Streamlit's "None"
    matching, quality, small, flows = (frame.value for frame in at.dataframe)
    data = {  # the cells that are data: codes, names, files, values
        w
        for frame in (matching, quality, small, flows)
        for column in ("code", "label", "region", "region_name", "candidates", "value", "file")
        if column in frame
        for w in WORD.findall(" ".join(frame[column].dropna().astype(str)))
    } | {w for rule in matching["rule"] for w in re.findall(r"RU(?:-\w+)+", rule)}
    data |= {w for code in data for w in code.split("-")}
    assert foreign(table_text(at), "ru", data) == set()
    row = dict(zip(matching["code"], matching["rule"], strict=False))
    assert row["Российская Федерация"] == (
        "страна (RU Российская Федерация); совпадает с суммой своих частей, что есть в "
        "таблице (85 из 89)"
    )
    assert row["Тульская область"] == "по справочнику: RU-TUL Тульская область"
    assert quality["problem"].tolist()[:2] == [
        "строка заголовка, не данные; пропущена",
        "строка единиц измерения, не данные; пропущена",
    ]
    assert quality["problem"].tolist()[-2:] == ["вне всех регионов", "нет координат"]
    assert small[["status", "rule"]].values.tolist() == [
        ["сопоставлен", "по коду"],
        ["предложен", "похожее название; подтвердите"],
        ["не сопоставлен", ""],
        ["сводная строка", "итоговая строка (по названию)"],
        ["нет данных", "в таблице нет строки для этого региона"],  # Nevada: only suggested
        ["нет данных", "в таблице нет строки для этого региона"],
        ["сопоставлен", "похожее название, принято"],
    ]
    assert flows["problem"].tolist() == [
        "неизвестный идентификатор региона",
        "отрицательное значение",
    ]
    assert flows.columns.tolist() == ["row", "column", "value", "problem"]
    headers = json.loads(at.dataframe[3].proto.columns)
    assert [headers[c]["label"] for c in flows.columns] == [
        "Строка",
        "Столбец",
        "Значение",
        "Проблема",
    ]


def test_the_reports_keep_their_machine_words_in_english(reports):
    at = AppTest.from_function(shown_reports, args=(reports, "en"), default_timeout=60).run()
    assert at.dataframe[2].value["rule"].tolist()[:2] == ["code", "fuzzy name; confirm it"]
    assert at.dataframe[1].value["problem"].tolist()[-1] == "no coordinates"
