"""Firm registers of tens of millions of rows aggregated to regions in bounded memory (DuckDB).

DuckDB reads the firm files (CSV or Parquet, one file, many files or a glob), cleans the four
columns and streams Arrow batches; each batch's points meet the regions through a spatial index
and the batch is summed per region × activity, so memory stays at one batch whatever the file.
Two indexes are offered and measured in `bench/firms.py`: shapely's STRtree with prepared
polygons (`strtree`, the default, faster there) and DuckDB spatial's join (`duckdb`). A firm on
a border between regions counts once, for the first region, as in `geo.firms`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from econ import duck
from econ.errors import InputError
from econ.scratch import scratch_folder
from geo.boundaries import WEB_CRS
from geo.firms import SAMPLE_ROWS, FirmReport

BATCH_ROWS = 1_000_000
LOCATORS = ("strtree", "duckdb")
DEFAULT_LOCATOR = "strtree"
MERGE_EVERY = 8  # batches' partial sums kept before they are added up
REFINE = 32  # split border cells while a batch has this many points per border cell

Locate = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _spread(v: np.ndarray) -> np.ndarray:
    """The bits of `v` (< 2**32) moved to the even bit positions (for Morton codes)."""
    v = v.astype(np.uint64)
    for shift, mask in ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF),
                        (4, 0x0F0F0F0F0F0F0F0F), (2, 0x3333333333333333),
                        (1, 0x5555555555555555)):
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


def _morton(col: np.ndarray, row: np.ndarray) -> np.ndarray:
    return _spread(col) | (_spread(row) << np.uint64(1))


class CellIndex:
    """A region quadtree over the regions (Samet 1984): a cell inside one region's interior holds
    its index, a cell that meets no region `EMPTY`, and only cells a border crosses are split,
    on demand (`refine`). The leaves, in Morton order, tile the grid, so a point's leaf is one
    binary search; only points in the finest border leaves need an exact test.

    Built with STRtree queries and prepared-polygon predicates on cells, never on points.
    """

    EMPTY, MIXED = -1, -2
    ROOT_BITS, DEPTH = 6, 12  # 64 × 64 root cells; at most 12 levels (2**17 cells a side)

    def __init__(self, tree: shapely.STRtree, geoms: np.ndarray) -> None:
        self.tree, self.geoms = tree, geoms
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        self.bounds = (minx, miny, maxx, maxy)
        self.side = max(maxx - minx, maxy - miny) * (1 + 1e-9) / 2**self.ROOT_BITS
        self.level = 0
        self.finest = self.side / 2 ** (self.DEPTH - 1)
        self.settled_starts = np.empty(0, dtype=np.uint64)
        self.settled_labels = np.empty(0, dtype=np.int32)
        j, i = np.divmod(np.arange(4**self.ROOT_BITS), 2**self.ROOT_BITS)
        self._settle(i, j)

    @property
    def mixed(self) -> int:
        """Number of border leaves at the deepest level so far."""
        return len(self.mixed_i)

    def _label(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Each cell's region (inside one interior), EMPTY (meets none) or MIXED."""
        size = self.side / 2**self.level
        x0, y0 = self.bounds[0] + i * size, self.bounds[1] + j * size
        cells = shapely.box(x0, y0, x0 + size, y0 + size)
        cell_at, region_at = self.tree.query(cells)
        label = np.full(len(cells), self.EMPTY, dtype=np.int32)
        inside = shapely.contains_properly(self.geoms[region_at], cells[cell_at])
        label[cell_at[inside]] = region_at[inside]
        rest = ~inside & (label[cell_at] == self.EMPTY)
        meets = shapely.intersects(self.geoms[region_at[rest]], cells[cell_at[rest]])
        label[cell_at[rest][meets]] = self.MIXED
        return label

    def _settle(self, i: np.ndarray, j: np.ndarray) -> None:
        """Label the cells (i, j) of the current level; keep the border ones for later."""
        label = self._label(i, j)
        border = label == self.MIXED
        shift = np.uint64(2 * (self.DEPTH - 1 - self.level))
        starts = np.concatenate([self.settled_starts, _morton(i[~border], j[~border]) << shift])
        labels = np.concatenate([self.settled_labels, label[~border]])
        self.settled_starts, self.settled_labels = starts, labels
        self.mixed_i, self.mixed_j = i[border], j[border]
        mixed_starts = _morton(self.mixed_i, self.mixed_j) << shift
        every = np.concatenate([starts, mixed_starts])
        order = np.argsort(every)
        self.leaves = (
            every[order],
            np.concatenate([labels, np.full(len(mixed_starts), self.MIXED, dtype=np.int32)])[order],
        )

    def refine(self) -> bool:
        """Split the border leaves one level down; False when already at the deepest level."""
        if self.level == self.DEPTH - 1 or not self.mixed:
            return False
        self.level += 1
        i = (2 * self.mixed_i[:, None] + [0, 1, 0, 1]).ravel()
        j = (2 * self.mixed_j[:, None] + [0, 0, 1, 1]).ravel()
        self._settle(i, j)
        return True

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Each point's leaf label: a region, EMPTY, or MIXED where only an exact test tells."""
        minx, miny, maxx, maxy = self.bounds
        out = np.full(len(x), self.EMPTY, dtype=np.int32)
        within = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        top = 2 ** (self.ROOT_BITS + self.DEPTH - 1) - 1
        col = np.minimum((x[within] - minx) // self.finest, top).astype(np.int64)
        row = np.minimum((y[within] - miny) // self.finest, top).astype(np.int64)
        starts, labels = self.leaves
        leaf = np.searchsorted(starts, _morton(col, row), side="right") - 1
        out[within] = labels[leaf]
        return out


def strtree_locator(regions: gpd.GeoDataFrame) -> Locate:
    """Region index of each (x, y), -1 outside all: a cell look-up, then for points in border
    cells STRtree boxes and prepared polygons. For one thread: prepared GEOS geometries are not
    safe to share between threads, so the locator prepares its own copy of the shapes."""
    geoms = shapely.from_wkb(shapely.to_wkb(regions.geometry.to_numpy()))
    tree = shapely.STRtree(geoms)
    shapely.prepare(geoms)
    cells = CellIndex(tree, geoms)

    def exact(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        found = np.full(len(x), -1, dtype=np.int64)
        point_at, region_at = tree.query(shapely.points(x, y))
        inside = shapely.intersects_xy(geoms[region_at], x[point_at], y[point_at])
        point_at, region_at = point_at[inside], region_at[inside]
        order = np.lexsort((region_at, point_at))
        first = np.unique(point_at[order], return_index=True)[1]
        found[point_at[order][first]] = region_at[order][first]
        return found

    def locate(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        found = cells.lookup(x, y).astype(np.int64)
        border = np.flatnonzero(found == CellIndex.MIXED)
        while border.size > REFINE * cells.mixed and cells.refine():
            found[border] = cells.lookup(x[border], y[border])
            border = border[found[border] == CellIndex.MIXED]
        found[border] = exact(x[border], y[border])
        return found

    return locate


def duckdb_locator(regions: gpd.GeoDataFrame) -> Locate:
    """Region index of each (x, y), -1 outside all, by DuckDB spatial's join (R-tree inside).

    It has its own connection: a query on the reading connection would end its stream.
    """
    con = duck.connect(spatial=True)
    shapes = pa.table(
        {
            "idx": np.arange(len(regions), dtype=np.int64),
            "wkb": shapely.to_wkb(regions.geometry.to_numpy()),
        }
    )
    con.register("atlas_region_wkb", shapes)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE atlas_regions AS "
        "SELECT idx, ST_GeomFromWKB(wkb) AS geom FROM atlas_region_wkb"
    )
    con.unregister("atlas_region_wkb")

    def locate(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        found = np.full(len(x), -1, dtype=np.int64)
        con.register("atlas_points", pa.table({"i": np.arange(len(x)), "x": x, "y": y}))
        hits = con.execute(
            "SELECT p.i, min(r.idx) FROM atlas_points p JOIN atlas_regions r "
            "ON ST_Intersects(r.geom, ST_Point(p.x, p.y)) GROUP BY p.i"
        ).fetchnumpy()
        con.unregister("atlas_points")
        values = list(hits.values())
        found[np.asarray(values[0])] = np.asarray(values[1])
        return found

    return locate


def _select(
    con: duckdb.DuckDBPyConnection,
    source: str,
    present: dict[str, str],
    *,
    activity: str,
    employees: str,
    lat: str | None,
    lon: str | None,
    wkt: str | None,
    where: str | None,
    label: str,
    file: str | None,
) -> str:
    """The cleaning query: activity text, employee count, x and y (or WKT), source file."""
    needed = [c for c in (activity, employees, lat, lon, wkt) if c]
    missing = [c for c in needed if c not in present]
    if missing:
        raise InputError(
            "error.firms.no_column",
            params={
                "column": repr(missing[0]),
                "columns": ", ".join(needed),
                "found": ", ".join(list(present)[:12]),
            },
            file=label,
            column=missing[0],
        )
    kinds = duck.columns_of(con, source)
    staff = duck.number(employees, kinds[employees])
    parts = [
        f"{duck.text(activity)} AS activity",
        f"CASE WHEN {staff} >= 0 THEN {staff} END AS staff",
    ]
    if wkt:
        parts.append(f"CAST({duck.quoted(wkt)} AS VARCHAR) AS wkt")
    else:
        parts += [f"{duck.number(lon, kinds[lon])} AS x", f"{duck.number(lat, kinds[lat])} AS y"]
    parts.append(f"{duck.literal(file)} AS file" if file else "filename AS file")
    query = f"SELECT {', '.join(parts)} FROM {source}"
    return f"{query} WHERE {where}" if where else query


def _batches(con: duckdb.DuckDBPyConnection, query: str, rows: int) -> Iterator[pa.RecordBatch]:
    try:
        reader = con.execute(query).to_arrow_reader(rows)
        yield from reader
    except duckdb.ConversionException:
        raise _TypesGuessedWrong from None
    except (duckdb.Error, OSError) as error:  # from inside the stream, as pyarrow's error
        if str(error).startswith("Conversion Error"):
            raise _TypesGuessedWrong from None
        raise InputError(
            "error.firms.unreadable", params={"error": duck.error_text(error)}
        ) from None


class _TypesGuessedWrong(Exception):
    """DuckDB's sniffed type of a column does not fit a value further down the file."""


def _xy(batch: pa.RecordBatch, wkt: bool) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (NaN where missing or out of range) of a batch's firms."""
    if wkt:
        geoms = shapely.from_wkt(
            batch.column("wkt").to_numpy(zero_copy_only=False), on_invalid="ignore"
        )
        centres = shapely.centroid(geoms)
        x, y = shapely.get_x(centres), shapely.get_y(centres)
    else:
        x = batch.column("x").to_numpy(zero_copy_only=False).astype(float)
        y = batch.column("y").to_numpy(zero_copy_only=False).astype(float)
    bad = ~(np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 360))
    x, y = x.copy(), y.copy()
    x[bad], y[bad] = np.nan, np.nan
    return x, y


def scan_firms(
    paths: str | Path | Sequence[str | Path],
    regions: gpd.GeoDataFrame,
    *,
    activity: str = "activity_code_main",
    employees: str = "employees_count",
    lat: str | None = "lat",
    lon: str | None = "lon",
    wkt: str | None = None,
    where: str | None = None,
    locator: str = DEFAULT_LOCATOR,
    batch_rows: int = BATCH_ROWS,
) -> tuple[pd.DataFrame, FirmReport]:
    """Employment `region, activity, employment` of the firms inside each region, streamed.

    `paths` are CSV or Parquet files or glob patterns; `where` is an optional SQL filter on the
    firm columns (`"year = 2024"`). Counts and the report are those of `geo.firms.aggregate_firms`.
    """
    if not wkt and not (lat and lon):
        raise InputError("error.firms.no_position")
    if locator not in LOCATORS:
        raise ValueError(f"locator must be one of {LOCATORS}, not {locator!r}")
    files = duck.expand(paths)
    label = Path(files[0]).name if len(files) == 1 else f"{Path(files[0]).name} (+{len(files) - 1})"
    regions = regions.to_crs(WEB_CRS)
    ids = regions["region"].astype(str).to_numpy()
    columns = [c for c in (activity, employees, lat, lon, wkt) if c]
    with scratch_folder("firms") as folder, duck.connect() as con:
        locate = strtree_locator(regions) if locator == "strtree" else duckdb_locator(regions)
        sources, delimiter = duck.readable(files, folder)
        present = duck.columns_of(con, duck.scan(sources, delimiter), label=label)
        codes = [c for c in (activity, wkt) if c]  # numbers keep the types DuckDB finds

        def run(text: list[str]) -> tuple[pd.DataFrame, FirmReport]:
            source = duck.scan(sources, delimiter, text_columns=text, filename=len(files) > 1)
            query = _select(
                con,
                source,
                present,
                activity=activity,
                employees=employees,
                lat=lat,
                lon=lon,
                wkt=wkt,
                where=where,
                label=label,
                file=None if len(files) > 1 else Path(files[0]).name,
            )
            return _aggregate(_batches(con, query, batch_rows), locate, bool(wkt), label)

        try:
            table, report = run(codes)
        except _TypesGuessedWrong:  # a number column with text further down: all read as text
            table, report = run(columns)
    if table.empty:
        raise InputError("error.firms.none_inside", file=label)
    table["region"] = ids[table["region"].to_numpy()]
    table = table.sort_values(["region", "activity"], ignore_index=True)
    report.employees = float(table["employment"].sum())
    return table, report


def _aggregate(
    batches: Iterator[pa.RecordBatch], locate: Locate, wkt: bool, label: str
) -> tuple[pd.DataFrame, FirmReport]:
    """Sum each batch per region code × activity; count what the report counts."""
    report = FirmReport(file=label)
    parts, problems = [], []
    seen: dict[str, int] = {}
    for batch in batches:
        x, y = _xy(batch, wkt)
        has_point = ~np.isnan(x)
        found = np.full(len(x), -1, dtype=np.int64)
        if has_point.any():
            found[has_point] = locate(x[has_point], y[has_point])
        code = batch.column("activity").dictionary_encode()
        act = code.indices.to_numpy(zero_copy_only=False)
        no_activity = code.indices.is_null().to_numpy(zero_copy_only=False)
        staff = batch.column("staff").to_numpy(zero_copy_only=False).astype(float)
        located, outside = found >= 0, has_point & (found < 0)
        report.rows_read += len(x)
        report.no_coordinates += int((~has_point).sum())
        report.outside += int(outside.sum())
        report.outside_employees += float(np.nansum(staff[outside]))
        report.no_activity += int(no_activity.sum())
        report.no_employees += int(np.isnan(staff).sum())
        used = located & ~no_activity
        report.firms += int(used.sum())
        report.chunks += 1
        if used.any():
            labels = code.dictionary.to_numpy(zero_copy_only=False)
            parts.append(
                pd.DataFrame(
                    {
                        "region": found[used],
                        "activity": pd.Categorical.from_codes(act[used].astype(np.int32), labels),
                        "employment": staff[used],
                    }
                )
                .groupby(["region", "activity"], as_index=False, observed=True)["employment"]
                .sum(min_count=1)
                .astype({"activity": str})
            )
            if len(parts) >= MERGE_EVERY:  # memory stays at the distinct cells, not the batches
                parts = [_merged(parts)]
        problems.append(_problems(batch, outside, ~has_point, seen))
    report.problems = pd.concat(problems, ignore_index=True).head(SAMPLE_ROWS) if problems else (
        report.problems
    )
    if not parts:
        return pd.DataFrame(columns=["region", "activity", "employment"]), report
    return _merged(parts), report


def _merged(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Partial sums per region code × activity added up into one table."""
    return (
        pd.concat(parts, ignore_index=True)
        .groupby(["region", "activity"], as_index=False)["employment"]
        .sum(min_count=1)
    )


def _problems(
    batch: pa.RecordBatch, outside: np.ndarray, no_point: np.ndarray, seen: dict[str, int]
) -> pd.DataFrame:
    """Up to SAMPLE_ROWS problem rows of a batch, numbered in their own file as an editor does
    (a CSV's header is row 1; a Parquet file's first record is row 1)."""
    encoded = batch.column("file").dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    names = encoded.dictionary.to_pylist()
    present, first, counts = np.unique(codes, return_index=True, return_counts=True)
    start = np.zeros(len(names), dtype=np.int64)
    for code, at, count in zip(present, first, counts, strict=True):
        name = names[code]
        header = 0 if name.lower().endswith(duck.PARQUET_SUFFIXES) else 1
        start[code] = seen.get(name, 0) + header + 1 - at
        seen[name] = seen.get(name, 0) + int(count)
    bad = np.flatnonzero(outside | no_point)[:SAMPLE_ROWS]
    return pd.DataFrame(
        {
            "file": [Path(names[c]).name for c in codes[bad]],
            "row": start[codes[bad]] + bad,
            "problem": np.where(outside[bad], "outside every region", "no coordinates"),
        }
    )
