"""The print PNG: same classes as the HTML map, legend entries, exact pixel size."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.image import imread
from shapely.geometry import box

from geo.boundaries import demo_regions
from layers.classes import MISSING_COLOR, map_classes
from layers.static import png_bytes, static_figure, static_map


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"region": ["A", "B", "C", "D"], "name": ["Avon", "Bath", "Cork", "Down"]},
        geometry=[box(i, 0, i + 1, 1) for i in range(4)],
        crs="EPSG:4326",
    )


@pytest.fixture
def values() -> pd.DataFrame:
    """LQs of one category: D has no row (missing), C is unreliable."""
    return pd.DataFrame(
        {"region": ["A", "B", "C"], "lq": [0.4, 1.0, 2.5], "reliable": [True, True, False]}
    )


DATA = Path(__file__).resolve().parents[2] / "data"


def draw(squares, values, **options):
    classes = map_classes(squares, values, metric="lq")
    return static_figure(
        squares,
        values,
        metric="lq",
        classes=classes,
        title="Alpha",
        subtitle="Survey 2024 · location quotient",
        legend_title="Location quotient",
        format_value=lambda v: f"{v:.2f}",
        attribution="Boundaries: test",
        made_on=date(2025, 5, 1),
        **options,
    )


def test_legend_lists_the_lq_classes_missing_and_unreliable(squares, values):
    figure = draw(squares, values)
    legend = figure.legends[0]
    assert legend.get_title().get_text() == "Location quotient"
    # lq_diverging: fixed breaks 0.5, 0.8, 1.25, 2, 3 and a top of max(2.5, 3 × 1.5) = 4.5
    assert [t.get_text() for t in legend.get_texts()] == [
        "0.00 – 0.50",
        "0.50 – 0.80",
        "0.80 – 1.25",
        "1.25 – 2.00",
        "2.00 – 3.00",
        "3.00 – 4.50",
        "No data",
        "Unreliable (small or suppressed)",
    ]


def test_regions_take_the_html_map_colours(squares, values):
    classes = map_classes(squares, values, metric="lq")
    figure = draw(squares, values)
    faces = [to_hex(c) for c in figure.axes[0].collections[0].get_facecolor()]
    # A 0.4 → class 0, B 1.0 → class 2 (0.8–1.25), C 2.5 → class 4 (2–3), D missing → grey
    assert faces == [classes.colors[0], classes.colors[2], classes.colors[4], MISSING_COLOR]
    hatched = figure.axes[0].collections[1]
    assert hatched.get_hatch() == "////" and len(hatched.get_paths()) == 1


def test_texts_carry_title_subtitle_date_and_attribution(squares, values):
    texts = [t.get_text() for t in draw(squares, values).texts]
    assert texts == ["Alpha", "Survey 2024 · location quotient", "2025-05-01 · Boundaries: test"]


def test_all_reliable_has_no_unreliable_entry(squares, values):
    figure = draw(squares, values.assign(reliable=True))
    assert [t.get_text() for t in figure.legends[0].get_texts()][-1] == "No data"


def test_png_has_the_requested_pixel_size(squares, values):
    png = png_bytes(draw(squares, values, size=(4.0, 3.0)), dpi=50)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert imread(io.BytesIO(png)).shape[:2] == (150, 200)  # 3 in × 50 dpi, 4 in × 50 dpi


def test_static_map_stars_uses_star_labels(squares):
    stars = pd.DataFrame({"region": ["A", "B", "C", "D"], "stars": [0, 1, 3, np.nan]})
    classes = map_classes(squares, stars, metric="stars")
    png = static_map(
        squares,
        stars,
        metric="stars",
        classes=classes,
        title="Stars",
        legend_title="Stars",
        class_labels=["no star", "★", "★★", "★★★"],
        size=(4.0, 3.0),
        dpi=40,
    )
    assert imread(io.BytesIO(png)).shape[:2] == (120, 160)
    assert classes.yb.tolist() == [0, 1, 3, -1]


def test_far_flung_regions_get_insets_under_the_main_map():
    regions = demo_regions()
    values = pd.DataFrame({"region": regions["region"], "lq": 1.0, "employment": 1.0})
    classes = map_classes(regions, values, metric="lq", scheme="lq_diverging")
    figure = static_figure(
        regions, values, metric="lq", classes=classes, title="t", legend_title="LQ"
    )
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert len(figure.axes) == 1 + 7  # lower 48 and DC, then seven insets
    assert titles[:2] == ["Alaska", "Hawaii"]
    assert "Commonwealth of the\nNorthern Mariana\nIslands" in titles
    west, east = figure.axes[0].get_xlim()
    assert 4.5e6 < east - west < 5.5e6  # metres: the lower 48 in Albers (with Alaska: 8,000 km)


def test_russia_prints_in_an_equal_area_conic_with_chukotka_whole():
    from geo.projection import equal_area, fitted_albers
    from geo.readers import read_boundaries
    from geo.web import for_web

    regions, _ = read_boundaries(DATA / "russia" / "rus_adm1_geoboundaries.geojson")
    regions = for_web(regions)
    crs = fitted_albers(regions).to_dict()
    assert (crs["proj"], round(crs["lat_1"]), round(crs["lat_2"])) == ("aea", 53, 64)
    assert 90 < crs["lon_0"] < 105
    projected = equal_area(regions).set_index("region")
    west, _, east, _ = projected.loc[["RU-CHU"]].total_bounds
    assert east - west < 1.6e6  # one piece, not split at 180°
    values = pd.DataFrame({"region": regions["region"], "lq": 1.0})
    classes = map_classes(regions, values, metric="lq", scheme="lq_diverging")
    figure = static_figure(
        regions, values, metric="lq", classes=classes, title="t", legend_title="LQ"
    )
    west, east = figure.axes[0].get_xlim()
    assert 7.5e6 < east - west < 9.5e6  # Kaliningrad to Chukotka, about 8,000 km


def test_dollars_in_names_are_drawn_as_typed():
    regions = demo_regions()
    values = pd.DataFrame({"region": regions["region"], "lq": 1.0})
    classes = map_classes(regions, values, metric="lq", scheme="lq_diverging")
    figure = static_figure(
        regions,
        values,
        metric="lq",
        classes=classes,
        title="Costs $5 and $x^2$",
        subtitle="$$",
        legend_title="LQ $",
    )
    assert figure.texts[0].get_text() == r"Costs \$5 and \$x^2\$"
    assert png_bytes(figure, dpi=40).startswith(b"\x89PNG")


def test_the_footer_date_in_the_language(squares, values):
    figure = draw(squares, values, language="ru")
    texts = [t.get_text() for t in figure.texts]
    assert "1 мая 2025\u202fг. · Boundaries: test" in texts
