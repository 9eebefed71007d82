"""How long the Cluster map page takes to redraw after a category or metric switch.

    python bench/ui.py [--switches 5]

Drives the real app headless with Streamlit's AppTest, on the bundled demo (56 states × 829
occupations) and on the 3,231 us-atlas counties with generated employment (40 activities in
8 categories). For each switch it times one script run: everything the server does for the
redraw (cached metrics looked up, map built, page sent), not the browser's drawing of the paths.
Targets from issue 7: under 1 s on the demo, under 3 s on 3,000 regions. The peer is a run of
the same page with nothing changed, so the ratio shows what a switch adds to a plain rerun.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from econ.dataset import Dataset  # noqa: E402
from geo.web import for_web  # noqa: E402
from pages.common import Atlas  # noqa: E402

APP = str(ROOT / "app.py")
COUNTIES = ROOT / "data" / "us-atlas" / "counties-10m.json"
METRICS = ["employment", "stars", "share", "lq"]


def county_atlas(seed: int = 0) -> Atlas:
    """3,231 counties with generated employment in 40 activities grouped in 8 categories."""
    counties = gpd.read_file(COUNTIES, layer="counties").set_crs("EPSG:4326")
    regions = for_web(counties.rename(columns={"id": "region"})[["region", "name", "geometry"]])
    rng = np.random.default_rng(seed)
    activities = pd.DataFrame({"activity": [f"A{i:02d}" for i in range(40)]})
    activities["cluster"] = [f"Category {i // 5 + 1}" for i in range(40)]
    grid = pd.MultiIndex.from_product(
        [regions["region"], activities["activity"]], names=["region", "activity"]
    ).to_frame(index=False)
    grid["employment"] = np.round(rng.lognormal(5, 1.5, len(grid)))
    data = Dataset(employment=grid, activities=activities, meta={"title": "Generated counties"})
    return Atlas(regions=regions, data=data, key="bench-counties")


def timed_run(at: AppTest) -> float:
    began = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - began
    if at.exception:
        raise SystemExit(at.exception[0].message)
    return seconds


def measure(label: str, atlas: Atlas | None, switches: int) -> None:
    """Print first load, category switches, metric switches and the unchanged rerun."""
    at = AppTest.from_file(APP, default_timeout=300)
    if atlas is not None:
        at.session_state["atlas"] = atlas
    first = timed_run(at)
    box = at.selectbox(key="category.en")
    categories = [c for c in box.options if c != box.value][:switches]
    category_times = []
    for name in categories:
        at.selectbox(key="category.en").select(name)
        category_times.append(timed_run(at))
    metric_times = []
    for metric in METRICS:
        at.selectbox(key="metric.en").set_value(metric)
        metric_times.append(timed_run(at))
    rerun = statistics.median(timed_run(at) for _ in range(3))
    print(f"{label}: first load {first:.2f} s (metrics computed and cached)")
    for name, times in (("category switch", category_times), ("metric switch", metric_times)):
        median, worst = statistics.median(times), max(times)
        print(
            f"  {name:<16} median {median:5.2f} s  worst {worst:5.2f} s"
            f"  ({len(times)} runs; {median / rerun:.1f}× an unchanged rerun)"
        )
    print(f"  {'unchanged rerun':<16} median {rerun:5.2f} s  (peer)")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--switches", type=int, default=5)
    args = options.parse_args()
    measure("demo, 56 states", None, args.switches)
    measure("3,231 counties", county_atlas(), args.switches)


if __name__ == "__main__":
    main()
