"""Geometry ready for a web map: WGS 84, unwrapped at the antimeridian, simplified as a coverage."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.boundaries import WEB_CRS

DETAIL = 2500  # vertices' spacing: the larger side of the extent divided by this
DECIMALS = 4  # about 10 m at the equator: finer than any screen shows at region scale


def unwrap_antimeridian(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Shift polygon parts by ±360° so that regions across the antimeridian draw in one piece.

    Chukotka or the Aleutians come split at ±180°, and a Leaflet map then spans the whole world.
    Of three layouts (as given, eastern parts moved west, western parts moved east), the one
    with the narrowest longitude span wins; ties keep more parts where they were.
    """
    parts = regions.geometry.explode(index_parts=True)
    bounds = parts.bounds
    x = ((bounds["minx"] + bounds["maxx"]) / 2).to_numpy()
    layouts = {
        0.0: np.zeros(len(parts), dtype=bool),
        -360.0: x > 0,
        360.0: x < 0,
    }

    def span(shift: float, moved: np.ndarray) -> tuple[float, int]:
        lo = np.nanmin(np.where(moved, bounds["minx"] + shift, bounds["minx"]))
        hi = np.nanmax(np.where(moved, bounds["maxx"] + shift, bounds["maxx"]))
        return (round(hi - lo, 6), int(moved.sum()))

    shift, moved = min(layouts.items(), key=lambda item: span(*item))
    if not moved.any():
        return regions
    owners = parts.index.get_level_values(0)
    touched = owners.isin(owners[moved])
    shifted = parts[touched].copy()
    shifted[moved[touched]] = shapely.transform(parts[moved].values, lambda c: c + [shift, 0.0])
    whole = shifted.groupby(level=0).agg(lambda g: shapely.union_all(g.values))
    out = regions.copy()
    out.loc[whole.index, out.geometry.name] = whole.values
    return out


def simplify_coverage(regions: gpd.GeoDataFrame, detail: int = DETAIL) -> gpd.GeoDataFrame:
    """Simplify all regions together so that shared borders stay shared (no slivers, no gaps).

    The tolerance follows the extent, so 3,000 counties and 50 states both stay light.
    """
    minx, miny, maxx, maxy = regions.total_bounds
    tolerance = max(maxx - minx, maxy - miny) / detail
    geoms = shapely.make_valid(regions.geometry.values, method="structure", keep_collapsed=False)
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6)) & ~shapely.is_empty(geoms)
    simple = geoms.copy()
    simple[polygonal] = shapely.coverage_simplify(geoms[polygonal], tolerance)
    rounded = shapely.transform(simple, lambda c: np.round(c, DECIMALS))
    out = regions.copy()
    out.geometry = gpd.GeoSeries(
        shapely.make_valid(rounded, method="structure", keep_collapsed=False),
        index=regions.index,
        crs=regions.crs,
    )
    return out


def for_web(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326, unwrap at the antimeridian and simplify for drawing."""
    return simplify_coverage(unwrap_antimeridian(regions.to_crs(WEB_CRS)))


FENCE = 1.5  # Tukey's fences: beyond the quartiles by this many interquartile ranges
OUTLIER_AREA = 0.25  # the outliers left out may hold at most this share of the total area


def outlying(regions: gpd.GeoDataFrame) -> np.ndarray:
    """True for the far-flung regions a map should not open on (overseas territories, remote
    islands): representative point outside Tukey's fences on either axis, and together under
    `OUTLIER_AREA` of the area. The United States loses its territories, Alaska and Hawaii to
    insets or a zoom-out; Russia, whose far east is a large share of its area, keeps it all."""
    geoms = regions.geometry.values
    drawn = shapely.is_geometry(geoms) & ~shapely.is_empty(geoms)
    flags = np.zeros(len(regions), dtype=bool)
    if drawn.sum() < 5:
        return flags
    points = shapely.point_on_surface(geoms[drawn])
    xy = np.column_stack([shapely.get_x(points), shapely.get_y(points)])
    low, high = np.percentile(xy, [25, 75], axis=0)
    reach = FENCE * (high - low)
    inside = ((xy >= low - reach) & (xy <= high + reach)).all(axis=1)
    area = shapely.area(geoms[drawn]) * np.cos(np.radians(xy[:, 1]))
    if area[~inside].sum() < OUTLIER_AREA * area.sum():
        flags[np.flatnonzero(drawn)[~inside]] = True
    return flags


def view_bounds(regions: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The extent a map opens on: every region but the `outlying` ones (zooming out shows them)."""
    far = outlying(regions)
    kept = regions.geometry.values[~far] if far.any() else regions.geometry.values
    return tuple(float(v) for v in shapely.total_bounds(kept))
