"""What every page shares: the active atlas, the language, translated text, cached measures."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from econ.dataset import Dataset, demo_dataset
from econ.stars import region_cluster
from geo.boundaries import demo_regions
from geo.web import for_web

LANGUAGES = {"en": "English", "ru": "Русский"}


def _leave_legacy_multipage_mode() -> None:
    """Serve every URL through app.py's `st.navigation`.

    Because this folder is named `pages`, Streamlit starts in its legacy multipage mode and, on a
    fresh server's first request for a sub-page URL (a shared link), runs that page script alone:
    no sidebar, no settings, raw file names as navigation. Switch the mode off and rerun.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_legacy_multipage_mode()


@dataclass(frozen=True)
class Atlas:
    """Regions (web-ready geometry) and the employment dataset that describes them."""

    regions: gpd.GeoDataFrame
    data: Dataset
    key: str


@st.cache_resource(show_spinner=False)
def demo_atlas() -> Atlas:
    """The bundled US states × occupations atlas, loaded once per server."""
    return Atlas(regions=for_web(demo_regions()), data=demo_dataset(), key="demo")


def active_atlas() -> Atlas:
    """The atlas the user chose on the Data page, else the bundled demo."""
    return st.session_state.get("atlas") or demo_atlas()


def set_active_atlas(atlas: Atlas | None) -> None:
    """Make `atlas` the one every page shows (None returns to the demo)."""
    st.session_state["atlas"] = atlas


def language() -> str:
    """The interface language chosen in the sidebar (`en` or `ru`)."""
    return st.session_state.get("lang") or st.query_params.get("lang", "en")


def shared_choice(
    label: str,
    options: list[str],
    *,
    key: str,
    format_func: Callable[[str], str] = str,
    widget: Callable[..., str] = st.selectbox,
    localised: bool = True,
    **kwargs: object,
) -> str:
    """A choice whose value lives in the URL query string, so a shared link reopens the view.

    `widget` is `st.selectbox` or `st.radio`; options are strings (they go into the URL). A
    `localised` choice gets one widget per language, so that switching language redraws its
    labels (Streamlit keeps a selectbox's shown label while its key and value stay the same).
    """
    kept = f"kept.{key}"
    widget_key = f"{key}.{language()}" if localised else key

    def remember() -> None:
        st.session_state[kept] = st.session_state[widget_key]

    current = st.session_state.get(widget_key)
    for wanted in (st.session_state.get(kept), st.query_params.get(key), current):
        if wanted in options:
            st.session_state[widget_key] = wanted
            break
    else:
        st.session_state.pop(widget_key, None)
    value = widget(
        label, options, key=widget_key, format_func=format_func, on_change=remember, **kwargs
    )
    st.query_params[key] = value
    st.session_state[kept] = value
    return value


def remembered(key: str) -> str | None:
    """The last value of a `shared_choice`, even on a page that does not show it."""
    return st.session_state.get(f"kept.{key}") or st.query_params.get(key)


STAR_RULES = {  # URL key: (econ.stars.cluster_stars keyword, default, minimum, maximum, step)
    "size_top": ("size_top", 10.0, 1.0, 50.0, 1.0),
    "spec_lq": ("specialisation_lq", 2.0, 1.0, 5.0, 0.1),
    "focus_top": ("focus_top", 10.0, 1.0, 50.0, 1.0),
    "floor": ("floor", 1000.0, 0.0, 100000.0, 100.0),
}


def _rule_value(key: str) -> float:
    """A star threshold as shown (percent for the top shares), from the widget or the URL."""
    _, default, low, high, _ = STAR_RULES[key]
    raw = st.session_state.get(key, st.query_params.get(key, default))
    try:
        return min(max(float(raw), low), high)
    except (TypeError, ValueError):
        return default


def star_rules() -> dict[str, float]:
    """Star thresholds (sidebar, URL), as keywords of `econ.stars.cluster_stars`."""
    rules = {}
    for key, (keyword, *_) in STAR_RULES.items():
        value = _rule_value(key)
        rules[keyword] = value / 100 if key.endswith("_top") else value
    return rules


def star_rule_inputs(labels: Mapping[str, str]) -> None:
    """Number inputs for the star thresholds, kept in the URL."""
    for key, (_, default, low, high, step) in STAR_RULES.items():
        if key not in st.session_state:
            st.session_state[key] = _rule_value(key)
        value = st.number_input(labels[key], low, high, step=step, key=key)
        if value != default:
            st.query_params[key] = f"{value:g}"
        else:
            st.query_params.pop(key, None)


def selected_region() -> str | None:
    """The region picked by a click on any map (or from the URL), if any."""
    return st.session_state.get("region") or st.query_params.get("region")


def select_region(region: str | None) -> None:
    """Remember `region` as the selected one for every page and in the URL."""
    st.session_state["region"] = region
    if region is None:
        st.query_params.pop("region", None)
    else:
        st.query_params["region"] = region


MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def plain(value: object) -> str:
    """User text (a name, a file's cell, a link's parameter) escaped for Streamlit's Markdown
    surfaces, so that `![x](http://…)` shows as typed instead of fetching or linking."""
    return MARKDOWN.sub(r"\\\1", str(value))


def translator(catalog: Mapping[str, Mapping[str, str]]) -> Callable[..., str]:
    """`t(key, **fields)` looking `key` up in the active language, English as fallback."""

    def t(key: str, **fields: object) -> str:
        text = catalog.get(language(), {}).get(key) or catalog["en"][key]
        return text.format(**fields) if fields else text

    return t


def cluster_quotients(atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """The region × cluster table (employment, shares, LQ, reliability, stars) under the star
    rules set in the sidebar; cached per dataset and rules."""
    return _region_cluster(atlas, atlas_key, **star_rules())


@st.cache_data(show_spinner=False, max_entries=16)
def _region_cluster(_atlas: Atlas, atlas_key: str, **rules: float) -> pd.DataFrame:
    data = _atlas.data
    return region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
        **rules,
    )
