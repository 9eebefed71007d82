"""The cluster map: every region drawn, classes and legend right, user strings inert."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from layers.classes import classify
from layers.cluster_map import cluster_map, top_categories
from layers.export import map_html
from layers.geojson import read_embedded

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"region": ["a", "b", "c", "d"], "name": ["Alpha", HOSTILE, "Gamma", "Delta"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2), box(1, 1, 2, 2)],
        crs="EPSG:4326",
    )


@pytest.fixture
def values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["a", "b", "c"],  # d has no data
            "employment": [100.0, 2500.0, 40.0],
            "share_of_region": [0.01, 0.2, 0.05],
            "lq": [0.4, 2.6, 1.1],
            "reliable": [True, True, False],
            "stars": [0, 2, 1],
        }
    )


def embedded_features(html: str) -> list[dict]:
    return read_embedded(html)[0]["features"]


def test_every_region_is_drawn_with_its_class_colour(squares, values):
    html = map_html(cluster_map(squares, values, metric="lq"))
    features = {f["properties"]["region"]: f["properties"] for f in embedded_features(html)}
    assert sorted(features) == ["a", "b", "c", "d"]
    # lq_diverging breaks 0.5, 0.8, 1.25, 2, 3: 0.4 -> darkest blue, 2.6 -> second red
    classes = classify(pd.Series([0.4, 2.6, 1.1]), "lq_diverging")
    assert features["a"]["style"]["fillColor"] == classes.colors[0]
    assert features["b"]["style"]["fillColor"] == classes.colors[4]
    assert features["d"]["style"]["fillColor"] == "#bdbdbd"  # no data: grey
    assert features["c"]["style"]["dashArray"] == "4 3"  # unreliable: dashed edge


def test_legend_lists_breaks_and_no_data(squares, values):
    html = map_html(cluster_map(squares, values, metric="lq"))
    assert "0.80 – 1.25" in html and "2.00 – 3.00" in html
    assert "No data" in html and "Unreliable" in html


def test_stars_legend_and_markers(squares, values):
    html = map_html(cluster_map(squares, values, metric="stars"))
    assert "★★" in html
    with_markers = map_html(cluster_map(squares, values, metric="lq"))
    points = re.search(r"(\[\[[^;]*?\]\])\.forEach", with_markers).group(1)
    assert [p[2] for p in json.loads(points)] == [2, 1]  # regions b (2 stars) and c (1 star)


def test_hostile_region_name_is_text_not_markup(squares, values):
    html = map_html(cluster_map(squares, values, metric="lq"))
    assert HOSTILE not in html
    tip = next(f for f in embedded_features(html) if f["properties"]["region"] == "b")
    assert "&lt;img src=x onerror=alert(1)&gt;" in tip["properties"]["tip"]


def test_russian_numbers(squares, values):
    html = map_html(cluster_map(squares, values, metric="employment", language="ru"))
    assert "2\u00a0500" in html  # 2,500 written the Russian way


def test_top_categories_by_lq():
    table = pd.DataFrame(
        {
            "region": ["a"] * 4,
            "cluster": ["x", "y", "z", "w"],
            "lq": [0.5, 3.0, 1.2, 2.0],
        }
    )
    assert top_categories(table, {"y": "Why"}).loc["a"] == "Why, w, z"


def test_unknown_metric_is_refused(squares, values):
    with pytest.raises(ValueError, match="unknown metric"):
        cluster_map(squares, values, metric="gdp")


def test_the_scale_bar_and_the_date_speak_the_map_language(squares, values):
    import datetime as dt

    russian = map_html(cluster_map(squares, values, language="ru"))
    assert '{"imperial":false,"locale":"ru-RU","m":"м","km":"км"}' in russian
    assert f"Создано {dt.date.today().day} " in russian
    english = map_html(cluster_map(squares, values))
    assert '{"imperial":true,"locale":"en-US","m":"m","km":"km"}' in english
    assert f"Made {dt.date.today().day} " in english
