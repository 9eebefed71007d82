"""Spatial hot spots of specialisation: global and local Moran's I, Getis-Ord Gi*.

Each statistic runs per cluster category on the regions with a known value (missing LQs are left
out, never read as zero) and with at least one neighbour among them. Permutation inference is
seeded, so the same data give the same map.
"""

from __future__ import annotations

import warnings

import esda
import numpy as np
import pandas as pd
from libpysal.graph import Graph

QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
NOT_SIGNIFICANT = "ns"
HOTSPOT_COLUMNS = ["region", "cluster", "local_i", "p_value", "quadrant"]
MORAN_COLUMNS = ["cluster", "regions", "moran_i", "expected_i", "z_score", "p_value"]
GI_COLUMNS = ["region", "cluster", "gi_z", "p_value", "spot"]
SEED = 20250501


def category_weights(
    values: pd.Series, weights: Graph
) -> tuple[np.ndarray, Graph] | tuple[None, None]:
    """The known values (indexed by region) aligned with row-standardised weights over the
    regions that have a value and at least one neighbour with a value; (None, None) if < 3."""
    known = values.dropna()
    known = known[known.index.isin(weights.unique_ids)]
    graph = weights.subgraph(known.index)
    linked = graph.unique_ids.difference(graph.isolates)
    if len(linked) < 3:
        return None, None
    graph = graph.subgraph(linked).transform("r")
    return known.reindex(graph.unique_ids).to_numpy(dtype=float), graph


def quietly(statistic, *args, **kwargs):
    """Run an esda statistic without its notice, on every call, that its default alternative
    hypothesis will change; the atlas reports esda's current pseudo p-values (see local_moran)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The alternative hypothesis", DeprecationWarning)
        warnings.filterwarnings("ignore", "`row_stack` alias", DeprecationWarning)
        return statistic(*args, **kwargs)


def local_moran(
    table: pd.DataFrame,
    weights: Graph,
    *,
    column: str = "lq",
    alpha: float = 0.05,
    permutations: int = 999,
    seed: int = SEED,
) -> pd.DataFrame:
    """Local Moran's I (Anselin 1995) of `column` per category, with its quadrant.

    `quadrant` is HH, LL (clusters of high or low values), HL, LH (outliers) where esda's
    pseudo p-value from conditional permutations (one-sided, in the direction observed) is at most
    `alpha`, else "ns". Returns `region, cluster, local_i, p_value,
    quadrant`; regions left out of a category's statistic are not listed for it.
    """
    frames = []
    for cluster, cells in table.groupby("cluster", sort=True):
        y, graph = category_weights(cells.set_index("region")[column], weights)
        if graph is None:
            continue
        lisa = quietly(
            esda.Moran_Local, y, graph, permutations=permutations, seed=seed, keep_simulations=False
        )
        quadrant = pd.Series(lisa.q).map(QUADRANTS).to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "region": graph.unique_ids.astype(str),
                    "cluster": cluster,
                    "local_i": lisa.Is,
                    "p_value": lisa.p_sim,
                    "quadrant": np.where(lisa.p_sim <= alpha, quadrant, NOT_SIGNIFICANT),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=HOTSPOT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[HOTSPOT_COLUMNS]


def global_moran(table: pd.DataFrame, weights: Graph, *, column: str = "lq") -> pd.DataFrame:
    """Global Moran's I (Moran 1950) of `column` per category with its analytical inference
    under randomisation (two-sided p-value, deterministic). Returns `MORAN_COLUMNS`."""
    rows = []
    for cluster, cells in table.groupby("cluster", sort=True):
        y, graph = category_weights(cells.set_index("region")[column], weights)
        if graph is None:
            continue
        moran = esda.Moran(y, graph, permutations=0)
        rows.append((cluster, len(y), moran.I, moran.EI, moran.z_rand, moran.p_rand))
    return pd.DataFrame(rows, columns=MORAN_COLUMNS)


def getis_ord(
    table: pd.DataFrame,
    weights: Graph,
    *,
    column: str = "lq",
    alpha: float = 0.05,
    permutations: int = 999,
    seed: int = SEED,
) -> pd.DataFrame:
    """Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995): `hot` or `cold` where the
    neighbourhood including the region itself is significantly high or low, else "ns"."""
    frames = []
    for cluster, cells in table.groupby("cluster", sort=True):
        y, graph = category_weights(cells.set_index("region")[column], weights)
        if graph is None:
            continue
        binary = graph.transform("b").assign_self_weight(1.0)
        gi = quietly(
            esda.G_Local,
            y,
            binary,
            star=True,
            permutations=permutations,
            seed=seed,
            n_jobs=1,
            keep_simulations=False,
        )
        spot = np.where(gi.Zs > 0, "hot", "cold")
        frames.append(
            pd.DataFrame(
                {
                    "region": graph.unique_ids.astype(str),
                    "cluster": cluster,
                    "gi_z": gi.Zs,
                    "p_value": gi.p_sim,
                    "spot": np.where(gi.p_sim <= alpha, spot, NOT_SIGNIFICANT),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=GI_COLUMNS)
    return pd.concat(frames, ignore_index=True)[GI_COLUMNS]
