"""Every concentration measure on 3,000 regions × 1,000 activities × 2 years of generated data.

    python bench/concentration.py [--regions 3000] [--activities 1000] [--seed 0] [--text-keys]
    python bench/concentration.py --regions 3231 --years 21 --parquet --repeat 1 --no-trace

The second is the US Cluster Mapping Project's panel size (68 M rows; targets: every measure
under 20 s, process peak under 6 GiB): the table goes through a Parquet file in a temporary
folder and is read back with categorical keys, and DuckDB's SQL computes the same LQs from that
file, as the other representation measured.

Prints seconds (best of three), peak traced memory and the process's resident peak per measure,
their total (target: under 1 s and 1 GiB on 2 cores), the process peak resident memory, and the
ratio to a peer: one pandas groupby-sum over the same table. Keys are categorical (as a reader
with `dtype="category"` gives them); `--text-keys` makes them plain Python strings, which every
measure then has to hash.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from econ.concentration import location_quotients  # noqa: E402
from econ.growth import growth  # noqa: E402
from econ.indices import localisation, region_indices  # noqa: E402
from econ.quality import quality_report  # noqa: E402
from econ.stars import region_cluster, strong_clusters  # noqa: E402


def generated(
    regions: int, activities: int, seed: int, years: int = 2
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A tidy table over `years` years ending in 2024 (log-normal employment, drifting each
    year, 1% suppressed) and 50 cluster categories."""
    rng = np.random.default_rng(seed)
    region_ids = [f"R{i:05d}" for i in range(regions)]
    activity_ids = [f"{j:06d}" for j in range(activities)]
    cells = regions * activities
    employment = np.empty(cells * years)
    level = rng.lognormal(4, 1.5, cells)
    for year in range(years):
        employment[year * cells : (year + 1) * cells] = level.round()
        level *= rng.lognormal(0.02, 0.1, cells)
    employment[rng.random(employment.size) < 0.01] = np.nan
    region_codes = np.repeat(np.arange(regions, dtype=np.int16), activities)
    activity_codes = np.tile(np.arange(activities, dtype=np.int16), regions)
    table = pd.DataFrame(
        {
            "region": pd.Categorical.from_codes(np.tile(region_codes, years), region_ids),
            "activity": pd.Categorical.from_codes(np.tile(activity_codes, years), activity_ids),
            "year": np.repeat(np.arange(2025 - years, 2025, dtype="int64"), cells),
            "employment": employment,
        }
    )
    clusters = pd.DataFrame(
        {"activity": activity_ids, "cluster": [f"C{j % 50:02d}" for j in range(activities)]}
    )
    return table, clusters


class ResidentPeak:
    """The highest resident memory of this process while in the `with` block, sampled every
    10 ms from /proc (the peak of one step, where `ru_maxrss` keeps the whole run's)."""

    def __enter__(self) -> ResidentPeak:
        self.mib, self._done = resident_mib(), threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _sample(self) -> None:
        while not self._done.wait(0.01):
            self.mib = max(self.mib, resident_mib())

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._sampler.join()
        self.mib = max(self.mib, resident_mib())


def resident_mib() -> float:
    """This process's resident memory now, in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def measured(
    name: str, work: Callable[[], object], repeat: int = 3, trace: bool = True
) -> tuple[float, float]:
    """Best of `repeat` timed runs (as timeit reports), then one run under tracemalloc (unless
    `trace` is off: NaN); print and return seconds and peak MiB, and the process's resident
    peak during the first run."""
    times = []
    for run in range(repeat):
        began = time.perf_counter()
        with ResidentPeak() as resident:
            work()
        times.append(time.perf_counter() - began)
        if run == 0:
            rss = resident.mib
    seconds, peak = min(times), float("nan")
    if trace:
        tracemalloc.start()
        work()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(f"{name:<34} {seconds:7.2f} s {peak:9.0f} MiB traced {rss:7.0f} MiB resident")
    return seconds, peak


DUCKDB_LQ = """
    WITH cells AS (SELECT region, activity, year, employment FROM read_parquet({file})),
    regions AS (SELECT region, year, sum(employment) AS e_r FROM cells GROUP BY ALL),
    units AS (SELECT activity, year, sum(employment) AS e_i FROM cells GROUP BY ALL),
    economy AS (SELECT year, sum(e_r) AS e FROM regions GROUP BY ALL)
    SELECT employment / e_r / (e_i / e) AS lq
    FROM cells JOIN regions USING (region, year) JOIN units USING (activity, year)
    JOIN economy USING (year)
"""


def duckdb_lq(path: Path) -> Callable[[], object]:
    """LQs by DuckDB's SQL from the Parquet file, fetched as Arrow (the other representation)."""
    from econ.duck import connect

    def work() -> object:
        with connect() as con:
            return con.execute(DUCKDB_LQ.format(file=f"'{path}'")).to_arrow_table()

    return work


def table_mib(table: pd.DataFrame) -> float:
    """The memory a table's columns hold, in MiB."""
    return table.memory_usage(deep=False, index=False).sum() / 2**20


def peak_mib() -> float:
    """The process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--regions", type=int, default=3000)
    options.add_argument("--activities", type=int, default=1000)
    options.add_argument("--years", type=int, default=2)
    options.add_argument("--seed", type=int, default=0)
    options.add_argument("--text-keys", action="store_true", help="keys as str, not category")
    options.add_argument("--parquet", action="store_true", help="through a Parquet file")
    options.add_argument("--repeat", type=int, default=3, help="timed runs per measure")
    options.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run")
    args = options.parse_args()
    table, clusters = generated(args.regions, args.activities, args.seed, args.years)
    if args.text_keys:
        table = table.astype({"region": str, "activity": str})
    shape = f"{args.regions:,} regions × {args.activities:,} activities × {args.years} years"
    print(f"{len(table):,} rows: {shape}")
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        extra = {}
        if args.parquet:
            path = Path(folder) / "panel.parquet"
            table.to_parquet(path, row_group_size=4_000_000)
            del table
            began = time.perf_counter()
            table = pd.read_parquet(path)
            pyarrow.default_memory_pool().release_unused()
            print(
                f"read back from Parquet ({path.stat().st_size / 2**20:.0f} MiB): "
                f"{time.perf_counter() - began:.1f} s, keys {table['region'].dtype.name}"
            )
            extra["location quotients, DuckDB SQL"] = duckdb_lq(path)
        print(
            f"process peak with the input table built: {peak_mib():.0f} MiB; "
            f"resident now {resident_mib():.0f} MiB (the table itself {table_mib(table):.0f} MiB)"
        )
        latest = table[table["year"] == 2024].drop(columns="year")
        repeat, trace = args.repeat, not args.no_trace
        peer, _ = measured(
            "peer: groupby-sum by region",
            lambda: table.groupby(["region", "year"], observed=True)["employment"].sum(),
            repeat,
            trace,
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
        figures = [measured(name, work, repeat, trace) for name, work in runs.items()]
        seconds = sum(s for s, _ in figures)
        peak = max(p for _, p in figures)
        print(f"{'every metric':<34} {seconds:7.2f} s {peak:9.0f} MiB (largest single peak)")
        print(f"ratio to the peer groupby-sum: {seconds / peer:.1f}×")
        print(f"process peak after every metric (input table included): {peak_mib():.0f} MiB")
        for name, work in extra.items():
            other, _ = measured(name, work, repeat, False)
            print(f"  ratio DuckDB SQL / numpy codes for the LQs: {other / figures[0][0]:.1f}×")
    print(f"process peak at the end (DuckDB's run included): {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
