"""Moran's I and Gi* against esda run directly and against hand computations on small grids."""

from __future__ import annotations

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from libpysal.weights import fill_diagonal, lat2W

from geo.adjacency import neighbour_pairs
from geo.hotspots import SEED, getis_ord, global_moran, local_moran


def lattice(rows: int, cols: int) -> gpd.GeoDataFrame:
    """Unit squares numbered row by row like libpysal's lat2W: id = row·cols + col."""
    shapes = [shapely.box(c, r, c + 1, r + 1) for r in range(rows) for c in range(cols)]
    return gpd.GeoDataFrame({"region": [str(i) for i in range(rows * cols)]}, geometry=shapes)


def one_category(values: np.ndarray, cluster: str = "x") -> pd.DataFrame:
    return pd.DataFrame(
        {"region": [str(i) for i in range(len(values))], "cluster": cluster, "lq": values}
    )


def test_local_moran_equals_esda_on_the_same_weights_and_seed():
    values = np.random.default_rng(7).gamma(2.0, 0.5, size=16)
    weights = neighbour_pairs(lattice(4, 4), contiguity="rook").graph()
    ours = local_moran(one_category(values), weights, permutations=199, seed=11, alpha=0.1)

    w = lat2W(4, 4, rook=True)  # built independently of our adjacency
    w.transform = "r"
    direct = esda.Moran_Local(values, w, permutations=199, seed=11)
    assert len(ours) == 16
    assert np.allclose(ours["local_i"], direct.Is)
    assert np.allclose(ours["p_value"], direct.p_sim)
    expected = np.where(
        direct.p_sim <= 0.1, pd.Series(direct.q).map({1: "HH", 2: "LH", 3: "LL", 4: "HL"}), "ns"
    )
    assert ours["quadrant"].tolist() == expected.tolist()


def test_local_moran_is_reproducible_with_the_default_seed():
    values = np.random.default_rng(3).normal(size=16)
    weights = neighbour_pairs(lattice(4, 4)).graph()
    first = local_moran(one_category(values), weights)
    again = local_moran(one_category(values), weights, seed=SEED)
    assert first.equals(again)


def test_global_moran_of_a_column_gradient_by_hand():
    # 3×3 rook grid, value = column (1, 2, 3): z = -1, 0, +1 by column, Σz² = 6.
    # Row-standardised lag of the left column: corners (-1+0)/2 = -0.5, middle (-1-1+0)/3 = -2/3;
    # Σ z·lag = 2·(2·0.5 + 2/3) = 10/3 (right column mirrors the left, middle column z = 0);
    # I = (n/S0)·Σ z·lag / Σz² = (9/9)·(10/3)/6 = 5/9; E[I] = -1/(n-1) = -1/8.
    values = np.tile([1.0, 2.0, 3.0], 3)
    weights = neighbour_pairs(lattice(3, 3), contiguity="rook").graph()
    moran = global_moran(one_category(values), weights)
    assert moran.loc[0, "moran_i"] == pytest.approx(5 / 9)
    assert moran.loc[0, "expected_i"] == pytest.approx(-1 / 8)
    assert moran.loc[0, "regions"] == 9
    assert moran.loc[0, "p_value"] < 0.01


def test_missing_values_are_left_out_and_weights_restandardised():
    # strip 0-1-2-3-4 with 3 missing: 4 loses its only neighbour and drops out; 0-1-2 remain
    strip = lattice(1, 5)
    weights = neighbour_pairs(strip, contiguity="rook", fallback="none").graph()
    values = np.array([1.0, 2.0, 4.0, np.nan, 8.0])
    local = local_moran(one_category(values), weights, permutations=99)
    assert local["region"].tolist() == ["0", "1", "2"]
    # 0-1-2 with values 1, 2, 4: mean 7/3, z = -4/3, -1/3, 5/3, Σz² = 42/9;
    # esda: I_i = (n-1)·z_i·lag_i/Σz²; lag_0 = z_1, so I_0 = 2·(-4/3)(-1/3)/(42/9) = 8/42 = 4/21
    assert local.loc[0, "local_i"] == pytest.approx(4 / 21)


def test_getis_ord_equals_esda_with_self_weights():
    values = np.random.default_rng(5).gamma(2.0, 0.5, size=16)
    weights = neighbour_pairs(lattice(4, 4)).graph()
    ours = getis_ord(one_category(values), weights, permutations=99, seed=3)
    w = fill_diagonal(lat2W(4, 4, rook=False), 1.0)  # Gi*: each region counts in its own sum
    direct = esda.G_Local(values, w, star=True, transform="R", permutations=99, seed=3, n_jobs=1)
    assert np.allclose(ours["gi_z"], direct.Zs)
    assert np.allclose(ours["p_value"], direct.p_sim)
    assert set(ours["spot"]) <= {"hot", "cold", "ns"}


def test_demo_states_construction_is_clustered():
    from econ.dataset import demo_dataset
    from econ.stars import region_cluster
    from geo.boundaries import demo_regions

    data = demo_dataset()
    table = region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
    table = table[table["cluster"] == "Construction and Extraction Occupations"]
    weights = neighbour_pairs(demo_regions()).graph()
    moran = global_moran(table, weights)
    # 53 states with data and a neighbour with data (Guam's only link, N. Mariana Is., has none)
    assert moran.loc[0, "regions"] == 53
    assert moran.loc[0, "moran_i"] == pytest.approx(0.431, abs=1e-3)
    hot = local_moran(table, weights)
    assert hot.set_index("region").loc["49", "quadrant"] == "HH"  # Utah among the Mountain West
