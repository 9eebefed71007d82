"""Reading user boundary files into the atlas contract: `region`, `name`, geometry, plus a report.

Formats: zipped shapefile (`.cpg` honoured, cp1251 detected), GeoJSON, TopoJSON, GeoPackage
(one layer chosen), GeoParquet. Reading is split in two so that a page can preview the raw
attribute table and let the user confirm the id and name columns before the regions are built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely

from econ.errors import InputError
from econ.scratch import scratch_folder
from geo.boundaries import WEB_CRS
from geo.safezip import extract_zip

SUFFIXES = {".zip", ".shp", ".geojson", ".json", ".topojson", ".gpkg", ".parquet", ".geoparquet"}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")
ID_HINTS = re.compile(
    r"^(id|code|kod|код|fips|geoid|geo_?code|oktmo|okato|октмо|окато|iso.*|nuts_?id|.*_code|"
    r"code_.*|.*_id|id_.*|region|region_id|gid_\d|adm\d_pcode|statefp|countyfp|lau_id)$",
    re.IGNORECASE,
)
NAME_HINTS = re.compile(
    r"^(name|names|name_.*|.*_name|nazv.*|назв.*|наименование|nm|label|region_name|name_\d|"
    r"nl_name_\d|shapename|adm\d_(en|ru)|lau_name|nuts_name|namelsad)$",
    re.IGNORECASE,
)
CODE_HINTS = re.compile(
    r"(iso|code|kod|код|okato|окато|oktmo|октмо|fips|geoid|nuts_?id|pcode|lau_id)", re.IGNORECASE
)
CODE_LIKE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,11}$")
POLYGONAL = (3, 6)  # shapely type ids of Polygon and MultiPolygon


@dataclass
class BoundaryReport:
    """What reading one boundary file found and changed, for the quality report."""

    file: str
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    encoding: str | None = None
    crs: str = WEB_CRS
    crs_assumed: bool = False
    features: int = 0
    regions: int = 0
    id_column: str = ""
    name_column: str = ""
    repaired: list[str] = field(default_factory=list)
    empty_geometry: list[str] = field(default_factory=list)
    missing_ids: list[int] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)

    def problems(self) -> pd.DataFrame:
        """One row per finding: `file, kind, region, row, detail` (empty when all was clean)."""
        rows = [
            ("repaired_geometry", r, None, "invalid geometry repaired (make_valid)")
            for r in self.repaired
        ]
        rows += [
            ("empty_geometry", r, None, "region has no geometry; dropped")
            for r in self.empty_geometry
        ]
        rows += [
            ("missing_id", None, n, f"empty {self.id_column!r}; feature dropped")
            for n in self.missing_ids
        ]
        rows += [
            ("duplicate_id", r, None, "several features share this id; merged into one")
            for r in self.duplicate_ids
        ]
        if self.crs_assumed:
            rows.append(("crs_assumed", None, None, "no CRS in the file; EPSG:4326 assumed"))
        frame = pd.DataFrame(rows, columns=["kind", "region", "row", "detail"])
        frame.insert(0, "file", self.file)
        return frame.astype({"row": "Int64"})


@dataclass
class RawBoundaries:
    """A boundary file's features with all their attributes, before the id and name are chosen."""

    frame: gpd.GeoDataFrame
    file: str
    layer: str | None
    layers: list[str]
    encoding: str | None
    crs_assumed: bool


def _guess_dbf_encoding(dbf: Path) -> str | None:
    """cp1251 or UTF-8 for a .dbf with neither a .cpg nor a language-driver byte, else None.

    GDAL reads such files as ISO-8859-1, which turns Russian attribute tables into mojibake.
    """
    data = dbf.read_bytes()
    if len(data) < 32 or data[29] != 0:
        return None
    header = int.from_bytes(data[8:10], "little")
    records = data[header:]
    high = np.frombuffer(records, dtype=np.uint8)
    high = high[high >= 0x80]
    if high.size == 0:
        return None
    try:
        records.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        pass
    return "CP1251" if np.mean(high >= 0xC0) > 0.5 else None


