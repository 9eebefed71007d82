"""A 2 GB employment CSV through `cli.py metrics`, against plain `pandas.read_csv` + the metrics.

    python bench/big_csv.py [--years 28] [--peer-cap-gb 5] [--no-peer] [--keep DIR]

Writes a tidy table `region, activity, employment, year` (3,231 five-digit county ids × 1,000
activity codes × `--years` years; 28 years make about 2 GB and 90 M rows) with DuckDB to a
temporary folder, then runs, each in a fresh process:

- ours: `python cli.py metrics --employment FILE --clusters FILE --out DIR`, the command a user
  types (no environment variables);
- the peer: `pandas.read_csv` of the same file and the same measures (`region_cluster`,
  `location_quotients`, `region_indices`) written with `DataFrame.to_csv`, its address space
  capped at `--peer-cap-gb` (`RLIMIT_AS`) so that it fails with `MemoryError` rather than
  endangering the machine; a peer that runs out of memory is reported with the RSS it reached.

Each child's wall time and peak RSS (`os.wait4`'s resource usage of that child alone) are
printed beside each other. Target: ours under 3 GiB of peak RSS.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
REGIONS, ACTIVITIES, CLUSTERS = 3_231, 1_000, 50
GIB = 2**30

PEER = """
import resource, sys
cap = int(float(sys.argv[4]) * 2**30)
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from pathlib import Path
try:
    import pandas as pd
    from econ.concentration import location_quotients
    from econ.indices import region_indices
    from econ.stars import region_cluster
    table = pd.read_csv(sys.argv[1], dtype={"region": str, "activity": str})
    clusters = pd.read_csv(sys.argv[2], dtype=str)
    out = Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    region_cluster(table, clusters).to_csv(out / "region_cluster.csv", index=False)
    by_activity = location_quotients(table)
    by_activity[["region", "year", "activity", "employment", "lq"]].to_csv(
        out / "region_activity.csv", index=False
    )
    del by_activity
    region_indices(table, clusters).to_csv(out / "region_indices.csv", index=False)
except MemoryError:
    print("out of memory", file=sys.stderr)
    sys.exit(3)
"""


def write_panel(path: Path, years: int) -> int:
    """The panel as a CSV written by DuckDB (employment 0..4,999 from a hash); its row count."""
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET memory_limit = '1GB'")
    cells = REGIONS * ACTIVITIES
    con.execute(
        f"""
        COPY (
            SELECT lpad(CAST(1001 + (i % {cells}) // {ACTIVITIES} * 17 AS VARCHAR), 5, '0')
                       AS region,
                   'A' || lpad(CAST(i % {ACTIVITIES} AS VARCHAR), 4, '0') AS activity,
                   hash(i) % 5000 AS employment,
                   2000 + i // {cells} AS year
            FROM range({years * cells}) t(i)
        ) TO '{path}' (HEADER, DELIMITER ',')
        """
    )
    con.close()
    return years * REGIONS * ACTIVITIES


def write_clusters(path: Path) -> None:
    """1,000 activities in 50 clusters."""
    lines = [f"A{j:04d},C{j % CLUSTERS:02d}" for j in range(ACTIVITIES)]
    path.write_text("activity,cluster\n" + "\n".join(lines) + "\n", encoding="utf-8")


def resident_gib(pid: int) -> float:
    """A running process's resident memory in GiB (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) * 1024 / GIB


def measured(command: list[str], kill_gib: float) -> dict:
    """Wall seconds, peak RSS (GiB) and exit code of `command` run as one child process; the
    child is killed if its resident memory passes `kill_gib` (the machine is shared)."""
    began = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    killed = threading.Event()

    def watch() -> None:
        while child.returncode is None and not killed.is_set():
            if resident_gib(child.pid) > kill_gib:
                killed.set()
                os.kill(child.pid, signal.SIGKILL)
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()
    error = child.stderr.read() if child.stderr else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if killed.is_set():
        error = f"killed at {kill_gib:g} GiB of RSS"
    return {
        "seconds": seconds,
        "peak_gib": usage.ru_maxrss * 1024 / GIB,
        "code": child.returncode,
        "error": error.strip().splitlines()[-1] if error.strip() else "",
    }


def shown(name: str, figures: dict) -> str:
    """One line of figures."""
    state = "ok" if figures["code"] == 0 else f"failed ({figures['code']}: {figures['error']})"
    return (
        f"  {name:>5}: {figures['seconds']:7.1f} s, peak RSS {figures['peak_gib']:5.2f} GiB, "
        f"{state}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=28)
    parser.add_argument("--peer-cap-gb", type=float, default=5.0)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--kill-gb", type=float, default=5.0, help="kill a child past this RSS")
    parser.add_argument("--keep", help="write into this folder and leave the files there")
    args = parser.parse_args()
    folder_context = tempfile.TemporaryDirectory(prefix="atlas-bench-") if not args.keep else None
    folder = Path(args.keep or folder_context.name)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        table, clusters = folder / "employment.csv", folder / "clusters.csv"
        write_clusters(clusters)
        began = time.perf_counter()
        if not table.exists():
            write_panel(table, args.years)
        rows = args.years * REGIONS * ACTIVITIES
        size = table.stat().st_size
        print(
            f"{rows:,} rows ({REGIONS:,} regions × {ACTIVITIES:,} activities × {args.years} "
            f"years), {size / 1e9:.2f} GB CSV (ready in {time.perf_counter() - began:.0f} s)"
        )
        ours = measured(
            [
                sys.executable,
                "cli.py",
                "metrics",
                "--employment",
                str(table),
                "--clusters",
                str(clusters),
                "--out",
                str(folder / "ours"),
            ],
            args.kill_gb,
        )
        print(shown("ours", ours))
        written = (
            sum(f.stat().st_size for f in (folder / "ours").glob("*.csv"))
            if (folder / "ours").exists()
            else 0
        )
        print(f"         wrote {written / 1e9:.2f} GB of CSV")
        if not args.no_peer:
            peer = measured(
                [
                    sys.executable,
                    "-c",
                    PEER,
                    str(table),
                    str(clusters),
                    str(folder / "peer"),
                    str(args.peer_cap_gb),
                ],
                args.kill_gb,
            )
            print(shown("peer", peer) + f" (pandas.read_csv, capped at {args.peer_cap_gb:g} GiB)")
            if peer["code"] == 0:
                print(
                    f"  peer / ours: {peer['seconds'] / ours['seconds']:.2f}x the time, "
                    f"{peer['peak_gib'] / ours['peak_gib']:.2f}x the memory"
                )
        target = "under" if ours["peak_gib"] < 3 else "OVER"
        print(f"  target: ours {target} 3 GiB of peak RSS")
    finally:
        if folder_context is not None:
            folder_context.cleanup()


if __name__ == "__main__":
    main()
