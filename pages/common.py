"""What every page shares: the active atlas, the language, translated text, cached measures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from econ.concentration import cluster_employment, cluster_reference, location_quotients
from econ.dataset import Dataset, demo_dataset
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
    return st.session_state.get("language", "en")


def translator(catalog: Mapping[str, Mapping[str, str]]) -> Callable[..., str]:
    """`t(key, **fields)` looking `key` up in the active language, English as fallback."""

    def t(key: str, **fields: object) -> str:
        text = catalog.get(language(), {}).get(key) or catalog["en"][key]
        return text.format(**fields) if fields else text

    return t


@st.cache_data(show_spinner=False, max_entries=16)
def cluster_quotients(_atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """Employment and LQ per region × cluster category of the atlas (cached per dataset)."""
    data = _atlas.data
    reference = None
    if data.reference is not None:
        reference = cluster_reference(data.reference, data.clusters)
    return location_quotients(
        cluster_employment(data.employment, data.clusters),
        unit="cluster",
        reference=reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
