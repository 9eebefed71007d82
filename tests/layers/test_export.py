"""Exported maps: self-contained (no remote asset), light enough for 3,231 counties, escaped."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.web import for_web
from layers.cluster_map import cluster_map
from layers.export import map_html, write_html
from layers.geojson import read_embedded

COUNTIES = Path(__file__).resolve().parents[2] / "data" / "us-atlas" / "counties-10m.json"
REMOTE = re.compile(r"<(script|link)\b[^>]*(src|href)\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)
HOSTILE = "<img src=x onerror=alert(1)>"


def embedded_features(html: str) -> list[dict]:
    """The features of the first GeoJSON layer embedded in an exported map."""
    return read_embedded(html)[0]["features"]


def generated_values(regions: pd.DataFrame, seed: int = 4) -> pd.DataFrame:
    """Random LQs and employment for every region but the first 31 (left missing)."""
    rng = np.random.default_rng(seed)
    n = len(regions)
    return pd.DataFrame(
        {
            "region": regions["region"].to_numpy(),
            "employment": rng.integers(0, 50_000, n).astype(float),
            "share_of_region": rng.uniform(0, 0.2, n),
            "lq": rng.lognormal(0, 0.6, n),
            "reliable": rng.uniform(size=n) > 0.1,
        }
    ).iloc[31:]


@pytest.fixture(scope="module")
def counties_html() -> str:
    counties = gpd.read_file(COUNTIES, layer="counties").set_crs("EPSG:4326")
    regions = for_web(counties.rename(columns={"id": "region"}))
    m = cluster_map(regions, generated_values(regions), metric="lq")
    return map_html(m)


def test_counties_export_is_under_5_mb(counties_html):
    assert len(counties_html.encode("utf-8")) < 5 * 1024 * 1024


def test_counties_export_loads_nothing_from_the_network(counties_html):
    assert REMOTE.search(counties_html) is None
    assert "cdn.jsdelivr" not in counties_html and "unpkg.com" not in counties_html
    assert "L.map(" in counties_html  # Leaflet itself is inlined


def test_counties_export_has_one_feature_per_county(counties_html):
    features = embedded_features(counties_html)
    assert len(features) == 3231
    assert len({f["properties"]["region"] for f in features}) == 3231
    missing = [f for f in features if f["properties"]["style"]["fillColor"] == "#bdbdbd"]
    assert len(missing) == 31  # the generated values leave the first 31 counties out


def test_hostile_region_name_is_written_as_text(tmp_path):
    regions = gpd.GeoDataFrame(
        {"region": ["A", "B"], "name": [HOSTILE, "Bath"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:4326",
    )
    values = pd.DataFrame(
        {
            "region": ["A", "B"],
            "employment": [10.0, 20.0],
            "share_of_region": [0.1, 0.2],
            "lq": [0.9, 1.4],
            "top": [HOSTILE, "x"],
        }
    )
    path = write_html(cluster_map(regions, values), tmp_path / "map.html")
    html = path.read_text(encoding="utf-8")
    assert HOSTILE not in html
    tip = embedded_features(html)[0]["properties"]["tip"]
    assert tip.count("&lt;img src=x onerror=alert(1)&gt;") == 2  # the name and the top list
