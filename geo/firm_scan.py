"""Firm registers of tens of millions of rows aggregated to regions in bounded memory (DuckDB).

DuckDB reads the firm files (CSV or Parquet, one file, many files or a glob), cleans the four
columns and streams Arrow batches, a thread ahead of their use (`ReadAhead`); each batch's points
meet the regions through a spatial index and the batch is summed per region × activity, so memory
stays at a few batches whatever the file.
Two indexes are offered and measured in `bench/firms.py`: a crossing grid in numpy that leaves
only points on an edge to shapely's STRtree and prepared polygons (`strtree`, the default, faster
there) and DuckDB spatial's join (`duckdb`). A firm on a border between regions counts once,
for the first region, as in `geo.firms`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from queue import Full, Queue
from typing import TypeVar

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

BATCH_ROWS = 1 << 17  # rows a batch: small enough that reading the next overlaps placing this one
LOCATORS = ("strtree", "duckdb")
DEFAULT_LOCATOR = "strtree"
MERGE_EVERY = 8  # batches' partial sums kept before they are added up

Locate = Callable[[np.ndarray, np.ndarray], np.ndarray]
T = TypeVar("T")


def _spans(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the ranges [starts[k], stops[k]) laid end to end, and each one's k."""
    counts = stops - starts
    owner = np.repeat(np.arange(len(starts)), counts)
    offsets = np.cumsum(counts) - counts
    return starts[owner] + (np.arange(len(owner)) - offsets[owner]), owner


def _changes(*keys: np.ndarray) -> np.ndarray:
    """True where a sorted run of equal keys starts."""
    new = np.zeros(len(keys[0]), dtype=bool)
    new[:1] = True
    for key in keys:
        new[1:] |= key[1:] != key[:-1]
    return new


