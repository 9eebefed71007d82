"""The region dossier: what a page holds, numbers written for the language, nothing remote,
a region without data, a Russian dataset built on the shipped federal-subject boundaries, and
the shared-priorities map layer."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from html import unescape
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from econ.classifications import classification_table, cluster_names
from econ.dataset import Dataset, demo_dataset
from geo.boundaries import demo_regions
from geo.readers import read_boundaries
from geo.web import for_web
from layers.dossier import (
    dossier_html,
    lead_category,
    long_date,
    prepare,
    write_dossiers,
)
from layers.shared import SHARED_COLORS, shared_regions

ROOT = Path(__file__).resolve().parents[2]
RUSSIA = ROOT / "data" / "russia" / "rus_adm1_geoboundaries.geojson"
GAZETTEER = ROOT / "data" / "gazetteers" / "ru.csv"
SECTIONS = ("A", "B", "C", "D", "F", "G", "H", "I", "J", "K", "M", "O", "P", "Q")
MADE = date(2026, 3, 5)
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@cache
def russian_atlas() -> tuple[gpd.GeoDataFrame, Dataset]:
    """Russia's 83 subjects (shipped geoBoundaries, Rosstat names from the gazetteer) with
    generated employment in 14 OKVED 2 sections; Tyumen Oblast (RU-TYU) made the
    extraction region, so its lead category is known."""
    regions, _ = read_boundaries(RUSSIA)
    gazetteer = pd.read_csv(GAZETTEER, dtype=str).dropna(subset=["iso"])
    regions["name"] = regions["region"].map(
        dict(zip(gazetteer["iso"], gazetteer["name_ru"], strict=True))
    )
    sections = classification_table("nace2_sections").set_index("code").loc[list(SECTIONS)]
    rng = np.random.default_rng(17)
    values = rng.lognormal(mean=9.0, sigma=0.6, size=(len(regions), len(SECTIONS))).round()
    values[regions["region"].eq("RU-TYU").to_numpy(), SECTIONS.index("B")] *= 40
    employment = pd.DataFrame(
        {
            "region": np.repeat(regions["region"].to_numpy(), len(SECTIONS)),
            "activity": np.tile(SECTIONS, len(regions)),
            "employment": values.ravel(),
        }
    )
    english, russian = cluster_names("en"), cluster_names("ru")
    activities = pd.DataFrame(
        {
            "activity": list(SECTIONS),
            "cluster": sections["cluster"].to_numpy(),
            "name": sections["name_ru"].to_numpy(),
        }
    ).assign(
        cluster_en=lambda a: a["cluster"].map(english),
        cluster_ru=lambda a: a["cluster"].map(russian),
    )
    meta = {
        "title": "Russian regions × OKVED 2 sections (generated)",
        "title_ru": "Регионы России × разделы ОКВЭД 2 (сгенерированные данные)",
        "source": "сгенерированные данные для проверки",
        "boundaries": "geoBoundaries ADM1 (ODbL)",
        "year": 2023,
        "cluster_kind": "ОКВЭД 2, разделы",
        "reference_name": "все регионы",
        "region_names": dict(zip(regions["region"], regions["name"], strict=True)),
    }
    return for_web(regions), Dataset(employment=employment, activities=activities, meta=meta)


@pytest.fixture(scope="module")
def demo_inputs():
    declared = pd.DataFrame(
        {
            "region": ["06", "06"],
            "priority": ["ИТ", "Сельское хозяйство"],
            "cluster": [
                "Computer and Mathematical Occupations",
                "Farming, Fishing, and Forestry Occupations",
            ],
        }
    )
    return prepare(
        for_web(demo_regions()),
        demo_dataset(),
        declared=declared,
        declared_source="strategy.csv",
        made_on=MADE,
    )


@pytest.fixture(scope="module")
def california(demo_inputs) -> str:
    return dossier_html(demo_inputs, "06")


def test_dates_in_each_language():
    assert long_date(MADE, "en") == "5 March 2026"
    assert long_date(MADE, "ru") == "5 марта 2026\u202fг."  # CLDR: a narrow no-break space


def test_california_holds_every_section(california):
    for heading in (
        "Data sources",
        "Where it is and what it does",
        "Cluster map: Farming, Fishing, and Forestry Occupations",
        "Cluster portfolio",
        "Categories and stars",
        "Links, zones and partners",
        "Priorities at the junction of clusters",
        "Declared priorities against the evidence",
        "What the declared list lacks",
        "Regions sharing the priorities",
        "Method notes and references",
    ):
        assert f">{heading}</h" in california, heading
    assert "5 March 2026" in california and "strategy.csv" in california
    assert california.count("<section") == 8  # each section starts a printed page
    assert "@page { size: A4" in california and "break-before: page" in california
    assert '<svg class="chart"' in california  # the portfolio chart, inline
    assert len(re.findall(r'<img src="data:image/png;base64,', california)) == 2


def test_numbers_and_verdicts(california):
    # BLS OEWS May 2025: California's farming LQ 4.08 with all three stars; 18,213,700 jobs
    assert "18,213,700" in california
    assert re.search(
        r">Farming, Fishing, and Forestry Occupations</td>.*?>4\.08<", california, re.S
    )
    assert '<span class="verdict v-strength">strength</span> ★, LQ 1.16 ≥ 1.00' in california
    assert "Nevada" in california and "Oregon" in california  # neighbours


def test_nothing_loads_from_the_network(california):
    page = unescape(re.search(r'srcdoc="([^"]*)"', california).group(1))
    assert "L.geoJSON" in page  # the interactive map is inline, Leaflet and all
    assert REMOTE.search(california) is None
    assert REMOTE.search(page) is None


def test_region_without_data():
    inputs = prepare(for_web(demo_regions()), demo_dataset(), made_on=MADE)
    samoa = dossier_html(inputs, "60")  # American Samoa: boundaries, no OEWS employment
    assert "This region has no employment data" in samoa
    assert "Categories and stars" not in samoa


def test_russian_dossier_of_tyumen():
    regions, data = russian_atlas()
    inputs = prepare(regions, data, language="ru", made_on=MADE)
    cells = inputs.evidence.table
    assert lead_category(cells[cells["region"] == "RU-TYU"]) == "extraction"
    html = dossier_html(inputs, "RU-TYU")
    assert "<h1>Тюменская область</h1>" in html
    assert ">Кластерная карта: Добыча полезных ископаемых</h2>" in html
    assert "5 марта 2026\u202fг." in html
    assert ">Заявленные приоритеты и данные</h2>" in html
    total = cells.loc[cells["region"] == "RU-TYU", "employment"].sum()
    written = f"{total:,.0f}".replace(",", "\u00a0")
    assert f"<td>{written}</td>" in html  # 1 234 567, as Russian writes it


def test_write_all_with_index(tmp_path):
    regions, data = russian_atlas()
    inputs = prepare(regions, data, language="ru", made_on=MADE)
    chosen = ["RU-TYU", "RU-MOW", "RU-KGD"]
    written = write_dossiers(inputs, chosen, tmp_path)
    assert [p.name for p in written] == [
        "ru-kgd-калининградская-область.html",
        "ru-mow-г-москва.html",
        "ru-tyu-тюменская-область.html",
    ]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert index.count("<li><a href=") == 3 and "Досье регионов" in index


def test_shared_layer_outlines_partners_by_count_and_border():
    frame = gpd.GeoDataFrame(
        {"region": ["R", "S", "T", "U"], "name": ["Rho", "Sigma", "Tau", "Upsilon"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 0, 6, 1), box(8, 0, 9, 1)],
        crs="EPSG:4326",
    )
    shared = pd.DataFrame(
        {
            "region": ["R", "R", "R", "S"],
            "cluster": ["x", "y", "x", "x"],
            "basis": ["both", "measured", "both", "measured"],
            "partner": ["S", "S", "T", "R"],
            "partner_basis": ["measured", "declared", "declared", "both"],
            "borders": [True, True, False, True],
        }
    )
    labels = {"shared": "Shared", "borders": "Neighbour", "yes": "yes", "no": "no", "chosen": "Rho"}
    group = shared_regions(
        frame, shared, region="R", name="Shared", labels=labels, cluster_names={"x": "Ex"}
    )
    layer = next(iter(group._children.values()))
    collection = json.loads(layer.data)  # script-safe JSON: \u003c escapes still parse
    features = {f["properties"]["region"]: f["properties"] for f in collection["features"]}
    assert sorted(features) == ["R", "S", "T"]  # U shares nothing
    assert features["S"]["style"]["color"] == SHARED_COLORS[1]  # two shared, solid border
    assert "dashArray" not in features["S"]["style"]
    assert features["T"]["style"]["color"] == SHARED_COLORS[0]
    assert features["T"]["style"]["dashArray"] == "5 4"  # no shared border
    assert "Ex; y" in features["S"]["tip"] and "yes" in features["S"]["tip"]
    assert features["R"]["tip"] == "Rho"