def _source_in(path: Path, folder: Path, label: str) -> tuple[Path, str | None]:
    """The readable dataset inside an upload (a zip is unpacked into `folder`) and its encoding."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] != b"PK":
        if path.suffix.lower() == ".shp":
            raise InputError(
                "error.shapefile.alone",
                file=label,
            )
        return path, None
    files = extract_zip(path, folder, label=label, select=lambda paths: _members(paths, label))
    if files[0].suffix.lower() != ".shp":
        return files[0], None
    shp = files[0]
    siblings = {f.suffix.lower(): f for f in files}
    for part in SHAPEFILE_PARTS:
        if siblings[part].stat().st_size == 0:
            raise InputError(
                "error.shapefile.empty_member",
                params={"member": siblings[part].name},
                file=label,
            )
    _check_record_counts(siblings, label)
    encoding = None if ".cpg" in siblings else _guess_dbf_encoding(siblings[".dbf"])
    return shp, encoding


def _members(paths: list[PurePosixPath], label: str) -> list[PurePosixPath]:
    """The entries of an uploaded zip worth unpacking: one shapefile's members (`.shp` first),
    or its one GeoJSON, GeoPackage or GeoParquet; nothing else reaches the disk."""
    shapes = [p for p in paths if p.suffix.lower() == ".shp" and not p.name.startswith("._")]
    others = [p for p in paths if p.suffix.lower() in {".geojson", ".json", ".gpkg", ".parquet"}]
    if not shapes and len(others) == 1:
        return others
    if not shapes:
        raise InputError(
            "error.shapefile.no_shp",
            file=label,
        )
    if len(shapes) > 1:
        names = ", ".join(sorted(s.name for s in shapes))
        raise InputError(
            "error.shapefile.several",
            params={"names": names},
            file=label,
        )
    shp = shapes[0]
    siblings = {p.suffix.lower(): p for p in paths if p.stem == shp.stem and p.parent == shp.parent}
    for part in SHAPEFILE_PARTS:
        if part not in siblings:
            raise InputError(
                "error.shapefile.no_part", params={"shp": shp.name, "part": part}, file=label
            )
    return [shp, *(p for suffix, p in siblings.items() if suffix != ".shp")]


def _check_record_counts(parts: dict[str, Path], label: str) -> None:
    """The .shx index and the .dbf table must describe as many records as each other: GDAL
    otherwise reads the shorter one and drops shapes without a word."""
    with parts[".shx"].open("rb") as handle:
        header = handle.read(100)
    with parts[".dbf"].open("rb") as handle:
        table = handle.read(8)
    if len(header) < 100 or len(table) < 8:
        return
    shapes = (int.from_bytes(header[24:28], "big") * 2 - 100) // 8
    rows = int.from_bytes(table[4:8], "little")
    stored = _shp_records(parts[".shp"])
    if stored != shapes:
        raise InputError(
            "error.shapefile.shx_count",
            params={
                "shp": parts[".shp"].name,
                "stored": stored,
                "shx": parts[".shx"].name,
                "shapes": shapes,
            },
            file=label,
        )
    if shapes != rows:
        raise InputError(
            "error.shapefile.dbf_count",
            params={
                "shx": parts[".shx"].name,
                "shapes": shapes,
                "dbf": parts[".dbf"].name,
                "rows": rows,
            },
            file=label,
        )


def _shp_records(shp: Path) -> int:
    """The number of records in a .shp, counted by walking their headers (never their shapes)."""
    with shp.open("rb") as handle:
        end = min(int.from_bytes(handle.read(100)[24:28], "big") * 2, shp.stat().st_size)
        count, position = 0, 100
        while position + 8 <= end:
            handle.seek(position + 4)
            position += 8 + int.from_bytes(handle.read(4), "big") * 2
            count += 1
    return count


def _list_layers(source: Path, label: str) -> list[str]:
    if source.suffix.lower() in {".parquet", ".geoparquet"}:
        return []
    try:
        return [str(name) for name in pyogrio.list_layers(source)[:, 0]]
    except Exception as error:  # GDAL raises many types for unreadable files
        raise InputError(
            "error.boundaries.unreadable",
            params={"reason": str(error).splitlines()[0][:200]},
            file=label,
        ) from None


def _read_frame(
    source: Path, layer: str | None, encoding: str | None, label: str
) -> gpd.GeoDataFrame:
    try:
        if source.suffix.lower() in {".parquet", ".geoparquet"} or _is_parquet(source):
            return gpd.read_parquet(source)
        return gpd.read_file(source, layer=layer, encoding=encoding, engine="pyogrio")
    except InputError:
        raise
    except Exception as error:
        raise InputError(
            "error.boundaries.broken",
            params={"reason": str(error).splitlines()[0][:200]},
            file=label,
        ) from None


def _is_parquet(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PAR1"


def load_boundaries(
    path: str | Path,
    *,
    layer: str | None = None,
    encoding: str | None = None,
    label: str | None = None,
) -> RawBoundaries:
    """Every feature of a boundary file with all its attributes, in a known CRS.

    A zip is unpacked into a temporary folder that is removed before returning; the user's
    file is only read. Without a CRS, EPSG:4326 is assumed only if all coordinates fit it.
    """
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise InputError("error.file.not_found", file=label)
    if path.stat().st_size == 0:
        raise InputError("error.file.empty", file=label)
    with scratch_folder("boundaries") as folder:
        source, guessed = _source_in(path, Path(folder), label)
        layers = [] if _is_parquet(source) else _list_layers(source, label)
        if layer is not None and layer not in layers:
            raise InputError(
                "error.boundaries.no_layer" if layers else "error.boundaries.no_layers",
                params={"layer": repr(layer), "layers": ", ".join(layers)},
                file=label,
            )
        chosen = layer or (layers[0] if layers else None)
        frame = _read_frame(source, chosen, encoding or guessed, label)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise InputError("error.boundaries.no_geometry", file=label)
    if len(frame) == 0:
        raise InputError(
            "error.boundaries.no_features",
            params={"layer": f" {chosen}" if chosen else ""},
            file=label,
        )
    frame, assumed = _with_crs(frame, label)
    return RawBoundaries(frame, label, chosen, layers, encoding or guessed, assumed)


def _extent(
    minx: float, miny: float, maxx: float, maxy: float, *, whole: bool = True
) -> dict[str, float | int]:
    """A bounding box as error parameters: whole numbers, or two decimals (`InputError`)."""
    box = {"minx": minx, "maxx": maxx, "miny": miny, "maxy": maxy}
    return {k: round(v) if whole else float(v) for k, v in box.items()}


def _with_crs(frame: gpd.GeoDataFrame, label: str) -> tuple[gpd.GeoDataFrame, bool]:
    minx, miny, maxx, maxy = frame.total_bounds
    finite = np.all(np.isfinite([minx, miny, maxx, maxy]))
    if frame.crs is not None:
        if (
            frame.crs.is_geographic
            and finite
            and not (minx >= -180 and maxx <= 360 and miny >= -90 and maxy <= 90)
        ):
            raise InputError(
                "error.crs.not_degrees",
                params={"crs": frame.crs.to_string(), **_extent(minx, miny, maxx, maxy)},
                file=label,
            )
        if not frame.crs.is_geographic:
            _check_projected(frame.crs, (minx, miny, maxx, maxy), label)
        return frame, False
    if finite and minx >= -180 and maxx <= 360 and miny >= -90 and maxy <= 90:
        return frame.set_crs(WEB_CRS), True
    raise InputError(
        "error.crs.missing",
        params=_extent(minx, miny, maxx, maxy),
        file=label,
    )


def _check_projected(crs: pyproj.CRS, bounds: tuple[float, ...], label: str) -> None:
    """Coordinates in a projected CRS must be metres (or feet) that land on the Earth: degrees
    under a metre `.prj` would draw every region within a few hundred metres of one point."""
    minx, miny, maxx, maxy = bounds
    shown = _extent(minx, miny, maxx, maxy, whole=False)
    degrees = minx >= -180 and maxx <= 360 and miny >= -90 and maxy <= 90
    if degrees and max(maxx - minx, maxy - miny) < 400:
        raise InputError(
            "error.crs.degrees_in_projected",
            params={"crs": crs.name, **shown},
            file=label,
        )
    to_degrees = pyproj.Transformer.from_crs(crs, WEB_CRS, always_xy=True)
    west, south, east, north = to_degrees.transform_bounds(minx, miny, maxx, maxy)
    if not np.all(np.isfinite([west, south, east, north])) or south < -90.5 or north > 90.5:
        raise InputError(
            "error.crs.off_earth",
            params={"crs": crs.name, **shown},
            file=label,
        )


def _text(values: pd.Series) -> pd.Series:
    """Ids as clean strings: integral floats lose their `.0`, blanks become missing."""
    if pd.api.types.is_float_dtype(values):
        whole = values.dropna()
        if (whole == np.floor(whole)).all():
            values = values.astype("Int64")
    out = values.astype("string").str.strip()
    return out.mask(out == "")


def guess_columns(frame: pd.DataFrame) -> tuple[str, str]:
    """A sensible (id column, name column) guess from column names and contents: a code-like
    column (`shapeISO`, `*_CODE`, `OKATO`: short codes) is preferred as id, a text one as name."""
    columns = [
        c
        for c in frame.columns
        if c != getattr(frame, "geometry", pd.Series()).name and c != "geometry"
    ]
    if not columns:
        return "", ""

    def unique_share(column: str) -> float:
        values = _text(frame[column])
        return values.nunique() / max(len(values), 1)

    def is_texty(column: str) -> bool:
        values = _text(frame[column]).dropna()
        return len(values) > 0 and not values.str.fullmatch(r"[\d.\-]+").all()

    def code_like(column: str) -> bool:
        values = _text(frame[column]).dropna()
        return len(values) > 0 and values.str.fullmatch(CODE_LIKE).mean() > 0.9

    ids = sorted(
        columns,
        key=lambda c: (
            not (CODE_HINTS.search(str(c)) and code_like(c)),
            not ID_HINTS.match(str(c)),
            -unique_share(c),
            not code_like(c),
            is_texty(c),
        ),
    )
    id_column = ids[0]
    names = [c for c in columns if c != id_column]
    if not names:
        return id_column, id_column
    name_column = sorted(
        names, key=lambda c: (not NAME_HINTS.match(str(c)), not is_texty(c), -unique_share(c))
    )[0]
    return id_column, name_column


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Only the polygon parts of each geometry (make_valid may add lines or points)."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    keep = np.isin(shapely.get_type_id(parts), POLYGONAL)
    out = np.full(len(geoms), None, dtype=object)
    if keep.any():
        merged = (
            pd.Series(parts[keep])
            .groupby(index[keep])
            .agg(lambda g: shapely.union_all(g.to_numpy()))
        )
        out[merged.index.to_numpy()] = merged.to_numpy()
    return out


def build_regions(
    raw: RawBoundaries,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
) -> tuple[gpd.GeoDataFrame, BoundaryReport]:
    """The contract GeoDataFrame `region, name, geometry` (EPSG:4326) from chosen columns.

    Invalid geometries are repaired with `make_valid`, features without an id or geometry are
    dropped, and features sharing an id are merged; all of it is listed in the report.
    """
    frame = raw.frame
    guess_id, guess_name = guess_columns(frame)
    id_column = id_column or guess_id
    name_column = name_column or guess_name or id_column
    for role, column in (("id", id_column), ("name", name_column)):
        if column not in frame.columns:
            available = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)
            raise InputError(
                f"error.boundaries.no_{role}_column",
                params={"column": repr(column), "available": available},
                file=raw.file,
                column=str(column),
            )
    report = BoundaryReport(
        file=raw.file,
        layer=raw.layer,
        layers=raw.layers,
        encoding=raw.encoding,
        crs=frame.crs.to_string(),
        crs_assumed=raw.crs_assumed,
        features=len(frame),
        id_column=str(id_column),
        name_column=str(name_column),
    )
    ids = _text(frame[id_column])
    names = _text(frame[name_column]).fillna(ids)
    geoms = frame.geometry.to_crs(WEB_CRS).to_numpy()
    kinds = shapely.get_type_id(geoms)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if present.any() and not np.isin(kinds[present], (3, 6, 7)).any():
        raise InputError(
            "error.boundaries.not_polygons",
            file=raw.file,
        )
    invalid = present & ~shapely.is_valid(geoms)
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(
            geoms[invalid], method="structure", keep_collapsed=False
        )
        report.repaired = ids[invalid].fillna("").tolist()
    geoms = np.where(present, _polygonal(np.where(present, geoms, None)), None)
    empty = pd.isna(pd.Series(geoms, dtype=object)).to_numpy() & ids.notna().to_numpy()
    report.empty_geometry = ids[empty].tolist()
    report.missing_ids = (np.flatnonzero(ids.isna().to_numpy()) + 1).tolist()
    keep = ids.notna().to_numpy() & ~empty
    table = pd.DataFrame(
        {
            "region": ids[keep].astype(str).to_numpy(),
            "name": names[keep].astype(str).to_numpy(),
            "geometry": geoms[keep],
        }
    )
    repeated = table["region"].duplicated(keep=False)
    report.duplicate_ids = sorted(table.loc[repeated, "region"].unique())
    if repeated.any():
        merged = (
            table[repeated]
            .groupby("region", sort=False)
            .agg(
                name=("name", "first"),
                geometry=("geometry", lambda g: shapely.union_all(g.to_numpy())),
            )
            .reset_index()
        )
        table = pd.concat([table[~repeated], merged], ignore_index=True)
    if table.empty:
        raise InputError(
            "error.boundaries.no_id_and_polygon",
            params={"column": repr(id_column)},
            file=raw.file,
            column=str(id_column),
        )
    regions = gpd.GeoDataFrame(table, geometry="geometry", crs=WEB_CRS)
    report.regions = len(regions)
    return regions, report


def read_boundaries(
    path: str | Path,
    *,
    layer: str | None = None,
    id_column: str | None = None,
    name_column: str | None = None,
    encoding: str | None = None,
    label: str | None = None,
) -> tuple[gpd.GeoDataFrame, BoundaryReport]:
    """`load_boundaries` then `build_regions`: a boundary file straight to the contract."""
    raw = load_boundaries(path, layer=layer, encoding=encoding, label=label)
    return build_regions(raw, id_column=id_column, name_column=name_column)