class CrossingGrid:
    """Point in region by the crossing number (even-odd rule), in numpy, a chunk of points at a
    time: a ray from the point to the east crosses a region's boundary an odd number of times
    when the point is inside it.

    A uniform grid of square cells covers the regions. Each cell lists the regions a part's
    bounding box of meets, and for each of them its edges in the cell's row of cells that reach
    east of the cell's west side: the only edges a ray from a point in that cell can cross. A
    point exactly on an edge or a vertex, or so near one that rounding could decide, is `unsure`
    and left to an exact test.
    """

    CELLS_PER_REGION = 32  # cells on the median region's bounding box
    CHUNK = 16_384  # points at a time: the edge × point temporaries stay in cache
    MAX_CELLS = 1 << 24  # the grid's cells at most (a 64 MiB map from cell to listed cell)
    TOLERANCE = 1e-12  # relative size of an orientation test that rounding cannot decide
    BORDER = -2  # a cell's settled label when edges pass near it

    def __init__(self, geoms: np.ndarray) -> None:
        parts, region_of_part = shapely.get_parts(geoms, return_index=True)
        polygonal = shapely.get_type_id(parts) == 3
        parts, region_of_part = parts[polygonal], region_of_part[polygonal]
        rings, part_of_ring = shapely.get_rings(parts, return_index=True)
        coords, ring_of = shapely.get_coordinates(rings, return_index=True)
        same = ring_of[1:] == ring_of[:-1]
        edge_region = region_of_part[part_of_ring[ring_of[:-1][same]]]
        start, stop = coords[:-1][same], coords[1:][same]
        self.edges = (start[:, 0].copy(), start[:, 1].copy(), stop[:, 0].copy(), stop[:, 1].copy())
        box = shapely.bounds(parts).reshape(-1, 4)
        self.regions = len(geoms)
        self.origin = (box[:, 0].min(initial=0.0), box[:, 1].min(initial=0.0))
        side = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
        region_side = np.zeros(len(geoms))
        np.maximum.at(region_side, region_of_part, side)
        size = np.median(region_side[region_side > 0]) if (region_side > 0).any() else 1.0
        extent = (box[:, 2].max(initial=0.0) - self.origin[0]) * (
            box[:, 3].max(initial=0.0) - self.origin[1]
        )
        self.step = max(
            size / np.sqrt(self.CELLS_PER_REGION), np.sqrt(extent / self.MAX_CELLS), 1e-9
        )
        self.columns = int(self._column(box[:, 2].max(initial=0.0))) + 1
        self.rows = int(self._row(box[:, 3].max(initial=0.0))) + 1
        x1, y1, x2, y2 = self.edges
        row, edge = _spans(self._row(np.minimum(y1, y2)), self._row(np.maximum(y1, y2)) + 1)
        band = edge_region[edge] * self.rows + row  # a region's edges in one row of cells
        bands, band_of = np.unique(band, return_inverse=True)
        # edges by band, then by how far east they reach: a band's edges reaching east of a
        # point are a tail of its run, found by one search on band + eastmost x as a fraction
        reach = np.maximum(x1[edge], x2[edge]) - self.origin[0]
        width = 2 * (box[:, 2].max(initial=0.0) - self.origin[0]) + self.step
        order = np.argsort(band_of + reach / width)
        band_key, band_edges = (band_of + reach / width)[order], edge[order]
        band_stop = np.searchsorted(band_of[order], np.arange(len(bands)), side="right")
        rows, owner = _spans(self._row(box[:, 1]), self._row(box[:, 3]) + 1)
        columns, within = _spans(self._column(box[owner, 0]), self._column(box[owner, 2]) + 1)
        pair = np.sort(
            (rows[within] * self.columns + columns) * self.regions + region_of_part[owner[within]]
        )
        pair = pair[_changes(pair)]  # (cell, region), each once
        cell, region = np.divmod(pair, self.regions)
        new_cell = _changes(cell)
        self.slot = np.full(self.rows * self.columns, -1, dtype=np.int32)
        self.slot[cell[new_cell]] = np.arange(new_cell.sum(), dtype=np.int32)
        self.candidate_start = np.append(np.flatnonzero(new_cell), len(cell))
        self.candidates = region.astype(np.int32)
        rank = np.arange(len(cell)) - np.repeat(
            self.candidate_start[:-1], np.diff(self.candidate_start)
        )
        at = np.searchsorted(bands, region * self.rows + cell // self.columns)
        at = np.minimum(at, len(bands) - 1)
        has = np.flatnonzero(bands[at] == region * self.rows + cell // self.columns)
        west = (cell[has] % self.columns - 1 / 64) * self.step  # a margin for rounding
        first = np.searchsorted(band_key, at[has] + west / width)
        spans, which = _spans(first, band_stop[at[has]])
        edge, which = band_edges[spans], has[which]
        slot = np.cumsum(new_cell) - 1
        self.cell_edges = np.column_stack([end[edge] for end in self.edges])  # as read
        self.edge_rank = rank[which].astype(np.int32)
        self.edge_start = np.append(
            0, np.cumsum(np.bincount(slot[which], minlength=new_cell.sum()))
        )
        self.settled = np.full(new_cell.sum(), self.BORDER, dtype=np.int64)
        self._settle(cell[new_cell])

    def _settle(self, cells: np.ndarray) -> None:
        """Give each listed cell no edge comes near its one region (or -1), the region of its
        centre: points there need no crossings. An edge's bounding box, widened a little for
        rounding, stands for the cells it may pass through."""
        x1, y1, x2, y2 = self.edges
        margin = self.step * 1e-6
        rows, edge = _spans(
            self._row(np.minimum(y1, y2) - margin), self._row(np.maximum(y1, y2) + margin) + 1
        )
        columns, within = _spans(
            self._column(np.minimum(x1, x2)[edge] - margin),
            self._column(np.maximum(x1, x2)[edge] + margin) + 1,
        )
        near = rows[within] * self.columns + columns
        near = near[(near >= 0) & (near < len(self.slot))]
        clear = np.ones(len(self.slot), dtype=bool)
        clear[near] = False
        clear = cells[clear[cells]]
        row, column = np.divmod(clear, self.columns)
        centre_x = self.origin[0] + (column + 0.5) * self.step
        centre_y = self.origin[1] + (row + 0.5) * self.step
        found, unsure = self.locate(centre_x, centre_y)
        self.settled[self.slot[clear[~unsure]]] = found[~unsure]

    def _row(self, y: np.ndarray) -> np.ndarray:
        return ((y - self.origin[1]) // self.step).astype(np.int64)

    def _column(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.origin[0]) // self.step).astype(np.int64)

    def locate(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each point's first region (-1 in none) and whether only an exact test can tell."""
        found = np.full(len(x), -1, dtype=np.int64)
        unsure = np.zeros(len(x), dtype=bool)
        for start in range(0, len(x), self.CHUNK):
            part = slice(start, start + self.CHUNK)
            found[part], unsure[part] = self._chunk(x[part], y[part])
        return found, unsure

    def _chunk(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = np.full(len(x), -1, dtype=np.int64)
        unsure = np.zeros(len(x), dtype=bool)
        column, row = self._column(x), self._row(y)
        point = np.flatnonzero(
            (column >= 0) & (column < self.columns) & (row >= 0) & (row < self.rows)
        )
        slot = self.slot[row[point] * self.columns + column[point]]
        point, slot = point[slot >= 0], slot[slot >= 0]
        settled = self.settled[slot]
        clear = settled != self.BORDER
        found[point[clear]] = settled[clear]
        point, slot = point[~clear], slot[~clear]
        at, owner = _spans(self.edge_start[slot], self.edge_start[slot + 1])
        x1, y1, x2, y2 = np.take(self.cell_edges, at, axis=0).T  # x, y of the edges' ends
        px, py = x[point][owner], y[point][owner]
        up = y2 > py
        straddle = np.flatnonzero((y1 > py) != up)
        a = (x2[straddle] - x1[straddle]) * (py[straddle] - y1[straddle])
        b = (px[straddle] - x1[straddle]) * (y2[straddle] - y1[straddle])
        det = a - b
        cross = straddle[(det > 0) == up[straddle]]
        doubt = straddle[np.abs(det) <= self.TOLERANCE * (np.abs(a) + np.abs(b))]
        level = np.flatnonzero(y1 == py)  # through a vertex or along a horizontal edge
        on = (x1[level] == px[level]) | (
            (y2[level] == py[level]) & ((px[level] - x1[level]) * (px[level] - x2[level]) <= 0)
        )
        unsure[point[owner[doubt]]] = True
        unsure[point[owner[level[on]]]] = True
        # crossings grouped by point, then by candidate: an odd group is a region holding it
        who, rank = owner[cross], self.edge_rank[at[cross]]
        group = np.flatnonzero(_changes(who, rank))
        odd = group[np.diff(np.append(group, len(who))) % 2 == 1]
        first = odd[_changes(who[odd])]  # the lowest region first
        inside = who[first]
        found[point[inside]] = self.candidates[self.candidate_start[slot[inside]] + rank[first]]
        return found, unsure


def strtree_locator(regions: gpd.GeoDataFrame) -> Locate:
    """Region index of each (x, y), -1 outside all, the first region for a point on a border:
    the crossing grid, then for the few points it cannot decide STRtree boxes and prepared
    polygons. For one thread: prepared GEOS geometries are not safe to share between threads,
    so the locator prepares its own copy of the shapes."""
    shapes = regions.geometry.to_numpy()
    grid = CrossingGrid(shapes)

    @cache
    def prepared() -> tuple[np.ndarray, shapely.STRtree]:  # on the first unsure point only
        geoms = shapely.from_wkb(shapely.to_wkb(shapes))
        shapely.prepare(geoms)
        return geoms, shapely.STRtree(geoms)

    def exact(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        found = np.full(len(x), -1, dtype=np.int64)
        geoms, tree = prepared()
        point_at, region_at = tree.query(shapely.points(x, y))
        inside = shapely.intersects_xy(geoms[region_at], x[point_at], y[point_at])
        point_at, region_at = point_at[inside], region_at[inside]
        order = np.lexsort((region_at, point_at))
        first = np.unique(point_at[order], return_index=True)[1]
        found[point_at[order][first]] = region_at[order][first]
        return found

    def locate(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        found, unsure = grid.locate(x, y)
        doubt = np.flatnonzero(unsure)
        if doubt.size:
            found[doubt] = exact(x[doubt], y[doubt])
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
    source: str,
    present: dict[str, str],
    text: Sequence[str],
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
    """The cleaning query: activity text, employee count, x and y (or WKT), source file.

    `present` are the file's columns and types as DuckDB finds them, `text` the columns the
    source reads as text instead (so the file is not described twice)."""
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
    kinds = {**present, **dict.fromkeys(text, "VARCHAR")}
    staff = duck.number(employees, kinds[employees])
    parts = [
        f"{duck.text(activity)} AS activity",
        f"CASE WHEN {staff} >= 0 THEN {staff} END AS staff",
    ]
    if wkt:
        parts.append(f"CAST({duck.quoted(wkt)} AS VARCHAR) AS wkt")
    else:
        parts += [f"{duck.number(lon, kinds[lon])} AS x", f"{duck.number(lat, kinds[lat])} AS y"]
    if not file:  # one file's name is not repeated on every row
        parts.append("filename AS file")
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


class ReadAhead(Iterator[T]):
    """`items` made by a thread of their own from the start, up to `depth` ahead of the
    reader: DuckDB reads and parses the next batches (without the GIL) while the caller builds
    its index and places the last batch's points on the other core. An error of the thread is
    raised to the reader; closing (or leaving the `with` block) stops the thread and closes
    `items`, however far the reading got."""

    def __init__(self, items: Iterator[T], depth: int = 2) -> None:
        self._items, self._queue = items, Queue(maxsize=depth)
        self._stop, self._end, self._done = threading.Event(), object(), False
        self._maker = threading.Thread(target=self._make, name="atlas-read-ahead", daemon=True)
        self._maker.start()

    def _hand(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except Full:
                continue
        return False

    def _make(self) -> None:
        try:
            for item in self._items:
                if not self._hand(item):
                    return
            self._hand(self._end)
        except BaseException as error:  # noqa: BLE001 - handed to the reader, raised there
            self._hand(error)
        finally:
            close = getattr(self._items, "close", None)
            if close:
                close()

    def __next__(self) -> T:
        item = self._end if self._done else self._queue.get()
        if item is self._end or isinstance(item, BaseException):
            self.close()
            if item is self._end:
                raise StopIteration
            raise item
        return item

    def close(self) -> None:
        """Stop the thread (it ends at its next batch) and wait for it."""
        self._done = True
        self._stop.set()
        self._maker.join()

    def __enter__(self) -> ReadAhead[T]:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


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
        index = strtree_locator if locator == "strtree" else duckdb_locator
        located = cache(lambda: index(regions))  # built once, while the first batches are read
        sources, delimiter = duck.readable(files, folder)
        present = duck.columns_of(con, duck.scan(sources, delimiter), label=label)
        codes = [c for c in (activity, wkt) if c]  # numbers keep the types DuckDB finds

        def run(text: list[str]) -> tuple[pd.DataFrame, FirmReport]:
            source = duck.scan(sources, delimiter, text_columns=text, filename=len(files) > 1)
            query = _select(
                source,
                present,
                text if delimiter else [],
                activity=activity,
                employees=employees,
                lat=lat,
                lon=lon,
                wkt=wkt,
                where=where,
                label=label,
                file=None if len(files) > 1 else Path(files[0]).name,
            )
            with ReadAhead(_batches(con, query, batch_rows)) as batches:  # reading from now
                return _aggregate(batches, located(), bool(wkt), label, ids)

        try:
            table, report = run(codes)
        except _TypesGuessedWrong:  # a number column with text further down: all read as text
            table, report = run(columns)
    if table.empty:
        raise InputError("error.firms.none_inside", file=label)
    report.employees = float(table["employment"].sum())
    return table, report


class _Sums:
    """Employment per region code × activity, added up batch by batch on integer keys
    (activity code × regions + region): a sum of the known counts and how many were known, so
    that a cell whose every count is unknown stays missing, as pandas' `sum(min_count=1)`."""

    def __init__(self, regions: int) -> None:
        self.regions = regions
        self.codes: dict[str, int] = {}
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(
        self, region: np.ndarray, labels: list[str], activity: np.ndarray, staff: np.ndarray
    ) -> None:
        """One batch's firms: region codes, activity labels with each firm's code among them,
        employee counts (NaN unknown)."""
        code = np.array([self.codes.setdefault(a, len(self.codes)) for a in labels], np.int64)
        known = ~np.isnan(staff)
        self.parts.append(
            _summed(
                code[activity] * self.regions + region,
                np.where(known, staff, 0.0),
                known.astype(float),
            )
        )
        if len(self.parts) >= MERGE_EVERY:  # memory stays at the distinct cells, not the batches
            self.parts = [_summed(*(np.concatenate(p) for p in zip(*self.parts, strict=True)))]

    def table(self, ids: np.ndarray) -> pd.DataFrame:
        """`region`, `activity`, `employment`, ordered by region and activity; `ids` are the
        regions' names of the codes."""
        if not self.parts:
            return pd.DataFrame(columns=["region", "activity", "employment"])
        key, total, known = (
            self.parts[0]
            if len(self.parts) == 1
            else _summed(*(np.concatenate(p) for p in zip(*self.parts, strict=True)))
        )
        activity, region = np.divmod(key, self.regions)
        labels = np.array(list(self.codes), dtype=object)
        order = np.lexsort(
            (
                np.unique(labels, return_inverse=True)[1][activity],
                np.unique(ids, return_inverse=True)[1][region],
            )
        )
        return pd.DataFrame(
            {
                "region": ids[region[order]],
                "activity": labels[activity[order]],
                "employment": np.where(known > 0, total, np.nan)[order],
            }
        )


def _summed(
    key: np.ndarray, total: np.ndarray, known: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct keys, sorted, with their totals and known counts added up: by counting
    sort when the keys span little more than their number, else by sorting."""
    span = int(key.max()) + 1 if len(key) else 0
    if span <= 4 * len(key) + (1 << 20):
        rows = np.bincount(key, minlength=span)
        distinct = np.flatnonzero(rows)
        return (
            distinct,
            np.bincount(key, total, span)[distinct],
            np.bincount(key, known, span)[distinct],
        )
    distinct, at = np.unique(key, return_inverse=True)
    return distinct, np.bincount(at, total), np.bincount(at, known)


def _aggregate(
    batches: Iterator[pa.RecordBatch], locate: Locate, wkt: bool, label: str, ids: np.ndarray
) -> tuple[pd.DataFrame, FirmReport]:
    """Sum each batch per region × activity; count what the report counts."""
    report = FirmReport(file=label)
    sums, problems = _Sums(len(ids)), []
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
            sums.add(
                found[used], code.dictionary.to_pylist(), act[used].astype(np.int64), staff[used]
            )
        problems.append(_problems(batch, outside, ~has_point, seen, label))
    report.problems = (
        pd.concat(problems, ignore_index=True).head(SAMPLE_ROWS) if problems else (report.problems)
    )
    return sums.table(ids), report


def _problems(
    batch: pa.RecordBatch,
    outside: np.ndarray,
    no_point: np.ndarray,
    seen: dict[str, int],
    label: str,
) -> pd.DataFrame:
    """Up to SAMPLE_ROWS problem rows of a batch, numbered in their own file as an editor does
    (a CSV's header is row 1; a Parquet file's first record is row 1). A batch without a `file`
    column is of the one file `label`."""
    if "file" in batch.schema.names:
        encoded = batch.column("file").dictionary_encode()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        names = encoded.dictionary.to_pylist()
    else:
        codes, names = np.zeros(batch.num_rows, dtype=np.int64), [label]
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
