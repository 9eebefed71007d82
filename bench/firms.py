"""Aggregating 1 million generated firms to the 3,231 us-atlas counties: seconds and peak memory.

    python bench/firms.py [--firms 1000000]

The peer is a plain `geopandas.sjoin` of all points at once, run in the same process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.firms import aggregate_firms  # noqa: E402
from geo.readers import read_boundaries  # noqa: E402

COUNTIES = Path(__file__).resolve().parent.parent / "data" / "us-atlas" / "counties-10m.json"


def generated_firms(regions: gpd.GeoDataFrame, n: int, seed: int = 1) -> pd.DataFrame:
    """`n` firms: 95 % at random points inside random counties' bounding boxes, 5 % at sea."""
    rng = np.random.default_rng(seed)
    bounds = regions.geometry.bounds.to_numpy()
    pick = rng.integers(0, len(bounds), n)
    lo, hi = bounds[pick, :2], bounds[pick, 2:]
    xy = lo + rng.random((n, 2)) * (hi - lo)
    sea = rng.random(n) < 0.05
    xy[sea] = np.column_stack([rng.uniform(-160, -130, sea.sum()), rng.uniform(0, 20, sea.sum())])
    return pd.DataFrame(
        {
            "activity_code_main": rng.choice(
                [f"{d:02d}.{s}" for d in range(1, 100) for s in range(3)], n
            ),
            "employees_count": rng.integers(1, 250, n),
            "lat": xy[:, 1].round(6),
            "lon": xy[:, 0].round(6),
            "region_code": rng.integers(1, 90, n),
        }
    )


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--firms", type=int, default=1_000_000)
    n = options.parse_args().firms
    counties, _ = read_boundaries(COUNTIES, layer="counties")
    firms = generated_firms(counties, n)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        path = Path(folder) / "firms.csv"
        firms.to_csv(path, index=False)
        del firms
        print(f"{n:,} firms, {len(counties):,} counties, CSV {path.stat().st_size / 1e6:.0f} MB")
        base = peak_rss_mib()
        start = time.perf_counter()
        table, report = aggregate_firms(path, counties)
        ours = time.perf_counter() - start
        print(
            f"aggregate_firms: {ours:.1f} s, peak RSS {peak_rss_mib():.0f} MiB "
            f"(before: {base:.0f} MiB); {len(table):,} county × activity rows, "
            f"{report.firms:,} firms inside, {report.outside:,} outside"
        )
        start = time.perf_counter()
        frame = pd.read_csv(path)
        points = gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=counties.crs
        )
        joined = gpd.sjoin(points, counties, predicate="within")
        peer_table = joined.groupby(["region", "activity_code_main"])["employees_count"].sum()
        peer = time.perf_counter() - start
        print(
            f"peer (read whole CSV + geopandas.sjoin): {peer:.1f} s, peak RSS "
            f"{peak_rss_mib():.0f} MiB; {len(peer_table):,} rows"
        )
        print(f"ratio ours / peer: {ours / peer:.2f}")
        same = table.set_index(["region", "activity"])["employment"].sort_index()
        print("same totals as peer:", bool(np.isclose(same.sum(), peer_table.sum())))


if __name__ == "__main__":
    main()
