"""Map classes and legends of the change, stage and wage metrics."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from layers.cluster_map import (
    class_labels,
    cluster_map,
    metric_classes,
    stage_classes,
    zero_diverging,
)


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"region": list("abcdefg"), "name": list("ABCDEFG")},
        geometry=[box(i, 0, i + 1, 1) for i in range(7)],
        crs="EPSG:4326",
    )


def test_change_splits_at_zero() -> None:
    classes = zero_diverging(pd.Series([-30.0, -20, -10, 5, 10, 20, np.nan]))
    assert 0.0 in classes.bins and classes.bins[-1] == 20.0
    below = classes.bins.index(0.0)
    losses, gains = classes.yb[:3], classes.yb[3:6]
    assert (losses <= below).all() and (gains > below).all() and classes.yb[6] == -1
    blues, reds = classes.colors[: below + 1], classes.colors[below + 1 :]
    assert all(int(c[5:7], 16) > int(c[1:3], 16) for c in blues)  # more blue than red
    assert all(int(c[1:3], 16) > int(c[5:7], 16) for c in reds)


def test_change_with_gains_only_has_no_empty_loss_class() -> None:
    classes = zero_diverging(pd.Series([1.0, 2, 3, 4]))
    assert classes.ranges()[0][0] == 1.0 and classes.bins[-1] == 4.0
    assert 0.0 not in classes.bins
    assert set(classes.yb) == set(range(len(classes.bins)))  # every class holds a region
    assert all(int(c[1:3], 16) > int(c[5:7], 16) for c in classes.colors)  # all reds


def test_stages_are_one_class_each() -> None:
    classes = stage_classes(pd.Series(["emerging", "declining", None, "mature"]))
    assert classes.yb.tolist() == [0, 3, -1, 2]
    labels = class_labels("stage", {"emerging": "зарождение"})
    assert labels == ["зарождение", "growing", "mature", "declining"]


def test_growth_is_classed_in_percent(squares) -> None:
    values = pd.DataFrame({"region": list("abcdef"), "growth": [-0.2, -0.1, 0.0, 0.1, 0.3, 0.5]})
    classes = metric_classes(squares, values, metric="growth", scheme="zero_diverging")
    assert classes.bins[-1] == pytest.approx(50.0) and classes.yb[-1] == -1  # g has no value
    quantiles = metric_classes(squares, values, metric="growth", scheme="quantiles", k=3)
    assert quantiles.bins[-1] == pytest.approx(50.0)


def test_stage_map_has_a_stage_legend_and_tooltips(squares) -> None:
    values = pd.DataFrame(
        {
            "region": list("abcd"),
            "employment": [10.0, 20, 30, 40],
            "lq": [0.5, 1.5, 1.2, 0.7],
            "share_of_region": [0.1, 0.2, 0.3, 0.1],
            "stage": ["emerging", "growing", "mature", "declining"],
        }
    )
    html = cluster_map(squares, values, metric="stage").get_root().render()
    for stage in ("emerging", "growing", "mature", "declining"):
        assert stage in html
    assert "Life-cycle stage" in html
