"""Firm registers past one machine: Dask partitions the firm files, every partition is placed in
the regions (broadcast once to every worker) and summed per region × activity, and the partial
sums meet on the client. Same table and counts as `geo.firm_scan.scan_firms`.

Without a scheduler address a `distributed.LocalCluster` on this machine is started and closed.
Each partition uses the embedded engine's locator (crossing grid, shapely's exact test for a
firm on an edge, the first region for a firm on a border), cached once per worker thread, so
both engines agree to the firm.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

import dask
import dask.dataframe as dd
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
from distributed import Client, LocalCluster

from econ import duck
from econ.errors import InputError
from econ.tables import sniff_csv
from geo.boundaries import WEB_CRS
from geo.firm_scan import Locate, strtree_locator
from geo.firms import SAMPLE_ROWS, FirmReport, _numbers

BLOCK_SIZE = "64MB"  # CSV bytes per partition
COUNTS = (
    "rows_read",
    "firms",
    "outside",
    "outside_employees",
    "no_coordinates",
    "no_activity",
    "no_employees",
)
_LOCATORS: dict[tuple[str, int], Locate] = {}  # per worker thread, built on first use


def _locator(regions: gpd.GeoDataFrame, token: str) -> Locate:
    """The regions' locator of this thread (a locator is not shared between threads)."""
    key = (token, threading.get_ident())
    if key not in _LOCATORS:
        _LOCATORS[key] = strtree_locator(regions)
    return _LOCATORS[key]


def _partition(
    frame: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    token: str,
    columns: dict[str, str | None],
    where: str | None,
) -> tuple[pd.DataFrame, dict[str, float], pd.DataFrame]:
    """One partition's sums per region code × activity, its counts and its problem rows."""
    if where:
        with duck.connect() as con:
            con.register("firms", pa.Table.from_pandas(frame, preserve_index=False))
            frame = con.execute(f"SELECT * FROM firms WHERE {where}").to_arrow_table().to_pandas()
    if columns["wkt"]:
        import shapely

        centres = shapely.centroid(
            shapely.from_wkt(frame[columns["wkt"]].astype(str).to_numpy(), on_invalid="ignore")
        )
        x, y = shapely.get_x(centres), shapely.get_y(centres)
    else:
        x = _numbers(frame[columns["lon"]]).to_numpy(dtype=float)
        y = _numbers(frame[columns["lat"]]).to_numpy(dtype=float)
    has_point = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 360)
    found = np.full(len(frame), -1, dtype=np.int64)
    if has_point.any():
        found[has_point] = _locator(regions, token)(x[has_point], y[has_point])
    code = frame[columns["activity"]].astype("string").str.strip().replace("", pd.NA)
    staff = _numbers(frame[columns["employees"]]).where(lambda s: s >= 0).to_numpy(dtype=float)
    outside = has_point & (found < 0)
    used = (found >= 0) & code.notna().to_numpy()
    counts = {
        "rows_read": len(frame),
        "firms": int(used.sum()),
        "outside": int(outside.sum()),
        "outside_employees": float(np.nansum(staff[outside])),
        "no_coordinates": int((~has_point).sum()),
        "no_activity": int(code.isna().sum()),
        "no_employees": int(np.isnan(staff).sum()),
    }
    table = (
        pd.DataFrame(
            {"region": found[used], "activity": code.to_numpy()[used], "employment": staff[used]}
        )
        .groupby(["region", "activity"], as_index=False)["employment"]
        .sum(min_count=1)
    )
    bad = np.flatnonzero(outside | ~has_point)[:SAMPLE_ROWS]
    problems = pd.DataFrame(
        {
            "file": [Path(str(p)).name for p in frame["path"].to_numpy()[bad]],
            "row": pd.array([pd.NA] * len(bad), dtype="Int64"),
            "problem": np.where(outside[bad], "outside every region", "no coordinates"),
        }
    )
    return table, counts, problems


def _read(files: list[str], needed: list[str]) -> dd.DataFrame:
    """The firm files as a Dask frame of the needed columns (as text for CSVs) and their path."""
    if all(duck.is_parquet(f) for f in files):
        return dd.read_parquet(files, columns=needed).assign(path=Path(files[0]).name)
    encoding, delimiter = sniff_csv(files[0], label=Path(files[0]).name)
    frame = dd.read_csv(
        files,
        sep=delimiter,
        encoding=encoding,
        usecols=needed,
        dtype={c: "string" for c in needed},
        blocksize=BLOCK_SIZE,
        include_path_column="path",
        skipinitialspace=True,
    )
    return frame


def dask_firms(
    paths: str | Path | Sequence[str | Path],
    regions: gpd.GeoDataFrame,
    *,
    activity: str = "activity_code_main",
    employees: str = "employees_count",
    lat: str | None = "lat",
    lon: str | None = "lon",
    wkt: str | None = None,
    where: str | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    processes: bool = True,
) -> tuple[pd.DataFrame, FirmReport]:
    """Employment `region, activity, employment` of the firms inside each region, on Dask.

    `scheduler` is a running cluster's address (`tcp://host:8786`); without it a LocalCluster
    of `workers` workers (processes, or threads with `processes=False`) is started and closed.
    """
    if not wkt and not (lat and lon):
        raise InputError("error.firms.no_position")
    files = duck.expand(paths)
    label = Path(files[0]).name if len(files) == 1 else f"{Path(files[0]).name} (+{len(files) - 1})"
    columns = {"activity": activity, "employees": employees, "lat": lat, "lon": lon, "wkt": wkt}
    needed = [c for c in columns.values() if c]
    regions = regions.to_crs(WEB_CRS)
    ids = regions["region"].astype(str).to_numpy()
    try:
        frame = _read(files, needed)
    except (ValueError, KeyError) as error:
        raise InputError(
            "error.firms.unreadable_columns",
            params={"error": str(error)[:200], "columns": ", ".join(needed)},
            file=label,
        ) from None
    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=processes,
                    dashboard_address=None,
                )
            )
            client = stack.enter_context(Client(cluster))
        shared = client.scatter(regions, broadcast=True)
        token = dask.base.tokenize(regions)
        parts = [
            dask.delayed(_partition)(part, shared, token, columns, where)
            for part in frame.to_delayed()
        ]
        results = client.gather(client.compute(parts))
    report = FirmReport(file=label, chunks=len(results))
    for name in COUNTS:
        setattr(report, name, type(getattr(report, name))(sum(r[1][name] for r in results)))
    problems = [r[2] for r in results if len(r[2])]
    if problems:
        report.problems = pd.concat(problems, ignore_index=True).head(SAMPLE_ROWS)
    tables = [r[0] for r in results if len(r[0])]
    if not tables:
        raise InputError("error.firms.none_inside", file=label)
    table = (
        pd.concat(tables, ignore_index=True)
        .groupby(["region", "activity"], as_index=False)["employment"]
        .sum(min_count=1)
    )
    table["region"] = ids[table["region"].to_numpy()]
    table = table.sort_values(["region", "activity"], ignore_index=True)
    report.employees = float(table["employment"].sum())
    return table, report
