"""Which regions are neighbours: queen or rook contiguity, with a stated fallback for islands.

Contiguity comes from libpysal's `Graph.build_contiguity` on shared boundary coordinates, which
is exact for a topologically clean coverage (TopoJSON-derived or coverage-simplified boundaries:
neighbours share the very same vertices). Regions that touch no other region (Hawaii, Puerto
Rico, Kaliningrad, Sakhalin) get their nearest regions instead, by great-circle distance between
representative points, and are listed so the interface can say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from libpysal.graph import Graph
from sklearn.metrics.pairwise import haversine_distances

from econ.errors import InputError
from geo.boundaries import WEB_CRS

CONTIGUITY = ("queen", "rook")
FALLBACKS = ("knn", "distance", "none")
EARTH_RADIUS_KM = 6371.0088
PAIR_COLUMNS = ["region_a", "region_b", "kind"]


@dataclass(frozen=True)
class Adjacency:
    """Neighbour pairs of a set of regions and how islands were joined.

    `pairs` holds each unordered pair once (`region_a < region_b`) with its `kind`: the
    contiguity rule, or the fallback (`knn`, `distance`) that joined an island. `islands` are
    the regions without a contiguous neighbour; `isolated` those still without any neighbour.
    """

    regions: tuple[str, ...]
    pairs: pd.DataFrame
    contiguity: str
    fallback: str
    islands: tuple[str, ...]
    isolated: tuple[str, ...]

    def neighbours(self, region: str) -> list[str]:
        """The neighbours of `region`, sorted."""
        a, b = self.pairs["region_a"], self.pairs["region_b"]
        return sorted([*b[a == region], *a[b == region]])

    def graph(self) -> Graph:
        """Row-standardised symmetric spatial weights (libpysal Graph) over all regions."""
        return spatial_weights(self.pairs, self.regions)


def representative_points(regions: gpd.GeoDataFrame, id_column: str = "region") -> pd.DataFrame:
    """`region, lon, lat`: a point guaranteed inside each region, in WGS 84 (EPSG:4326).

    A CRS-less frame is taken to be in WGS 84 already, as the atlas keeps its regions.
    """
    frame = regions if regions.crs is None else regions.to_crs(WEB_CRS)
    points = shapely.point_on_surface(frame.geometry.values)
    return pd.DataFrame(
        {
            "region": frame[id_column].astype(str).to_numpy(),
            "lon": shapely.get_x(points),
            "lat": shapely.get_y(points),
        }
    )


def great_circle_km(origin: pd.DataFrame, target: pd.DataFrame) -> np.ndarray:
    """Distances in km between every `lon, lat` row of `origin` and every row of `target`."""

    def radians(points: pd.DataFrame) -> np.ndarray:
        return np.radians(points[["lat", "lon"]].to_numpy(dtype=float))

    return haversine_distances(radians(origin), radians(target)) * EARTH_RADIUS_KM


def contiguous_pairs(
    regions: gpd.GeoDataFrame,
    *,
    contiguity: str = "queen",
    id_column: str = "region",
    snap: float = 0.0,
) -> pd.DataFrame:
    """`region_a, region_b, kind` for regions sharing a boundary point (queen) or edge (rook).

    `snap` (in the CRS's units) rounds every vertex to that grid first, for boundaries whose
    shared borders were digitised separately and do not share exact coordinates.
    """
    if contiguity not in CONTIGUITY:
        raise ValueError(f"contiguity must be one of {CONTIGUITY}, not {contiguity!r}")
    geometry = shapely.make_valid(regions.geometry.values, method="structure", keep_collapsed=False)
    if snap > 0:
        geometry = shapely.set_precision(geometry, snap)
    ids = regions[id_column].astype(str).to_numpy()
    shapes = gpd.GeoSeries(geometry, index=pd.Index(ids, name="region"), crs=regions.crs)
    graph = Graph.build_contiguity(shapes, rook=contiguity == "rook", strict=False)
    return _unordered(graph.adjacency, contiguity)


def neighbour_pairs(
    regions: gpd.GeoDataFrame,
    *,
    contiguity: str = "queen",
    fallback: str = "knn",
    k: int = 1,
    band_km: float | None = None,
    id_column: str = "region",
    snap: float = 0.0,
) -> Adjacency:
    """Contiguity neighbours, and for islands the `k` nearest regions or all within `band_km`.

    `fallback="distance"` joins an island to every region whose representative point lies within
    `band_km` of its own (and to its nearest one when none does); `"none"` leaves islands alone.
    """
    if fallback not in FALLBACKS:
        raise ValueError(f"fallback must be one of {FALLBACKS}, not {fallback!r}")
    if fallback == "distance" and not band_km:
        raise InputError("error.adjacency.band")
    ids = regions[id_column].astype(str)
    duplicated = ids[ids.duplicated()].unique()
    if len(duplicated):
        raise InputError(
            "error.adjacency.repeated_ids",
            params={"ids": ", ".join(duplicated[:5])},
            column=id_column,
        )
    pairs = contiguous_pairs(regions, contiguity=contiguity, id_column=id_column, snap=snap)
    linked = set(pairs["region_a"]) | set(pairs["region_b"])
    islands = tuple(region for region in ids if region not in linked)
    if islands and fallback != "none" and len(ids) > 1:
        pairs = pd.concat(
            [pairs, _island_pairs(regions, islands, fallback, k, band_km, id_column)],
            ignore_index=True,
        ).drop_duplicates(["region_a", "region_b"], ignore_index=True)
    linked = set(pairs["region_a"]) | set(pairs["region_b"])
    return Adjacency(
        regions=tuple(ids),
        pairs=pairs.sort_values(["region_a", "region_b"], ignore_index=True),
        contiguity=contiguity,
        fallback=fallback,
        islands=islands,
        isolated=tuple(region for region in ids if region not in linked),
    )


def spatial_weights(pairs: pd.DataFrame, regions: tuple[str, ...] | list[str]) -> Graph:
    """Symmetric binary weights from neighbour pairs, row-standardised; isolates kept."""
    a, b = pairs["region_a"].astype(str), pairs["region_b"].astype(str)
    linked = set(a) | set(b)
    isolates = [region for region in regions if region not in linked]
    focal = pd.concat([a, b, pd.Series(isolates, dtype=str)], ignore_index=True)
    neighbour = pd.concat([b, a, pd.Series(isolates, dtype=str)], ignore_index=True)
    weight = np.r_[np.ones(2 * len(pairs)), np.zeros(len(isolates))]
    order = pd.Series(pd.Categorical(focal, categories=list(regions)))
    sort = np.argsort(order.cat.codes.to_numpy(), kind="stable")
    graph = Graph.from_arrays(focal.to_numpy()[sort], neighbour.to_numpy()[sort], weight[sort])
    return graph.transform("r")


def _island_pairs(
    regions: gpd.GeoDataFrame,
    islands: tuple[str, ...],
    fallback: str,
    k: int,
    band_km: float | None,
    id_column: str,
) -> pd.DataFrame:
    """Pairs joining each island to its nearest regions (by representative point)."""
    points = representative_points(regions, id_column)
    island_points = points.set_index("region").loc[list(islands)].reset_index()
    distance = great_circle_km(island_points, points)
    distance[np.arange(len(islands)), pd.Index(points["region"]).get_indexer(islands)] = np.inf
    order = np.argsort(distance, axis=1, kind="stable")
    if fallback == "knn":
        chosen = np.zeros_like(distance, dtype=bool)
        np.put_along_axis(chosen, order[:, : max(k, 1)], True, axis=1)
    else:
        chosen = distance <= band_km
        chosen[np.arange(len(islands)), order[:, 0]] = True
    rows, columns = np.nonzero(chosen & np.isfinite(distance))
    joined = pd.MultiIndex.from_arrays(
        [island_points["region"].to_numpy()[rows], points["region"].to_numpy()[columns]]
    )
    return _unordered(pd.Series(1.0, index=joined), fallback)


def _unordered(adjacency: pd.Series, kind: str) -> pd.DataFrame:
    """Each pair of a (focal, neighbour) -> weight series once, as `region_a < region_b`."""
    links = adjacency[adjacency > 0].index.to_frame(index=False)
    first, second = links.iloc[:, 0].astype(str), links.iloc[:, 1].astype(str)
    keep = first != second
    a = np.where(first < second, first, second)[keep]
    b = np.where(first < second, second, first)[keep]
    pairs = pd.DataFrame({"region_a": a, "region_b": b, "kind": kind})
    return pairs.drop_duplicates(["region_a", "region_b"], ignore_index=True)
