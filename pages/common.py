"""What every page shares: the active atlas, the language, translated text, cached measures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from econ.dataset import Dataset, demo_dataset
from econ.stars import region_cluster
from geo.boundaries import demo_regions
from geo.web import for_web

LANGUAGES = {"en": "English", "ru": "Русский"}


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
    **kwargs: object,
) -> str:
    """A choice whose value lives in the URL query string, so a shared link reopens the view.

    `widget` is `st.selectbox` or `st.radio`; options are strings (they go into the URL).
    """
    wanted = st.query_params.get(key)
    if key not in st.session_state and wanted in options:
        st.session_state[key] = wanted
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    st.query_params[key] = value
    return value


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


def translator(catalog: Mapping[str, Mapping[str, str]]) -> Callable[..., str]:
    """`t(key, **fields)` looking `key` up in the active language, English as fallback."""

    def t(key: str, **fields: object) -> str:
        text = catalog.get(language(), {}).get(key) or catalog["en"][key]
        return text.format(**fields) if fields else text

    return t


@st.cache_data(show_spinner=False, max_entries=16)
def cluster_quotients(_atlas: Atlas, atlas_key: str, **rules: float) -> pd.DataFrame:
    """The region × cluster table (employment, shares, LQ, reliability, stars), cached per
    dataset and star rules (`econ.stars.cluster_stars` keywords)."""
    data = _atlas.data
    return region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
        **rules,
    )
