"""Equal-area projections fitted to a set of regions, for print maps of large countries.

Web Mercator stretches the north: Russia's Arctic coast prints twice as wide as it is. A print map
uses Albers equal-area conic fitted to where the regions' area lies: the latitude span holding
the middle 90 % of the area (regions weighted by their area), standard parallels at its 1/6 and
5/6 points (Snyder 1987, "Map Projections — A Working Manual", p. 99), central meridian at the
area-weighted median longitude. Russia gets about 53° and 64° N and 95° E; Chukotka, whose
longitudes run past 180°, stays in one piece.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS


def _weighted_quantiles(values: np.ndarray, weights: np.ndarray, q: list[float]) -> np.ndarray:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return np.interp(q, cumulative, values[order])


def fitted_albers(regions: gpd.GeoDataFrame) -> CRS:
    """Albers equal-area conic fitted to `regions` (EPSG:4326; longitudes may run past 180°)."""
    geoms = regions.geometry.values
    geoms = geoms[shapely.is_geometry(geoms) & ~shapely.is_empty(geoms)]
    points = shapely.point_on_surface(geoms)
    x, y = shapely.get_x(points), shapely.get_y(points)
    area = shapely.area(geoms) * np.cos(np.radians(y)) + 1e-12
    south, north = _weighted_quantiles(y, area, [0.05, 0.95])
    span = max(north - south, 1.0)
    lat_1, lat_2 = south + span / 6, north - span / 6
    lon_0 = (_weighted_quantiles(x, area, [0.5])[0] + 180) % 360 - 180
    return CRS.from_proj4(
        f"+proj=aea +lat_1={lat_1:.1f} +lat_2={lat_2:.1f} +lat_0={(south + north) / 2:.1f} "
        f"+lon_0={lon_0:.1f} +datum=WGS84 +units=m +no_defs"
    )


def equal_area(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """`regions` in the Albers projection fitted to them (as they are when none has a shape)."""
    drawn = ~(regions.geometry.isna() | regions.geometry.is_empty)
    return regions.to_crs(fitted_albers(regions)) if drawn.any() else regions
