"""Firm records with coordinates aggregated to the user's regions: region × activity employment.

A register such as the Russian SME register panel (`activity_code_main, employees_count, lat,
lon`) is read in chunks and joined to the regions with a shapely STRtree (points in polygons),
so millions of firms fit in memory; firms outside every region are counted and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from econ.errors import InputError
from econ.tables import detect_decimal, parse_numbers, sniff_csv
from geo.boundaries import WEB_CRS

CHUNK_ROWS = 500_000
SAMPLE_ROWS = 20  # problem rows listed in the report (all are counted)


@dataclass
class FirmReport:
    """What aggregating a firm file found: counts of firms used, outside, or unusable."""

    file: str
    rows_read: int = 0
    firms: int = 0
    employees: float = 0.0
    outside: int = 0
    outside_employees: float = 0.0
    no_coordinates: int = 0
    no_activity: int = 0
    no_employees: int = 0
    chunks: int = 0
    problems: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["file", "row", "problem"])
    )

    def summary(self) -> pd.DataFrame:
        """`item, count` rows for display."""
        items = [
            "rows_read",
            "firms",
            "employees",
            "outside",
            "outside_employees",
            "no_coordinates",
            "no_activity",
            "no_employees",
        ]
        return pd.DataFrame({"item": items, "count": [getattr(self, i) for i in items]})


def _numbers(values: pd.Series) -> pd.Series:
    """Floats from a column the CSV parser left as text (decimal commas, blanks)."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    return parse_numbers(values, decimal=detect_decimal(values.head(10_000))).values


def _points(chunk: pd.DataFrame, lat: str | None, lon: str | None, wkt: str | None) -> np.ndarray:
    if wkt:
        geoms = shapely.from_wkt(
            chunk[wkt].astype("string").fillna("").to_numpy(dtype=object), on_invalid="ignore"
        )
        return shapely.centroid(geoms)
    y, x = _numbers(chunk[lat]).to_numpy(), _numbers(chunk[lon]).to_numpy()
    fits = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 360)
    points = np.full(len(chunk), None, dtype=object)
    points[fits] = shapely.points(x[fits], y[fits])
    return points


def _locate(tree: shapely.STRtree, points: np.ndarray) -> np.ndarray:
    """Index of the region containing each point, -1 outside all (first region on a border)."""
    found = np.full(len(points), -1, dtype=np.int64)
    usable = np.flatnonzero(~shapely.is_missing(points) & ~shapely.is_empty(points))
    if usable.size == 0:
        return found
    point_at, region_at = tree.query(points[usable], predicate="intersects")
    first = np.unique(point_at, return_index=True)[1]
    found[usable[point_at[first]]] = region_at[first]
    return found


def aggregate_firms(
    path: str | Path,
    regions: gpd.GeoDataFrame,
    *,
    activity: str = "activity_code_main",
    employees: str = "employees_count",
    lat: str | None = "lat",
    lon: str | None = "lon",
    wkt: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
    label: str | None = None,
) -> tuple[pd.DataFrame, FirmReport]:
    """Employment `region, activity, employment` summed over the firms inside each region.

    Coordinates are longitude/latitude (EPSG:4326) columns or a WKT column (its centroid).
    Firms outside every region, without coordinates, activity or employee count are counted in
    the report and not used; a firm without an employee count still counts as a firm.
    """
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise InputError("error.file.not_found", file=label)
    encoding, delimiter = sniff_csv(path, label=label)
    columns = [c for c in (activity, employees, lat, lon, wkt) if c]
    if not wkt and not (lat and lon):
        raise InputError("error.firms.no_position", file=label)
    regions = regions.to_crs(WEB_CRS)
    tree = shapely.STRtree(regions.geometry.to_numpy())
    ids = regions["region"].astype(str).to_numpy()
    report = FirmReport(file=label)
    parts, problems = [], []
    try:
        reader = pd.read_csv(
            path,
            sep=delimiter,
            encoding=encoding,
            usecols=columns,
            dtype={activity: "string"},
            chunksize=chunk_rows,
            skipinitialspace=True,
            encoding_errors="strict",
        )
        for number, chunk in enumerate(reader):
            start = number * chunk_rows
            points = _points(chunk, lat, lon, wkt)
            found = _locate(tree, points)
            code = chunk[activity].str.strip()
            staff = _numbers(chunk[employees]).where(lambda s: s >= 0)
            located = found >= 0
            no_point = shapely.is_missing(points) | shapely.is_empty(points)
            outside = ~located & ~no_point
            report.rows_read += len(chunk)
            report.no_coordinates += int(no_point.sum())
            report.outside += int(outside.sum())
            report.outside_employees += float(staff[outside].sum())
            report.no_activity += int((code.fillna("") == "").sum())
            report.no_employees += int(staff.isna().sum())
            used = located & (code.fillna("") != "").to_numpy()
            report.firms += int(used.sum())
            report.chunks += 1
            if used.any():
                parts.append(
                    pd.DataFrame(
                        {
                            "region": found[used],
                            "activity": code.to_numpy()[used],
                            "employment": staff.to_numpy()[used],
                        }
                    )
                    .groupby(["region", "activity"], as_index=False)["employment"]
                    .sum(min_count=1)
                )
            bad = np.flatnonzero(outside | no_point)[:SAMPLE_ROWS]
            problems.append(
                pd.DataFrame(
                    {
                        "file": label,
                        "row": start + bad + 2,
                        "problem": np.where(outside[bad], "outside every region", "no coordinates"),
                    }
                )
            )
    except ValueError as error:
        message = str(error).splitlines()[0][:200]
        missing = [c for c in columns if c in message]
        raise InputError(
            "error.firms.unreadable_columns",
            params={"error": message, "columns": ", ".join(columns)},
            file=label,
            column=missing[0] if missing else None,
        ) from None
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InputError(
            "error.firms.unparsable", params={"error": str(error)[:200]}, file=label
        ) from None
    report.problems = (
        pd.concat(problems, ignore_index=True).head(SAMPLE_ROWS) if problems else report.problems
    )
    if not parts:
        raise InputError("error.firms.none_inside", file=label)
    table = (
        pd.concat(parts, ignore_index=True)
        .groupby(["region", "activity"], as_index=False)["employment"]
        .sum(min_count=1)
    )
    table["region"] = ids[table["region"].to_numpy()]
    table = table.sort_values(["region", "activity"], ignore_index=True)
    report.employees = float(table["employment"].sum())
    return table, report
