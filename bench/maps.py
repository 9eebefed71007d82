"""HTML size and build time of our offline export against a naive folium.Choropleth.

    python bench/maps.py

For the 56 demo states and the 3,231 us-atlas counties (random LQs), it builds both maps in the
same run: ours (`for_web` coverage simplification + `cluster_map` + `map_html`, Leaflet inlined)
and a plain `folium.Choropleth` of the unsimplified geometry (Leaflet from a CDN), and prints
size (MB), build time (s), peak traced memory (MB, a second build under tracemalloc) and the
ratios ours / naive. Our HTML carries Leaflet inline (~0.2 MB); the naive one links a CDN.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from geo.boundaries import demo_regions  # noqa: E402
from geo.web import for_web  # noqa: E402
from layers.cluster_map import cluster_map  # noqa: E402
from layers.export import map_html  # noqa: E402

COUNTIES = ROOT / "data" / "us-atlas" / "counties-10m.json"


def random_values(regions: gpd.GeoDataFrame, seed: int = 1) -> pd.DataFrame:
    """Employment, share and a lognormal LQ for every region."""
    rng = np.random.default_rng(seed)
    n = len(regions)
    return pd.DataFrame(
        {
            "region": regions["region"].to_numpy(),
            "employment": rng.integers(100, 50_000, n).astype(float),
            "share_of_region": rng.uniform(0, 0.2, n),
            "lq": rng.lognormal(0, 0.6, n),
        }
    )


def ours(regions: gpd.GeoDataFrame, values: pd.DataFrame) -> str:
    return map_html(cluster_map(for_web(regions), values, metric="lq"))


def naive(regions: gpd.GeoDataFrame, values: pd.DataFrame) -> str:
    m = folium.Map(tiles=None)
    folium.Choropleth(
        geo_data=regions,
        data=values,
        columns=["region", "lq"],
        key_on="feature.properties.region",
        fill_color="RdBu_r",
        bins=6,
    ).add_to(m)
    minx, miny, maxx, maxy = regions.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m.get_root().render()


def measure(build: Callable[[], str]) -> tuple[float, float, float]:
    """(HTML MB, seconds, peak traced MB) of one build; timed without tracemalloc's overhead."""
    start = time.perf_counter()
    html = build()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(html.encode("utf-8")) / 1e6, seconds, peak / 1e6


def main() -> None:
    counties = gpd.read_file(COUNTIES, layer="counties").set_crs("EPSG:4326")
    cases = {
        "states (56)": demo_regions(),
        "counties (3,231)": counties.rename(columns={"id": "region"}),
    }
    ours(cases["states (56)"], random_values(cases["states (56)"]))  # warm imports and caches
    print(f"{'map':<18}{'build':<7}{'HTML MB':>9}{'seconds':>9}{'peak MB':>9}")
    for label, regions in cases.items():
        values = random_values(regions)
        results = {
            "ours": measure(lambda r=regions, v=values: ours(r, v)),
            "naive": measure(lambda r=regions, v=values: naive(r, v)),
        }
        for build, (size, seconds, peak) in results.items():
            print(f"{label:<18}{build:<7}{size:>9.2f}{seconds:>9.2f}{peak:>9.0f}")
        (s1, t1, m1), (s0, t0, m0) = results["ours"], results["naive"]
        print(
            f"{label:<18}{'ratio':<7}{s1 / s0:>9.2f}{t1 / t0:>9.2f}{m1 / m0:>9.2f}   (ours / naive)"
        )


if __name__ == "__main__":
    main()
