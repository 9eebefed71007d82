"""Big employment CSVs through `cli.py metrics`: streamed in chunks against the whole-file reader.

    python bench/tables.py [--rows 3000000 10000000] [--peer-rows 3000000]

Writes long tables `region, activity, employment` (3,000 regions × 1,000 activities per 3 M rows,
the activities in 50 clusters) to a temporary folder and runs `cli.py metrics` on each in a fresh
process, printing seconds, peak resident memory and bytes per cell; the peer is the same command
with streaming switched off (the whole file read at once, as before), for the sizes in
`--peer-rows`. The figure of bytes per cell is what `econ.tables.STREAM_BYTES_PER_CELL` states
for the memory budget `ATLAS_MEMORY_MB`.
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

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RUN = """
import json, resource, sys, time
import econ.tables
import cli
if sys.argv[1] == "whole":
    econ.tables.STREAM_BYTES = float("inf")
began = time.perf_counter()
code = cli.main(sys.argv[2:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - began,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_table(path: Path, rows: int) -> None:
    """`rows` rows of 3,000 regions × activities, in blocks of 1 M rows."""
    rng = np.random.default_rng(0)
    regions = max(rows // 1_000, 1)
    with path.open("w") as handle:
        handle.write("region,activity,employment\n")
        for start in range(0, rows, 1_000_000):
            index = np.arange(start, min(start + 1_000_000, rows))
            block = pd.DataFrame(
                {
                    "region": [f"R{i:05d}" for i in index // 1_000 % regions],
                    "activity": [f"A{i:04d}" for i in index % 1_000],
                    "employment": rng.integers(0, 5_000, len(index)),
                }
            )
            block.to_csv(handle, header=False, index=False)


def measure(mode: str, table: Path, clusters: Path, out: Path) -> dict:
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
    parser.add_argument("--rows", type=int, nargs="+", default=[3_000_000, 10_000_000])
    parser.add_argument("--peer-rows", type=int, nargs="*", default=[3_000_000])
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
        for rows in args.rows:
            table = folder / f"employment_{rows}.csv"
            began = time.perf_counter()
            write_table(table, rows)
            size, took = table.stat().st_size / 1024**2, time.perf_counter() - began
            print(f"{rows:,} rows, {size:,.0f} MB CSV (written in {took:.0f} s)")
            modes = ["streamed", "whole"] if rows in args.peer_rows else ["streamed"]
            figures = {}
            for mode in modes:
                figures[mode] = measure(mode, table, clusters, folder / f"out_{mode}")
                f = figures[mode]
                per_cell = f["peak_mb"] * 1024**2 / (rows * 3)
                print(
                    f"  {mode:>8}: {f['seconds']:6.1f} s, peak RSS {f['peak_mb']:7,.0f} MB "
                    f"({per_cell:.0f} bytes per cell)"
                )
            if len(figures) == 2:
                s, w = figures["streamed"], figures["whole"]
                print(
                    f"  streamed vs whole: {w['seconds'] / s['seconds']:.1f}x faster, "
                    f"{w['peak_mb'] / s['peak_mb']:.1f}x less memory"
                )
            table.unlink()


if __name__ == "__main__":
    main()
