"""Every concentration measure on 3,000 regions × 1,000 activities × 2 years of generated data.

    python bench/concentration.py [--regions 3000] [--activities 1000] [--seed 0] [--text-keys]

Prints seconds (best of three) and peak traced memory per measure, their total (target: under
2 s and 1 GiB on 2 cores), the process peak resident memory, and the ratio to a peer: one
pandas groupby-sum over the same table. Keys are categorical (as a reader with `dtype="category"`
gives them); `--text-keys` makes them plain Python strings, which every measure then has to hash.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from econ.concentration import location_quotients  # noqa: E402
from econ.growth import growth  # noqa: E402
from econ.indices import localisation, region_indices  # noqa: E402
from econ.quality import quality_report  # noqa: E402
from econ.stars import region_cluster, strong_clusters  # noqa: E402


def generated(regions: int, activities: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A tidy two-year table (log-normal employment, 1% suppressed) and 50 cluster categories."""
    rng = np.random.default_rng(seed)
    region_ids = [f"R{i:05d}" for i in range(regions)]
    activity_ids = [f"{j:06d}" for j in range(activities)]
    cells = regions * activities
    first = rng.lognormal(4, 1.5, cells).round()
    second = (first * rng.lognormal(0.02, 0.1, cells)).round()
    employment = np.concatenate([first, second])
    employment[rng.random(employment.size) < 0.01] = np.nan
    table = pd.DataFrame(
        {
            "region": pd.Categorical.from_codes(
                np.tile(np.repeat(np.arange(regions), activities), 2), region_ids
            ),
            "activity": pd.Categorical.from_codes(
                np.tile(np.arange(activities), 2 * regions), activity_ids
            ),
            "year": np.repeat(np.array([2023, 2024], dtype="int64"), cells),
            "employment": employment,
        }
    )
    clusters = pd.DataFrame(
        {"activity": activity_ids, "cluster": [f"C{j % 50:02d}" for j in range(activities)]}
    )
    return table, clusters


def measured(name: str, work: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Best of `repeat` timed runs (as timeit reports), then one run under tracemalloc; print
    and return seconds and peak MiB."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    seconds = min(times)
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{name:<34} {seconds:7.2f} s {peak:9.0f} MiB")
    return seconds, peak


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--regions", type=int, default=3000)
    options.add_argument("--activities", type=int, default=1000)
    options.add_argument("--seed", type=int, default=0)
    options.add_argument("--text-keys", action="store_true", help="keys as str, not category")
    args = options.parse_args()
    table, clusters = generated(args.regions, args.activities, args.seed)
    if args.text_keys:
        table = table.astype({"region": str, "activity": str})
    latest = table[table["year"] == 2024].drop(columns="year")
    shape = f"{args.regions:,} regions × {args.activities:,} activities × 2 years"
    print(f"{len(table):,} rows: {shape}")

    peer, _ = measured(
        "peer: groupby-sum by region",
        lambda: table.groupby(["region", "year"], observed=True)["employment"].sum(),
    )
    by_cluster = region_cluster(table, clusters)
    runs = {
        "location quotients (activity)": lambda: location_quotients(table),
        "region × cluster with stars": lambda: region_cluster(table, clusters),
        "strong clusters": lambda: strong_clusters(by_cluster),
        "region indices": lambda: region_indices(latest, clusters),
        "localisation (activity)": lambda: localisation(latest),
        "growth and shift-share": lambda: growth(table),
        "missing-data report": lambda: quality_report(table, clusters),
    }
    figures = [measured(name, work) for name, work in runs.items()]
    seconds = sum(s for s, _ in figures)
    peak = max(p for _, p in figures)
    print(f"{'every metric':<34} {seconds:7.2f} s {peak:9.0f} MiB (largest single peak)")
    print(f"ratio to the peer groupby-sum: {seconds / peer:.1f}×")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"process peak resident memory (input table included): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
