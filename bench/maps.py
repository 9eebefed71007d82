"""HTML size and build time of our offline export against a naive folium.Choropleth.

    python bench/maps.py
    python bench/maps.py --regions 60000      # generated municipalities, drawn in Chromium

For the 56 demo states and the 3,231 us-atlas counties (random LQs), it builds both maps in the
same run: ours (`for_web` coverage simplification + `cluster_map` + `map_html`, Leaflet inlined)
and a plain `folium.Choropleth` of the unsimplified geometry (Leaflet from a CDN), and prints
size (MB), build time (s), peak traced memory (MB, a second build under tracemalloc) and the
ratios ours / naive. Our HTML carries Leaflet inline (~0.2 MB); the naive one links a CDN.
"""

from __future__ import annotations

import sys
import tempfile
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
import shapely  # noqa: E402

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


def generated_regions(n: int, seed: int = 2) -> gpd.GeoDataFrame:
    """`n` Voronoi cells over the lower 48's extent: a municipal-level coverage."""
    rng = np.random.default_rng(seed)
    points = shapely.points(rng.uniform(-124, -67, n), rng.uniform(25, 49, n))
    frame = shapely.box(-124, 25, -67, 49)
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame)
    cells = shapely.get_parts(cells)
    cells = shapely.intersection(cells, frame)
    return gpd.GeoDataFrame(
        {
            "region": [f"M{i:06d}" for i in range(len(cells))],
            "name": [f"Municipality {i:,}" for i in range(len(cells))],
        },
        geometry=cells,
        crs="EPSG:4326",
    )


def drawn_in_chromium(html: str) -> tuple[int, float]:
    """Vector paths Leaflet drew in headless Chromium from the file, and seconds until then."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        path = Path(folder) / "map.html"
        path.write_text(html, encoding="utf-8")
        with sync_playwright() as play:
            browser = play.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri(), timeout=600_000)
            page.wait_for_function(
                "document.querySelectorAll('path.leaflet-interactive').length > 0",
                timeout=600_000,
            )
            seconds = time.perf_counter() - start
            count = page.locator("path.leaflet-interactive").count()
            browser.close()
    return count, seconds


def large(n: int) -> None:
    start = time.perf_counter()
    regions = generated_regions(n)
    print(f"{len(regions):,} generated regions in {time.perf_counter() - start:.1f} s")
    values = random_values(regions)
    start = time.perf_counter()
    html = ours(regions, values)
    seconds = time.perf_counter() - start
    print(f"ours: HTML {len(html.encode('utf-8')) / 1e6:.1f} MB, built in {seconds:.1f} s")
    count, drawn = drawn_in_chromium(html)
    print(f"headless Chromium: {count:,} paths drawn, {drawn:.1f} s from opening the file")


def main() -> None:
    if "--regions" in sys.argv:
        large(int(sys.argv[sys.argv.index("--regions") + 1]))
        return
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
