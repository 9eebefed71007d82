"""A big employment CSV through `cli.py metrics`: read by DuckDB against the pandas chunk reader.

    python bench/duck_tables.py [--rows 20000000] [--peer]

Writes a long table `region, activity, employment` (as `bench/tables.py` does) to a temporary
folder and runs `cli.py metrics` on it in a fresh process, printing seconds and peak resident
memory, the table read by DuckDB whatever its size (`econ.duck_tables.DUCK_CSV_BYTES` set to 0).
With `--peer` the same command runs with DuckDB switched off (the pandas reader, in chunks above
16 MB, as `bench/tables.py` measures it).
Target: a 2 GB CSV (about 110 M rows) under 3 GiB of peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.tables import write_table  # noqa: E402

RUN = """
import json, resource, sys, time
import econ.duck_tables
import cli
econ.duck_tables.DUCK_CSV_BYTES = float("inf") if sys.argv[1] == "pandas" else 0
began = time.perf_counter()
code = cli.main(sys.argv[2:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - began,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(mode: str, table: Path, clusters: Path, out: Path) -> dict:
    """Seconds and peak RSS of `cli.py metrics` on `table` in a fresh process."""
    arguments = ["metrics", "--employment", str(table), "--clusters", str(clusters)]
    env = os.environ | {"ATLAS_MAX_CELLS": str(10**12), "ATLAS_MAX_TABLE_MB": str(10**6)}
    env["ATLAS_MEMORY_MB"] = str(10**6)  # measured here, not refused
    done = subprocess.run(
        [sys.executable, "-c", RUN, mode, *arguments, "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--peer", action="store_true", help="also the pandas chunk reader")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        folder = Path(folder)
        clusters = folder / "clusters.csv"
        pd.DataFrame(
            {
                "activity": [f"A{j:04d}" for j in range(1_000)],
                "cluster": [f"C{j % 50}" for j in range(1_000)],
            }
        ).to_csv(clusters, index=False)
        table = folder / "employment.csv"
        began = time.perf_counter()
        write_table(table, args.rows)
        size = table.stat().st_size / 1024**2
        took = time.perf_counter() - began
        print(f"{args.rows:,} rows, {size:,.0f} MB CSV (written in {took:.0f} s)")
        figures = {}
        for mode in ["duckdb", "pandas"] if args.peer else ["duckdb"]:
            figures[mode] = f = measure(mode, table, clusters, folder / f"out_{mode}")
            per_cell = f["peak_mb"] * 1024**2 / (args.rows * 3)
            print(
                f"  {mode:>7}: {f['seconds']:6.1f} s, peak RSS {f['peak_mb']:7,.0f} MB "
                f"({per_cell:.0f} bytes per cell)"
            )
        if len(figures) == 2:
            d, p = figures["duckdb"], figures["pandas"]
            print(
                f"  DuckDB vs pandas chunks: {p['seconds'] / d['seconds']:.1f}x faster, "
                f"{p['peak_mb'] / d['peak_mb']:.1f}x less memory"
            )


if __name__ == "__main__":
    main()
