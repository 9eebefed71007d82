"""Class breaks and colours for choropleths (mapclassify for the breaks)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "user_defined", "lq_diverging", "stars")
LQ_BREAKS = (0.5, 0.8, 1.25, 2.0, 3.0)
MISSING_COLOR = "#bdbdbd"
UNRELIABLE_COLOR = "#e7e7e7"


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class, one colour a class, and each value's class (-1 = missing)."""

    bins: tuple[float, ...]
    colors: tuple[str, ...]
    yb: np.ndarray
    lower: float

    def ranges(self) -> list[tuple[float, float]]:
        """(lower, upper) bounds of each class, in order."""
        lows = (self.lower, *self.bins[:-1])
        return list(zip(lows, self.bins, strict=True))

    def color_of(self) -> list[str]:
        """The colour of each classified value, the missing colour where it has none."""
        return [self.colors[c] if c >= 0 else MISSING_COLOR for c in self.yb]


def palette(name: str, k: int) -> tuple[str, ...]:
    """`k` colours sampled evenly from a matplotlib colormap, light to dark."""
    cmap = colormaps[name]
    return tuple(to_hex(cmap(x)) for x in np.linspace(0.12, 0.92, k))


def classify(
    values: pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: tuple[float, ...] | None = None,
) -> Classes:
    """Classes for `values` by a mapclassify scheme; NaN values stay unclassified.

    `lq_diverging` uses fixed breaks around 1 (below 1: blues; above: reds), so maps of
    different categories share one legend; `stars` has one class per star count (0–3).
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; choose one of {', '.join(SCHEMES)}")
    y = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    present = ~np.isnan(y)
    yb = np.full(len(y), -1)
    if not present.any():
        return Classes(bins=(), colors=(), yb=yb, lower=0.0)
    data = y[present]
    if scheme == "stars":
        classifier = mapclassify.UserDefined(data, bins=[0, 1, 2, 3])
        colors = ("#f4f4f4", "#bcbddc", "#807dba", "#4a1486")
    elif scheme == "lq_diverging":
        top = max(float(data.max()), LQ_BREAKS[-1] * 1.5)
        classifier = mapclassify.UserDefined(data, bins=[*LQ_BREAKS, top])
        colors = (*palette("Blues_r", 3)[:2], "#f7f7f7", *palette("Reds", 3))
    else:
        unique = len(np.unique(data))
        k = max(1, min(k, unique))
        if scheme == "user_defined":
            if not breaks:
                raise ValueError("user-defined classification needs at least one break")
            classifier = mapclassify.UserDefined(data, bins=sorted(breaks))
        elif scheme == "natural_breaks":
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Numba not installed")
                classifier = mapclassify.FisherJenks(data, k=k) if unique > k else _distinct(data)
        elif scheme == "equal_interval":
            classifier = mapclassify.EqualInterval(data, k=k)
        else:
            classifier = mapclassify.Quantiles(data, k=k)
        colors = palette("YlOrRd", len(classifier.bins))
    yb[present] = classifier.yb
    return Classes(
        bins=tuple(float(b) for b in classifier.bins),
        colors=tuple(colors[: len(classifier.bins)]),
        yb=yb,
        lower=float(min(data.min(), 0.0)),
    )


def _distinct(data: np.ndarray) -> mapclassify.UserDefined:
    """One class per distinct value, for data with fewer values than classes."""
    return mapclassify.UserDefined(data, bins=np.unique(data).tolist())


def map_classes(
    regions: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    metric: str,
    scheme: str = "lq_diverging",
    k: int = 5,
    breaks: tuple[float, ...] | None = None,
) -> Classes:
    """The classes `cluster_map` draws for these arguments (same scheme fallbacks, share in %)."""
    table = regions.merge(values, on="region", how="left")
    shown = table[metric] * 100 if metric == "share_of_region" else table[metric]
    if metric == "stars":
        scheme = "stars"
    elif scheme in ("lq_diverging", "stars") and metric != "lq":
        scheme = "quantiles"
    return classify(shown, scheme, k=k, breaks=breaks)
