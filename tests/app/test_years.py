"""The sidebar's year and base year: hidden for the one-year demo, kept in the URL, and followed
by every page's numbers on a three-year table made from the demo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "pages/cluster_map.py",
    "pages/region_profile.py",
    "pages/links.py",
    "pages/priorities.py",
    "pages/export.py",
]
COMPUTER = "Computer and Mathematical Occupations"


@pytest.fixture(scope="module")
def atlas():
    """The demo in 2023, 2024 and 2025: computer occupations grow 20 % a year in the states
    with an even FIPS code and shrink 10 % a year elsewhere; everything else stays."""
    from econ.dataset import demo_dataset
    from geo.boundaries import demo_regions
    from pages.common import Atlas

    demo = demo_dataset()
    latest = demo.employment
    computer = latest["activity"].str.startswith("15-").to_numpy()
    even = (latest["region"].astype(int) % 2 == 0).to_numpy()
    rate = np.where(computer, np.where(even, 1.2, 0.9), 1.0)
    years = [
        latest.assign(year=year, employment=(latest["employment"] / rate**back).round())
        for back, year in ((2, 2023), (1, 2024), (0, 2025))
    ]
    data = replace(
        demo,
        employment=pd.concat(years, ignore_index=True),
        region_totals=None,
        reference=None,
        reference_total=None,
    )
    return Atlas(regions=demo_regions(), data=data, key="three-years")


def opened(page: str, atlas=None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in {"lang": "en", "region": "06", "category": COMPUTER, **query}.items():
        at.query_params[key] = value
    if atlas is not None:
        at.session_state["atlas"] = atlas
    at.run()
    if page != "pages/cluster_map.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def numbers(at: AppTest) -> str:
    """Every number the page (not the sidebar) shows as text: tables, metrics and captions."""
    main = at.main
    parts = [frame.value.to_csv() for frame in main.dataframe]
    parts += [f"{m.label}={m.value}" for m in main.metric]
    parts += [c.value for c in main.caption if not c.value.startswith("Year")]
    return "\n".join(parts)


def test_one_year_hides_the_selector() -> None:
    at = opened("pages/cluster_map.py")
    keys = {box.key for box in at.sidebar.selectbox}
    assert "year" not in keys and "base_year" not in keys
    assert "year" not in at.query_params


def test_latest_year_and_first_base_year_by_default(atlas) -> None:
    at = opened("pages/cluster_map.py", atlas)
    year, base = at.sidebar.selectbox(key="year"), at.sidebar.selectbox(key="base_year")
    assert year.options == ["2025", "2024", "2023"] and year.value == "2025"
    assert base.options == ["2023", "2024"] and base.value == "2023"
    assert at.query_params["year"] == "2025" and at.query_params["base_year"] == "2023"
    metric = at.selectbox(key="metric.en")
    assert metric.options[4:] == [
        "Job creation (change in employment)",
        "Employment growth, %",
        "Change in LQ",
        "Life-cycle stage",
        "Cluster wage",
        "Wage relative to the national",
    ]


@pytest.mark.parametrize("page", PAGES)
def test_the_year_changes_the_pages_numbers(atlas, page) -> None:
    latest = opened(page, atlas)
    earlier = opened(page, atlas, year="2023")  # a shared link carrying the year
    assert latest.query_params["year"] == "2025" and earlier.query_params["year"] == "2023"
    assert numbers(latest) and numbers(earlier) != numbers(latest)


def test_the_sidebar_selector_sets_the_year(atlas) -> None:
    # AppTest reruns only the page script after the first run, so the sidebar is not redrawn:
    # the choice reaches the pages through the widget's callback
    at = opened("pages/cluster_map.py", atlas)
    at.sidebar.selectbox(key="year").set_value("2023").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["kept.year"] == "2023"
    assert numbers(at) == numbers(opened("pages/cluster_map.py", atlas, year="2023"))


def test_california_employment_follows_the_year(atlas) -> None:
    # California (06, even): computer occupations 717,730 in 2025, / 1.2² in 2023
    shown = {}
    for year in ("2025", "2023"):
        at = opened("pages/cluster_map.py", atlas, year=year)
        shown[year] = {m.label: m.value for m in at.metric}["Employment"]
    assert shown["2025"] == "717,730"
    assert int(shown["2023"].replace(",", "")) == pytest.approx(717_730 / 1.44, abs=30)


def test_base_year_sets_the_profiles_change(atlas) -> None:
    at = opened("pages/region_profile.py", atlas)
    assert at.subheader[-2].value == "Growth and specialisation, 2023–2025"
    change = next(f.value for f in at.dataframe if "Job creation" in f.value.columns)
    computer = change[change["Category"] == COMPUTER].iloc[0]
    assert computer["Employment growth, %"] == pytest.approx(44.0, abs=0.1)  # 1.2² - 1
    assert computer["Stage"] in ("growing", "emerging")
    at = opened("pages/region_profile.py", atlas, base_year="2024")
    assert at.query_params["base_year"] == "2024"
    change = next(f.value for f in at.dataframe if "Job creation" in f.value.columns)
    computer = change[change["Category"] == COMPUTER].iloc[0]
    assert computer["Employment growth, %"] == pytest.approx(20.0, abs=0.1)
    assert len(at.get("vega_lite_chart")) == 2  # the portfolio and the growth bubble chart


def test_first_year_has_no_base_year(atlas) -> None:
    at = opened("pages/cluster_map.py", atlas, year="2023")
    assert "base_year" not in {box.key for box in at.sidebar.selectbox}
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "choose a later one" in captions and "Change " not in captions
    at = opened("pages/region_profile.py", atlas, year="2023")
    assert not any("Growth and specialisation" in s.value for s in at.subheader)


def test_russian_labels(atlas) -> None:
    at = opened("pages/cluster_map.py", atlas, lang="ru")
    assert at.sidebar.selectbox(key="year").label == "Год"
    assert at.sidebar.selectbox(key="base_year").label == "Изменение с (базовый год)"
    assert "Стадия жизненного цикла" in at.selectbox(key="metric.ru").options
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Изменение 2023–2025" in captions and "Menzel & Fornahl 2010" in captions


def test_a_cluster_definition_applied_in_one_year_keeps_every_year(atlas) -> None:
    at = opened("pages/cluster_definitions.py", atlas, year="2024")
    at.slider(key="definitions_range").set_value((10, 12)).run()
    at.selectbox(key="definitions_candidate").set_value("ward-12").run()
    at.button(key="definitions_apply").click().run()
    assert not at.exception, [e.message for e in at.exception]
    applied = at.session_state["atlas"].data
    assert applied.years == [2023, 2024, 2025]
    assert len(applied.employment) == len(atlas.data.employment)
    assert applied.activities["cluster"].nunique() == 12


def test_export_offers_the_change_and_wage_tables(atlas) -> None:
    at = opened("pages/export.py", atlas, year="2025", base_year="2023")
    labels = [button.label for button in at.get("download_button")]
    assert "Download region_cluster_change.csv" in labels
    assert "Download region_cluster_wages.csv" in labels
    one_year = opened("pages/export.py")
    labels = [button.label for button in one_year.get("download_button")]
    assert "Download region_cluster_change.csv" not in labels
    assert "Download region_cluster_wages.csv" in labels  # the demo carries OEWS wages
