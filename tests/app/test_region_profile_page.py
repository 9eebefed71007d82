"""The Region profile page runs headless (Streamlit AppTest) on the demo in both languages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def profile_page(language: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = language
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/region_profile.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("language", "title", "krugman"),
    [
        ("en", "Region profile", "Krugman specialisation index"),
        ("ru", "Профиль региона", "Индекс специализации Кругмана"),
    ],
)
def test_district_of_columbia_profile(language: str, title: str, krugman: str) -> None:
    at = profile_page(language, region="11")
    assert at.title[0].value == title
    assert at.selectbox(key="profile_region").value == "11"
    starred, indices, wages = (d.value for d in at.dataframe)
    # the demo's OEWS wages: DC's 21 major groups (no farming), Legal paid highest relatively
    assert len(wages) == 21
    assert wages.iloc[0, 0] in ("Legal Occupations", "Юриспруденция")
    # DC's starred categories include Legal (LQ 7.07, a specialisation star)
    legal = starred[starred.iloc[:, 0].str.contains("Legal|Юриспруденция", regex=True)]
    assert len(legal) == 1 and legal.iloc[0, 5] == pytest.approx(7.07)
    assert indices.iloc[0, 0] == krugman
    assert len(indices) == 7
    # the median of 54 areas differs from DC's own value, both non-negative
    assert (indices.iloc[:, 1:] >= 0).all().all()
    assert len(at.get("vega_lite_chart")) == 1  # the portfolio bubble chart
    assert len(at.get("image")) == 1  # the locator map
    captions = " ".join(c.value for c in at.caption)
    assert ("27 of the region's 475" in captions) if language == "en" else ("27 из 475" in captions)


def test_choosing_a_region_selects_it_for_every_page() -> None:
    at = profile_page("en")
    at.selectbox(key="profile_region").set_value("06").run()
    assert not at.exception
    assert at.session_state["region"] == "06"


def test_two_years_offer_the_change_in_national_share() -> None:
    from econ.dataset import demo_dataset
    from geo.boundaries import demo_regions
    from pages.common import Atlas

    demo = demo_dataset()
    later = demo.employment.assign(year=2025)
    earlier = later.assign(year=2024, employment=later["employment"] * 0.9)
    data = replace(
        demo,
        employment=pd.concat([earlier, later], ignore_index=True),
        region_totals=None,
        reference=None,
        reference_total=None,
    )
    atlas = Atlas(regions=demo_regions(), data=data, key="two-years")
    at = profile_page("en", atlas=atlas, region="06")
    radio = at.radio[0]
    assert radio.options == [
        "Location quotient (LQ)",
        "Change in national share, 2024–2025 (points)",
    ]
    radio.set_value("share_change").run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.get("vega_lite_chart")) == 2  # the portfolio and the growth bubble chart
