"""Boundary files that lie: a CRS that does not fit the coordinates, shapefile members from
different exports. Each ends in one message naming the file and the fix, never a blank map."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from econ.errors import InputError
from geo.readers import read_boundaries


def squares(n: int, crs: str = "EPSG:4326", origin: tuple[float, float] = (30, 55)):
    x, y = origin
    return gpd.GeoDataFrame(
        {"code": [f"R{i}" for i in range(n)]},
        geometry=[box(x + i, y, x + i + 1, y + 1) for i in range(n)],
        crs=crs,
    )


def shapefile(folder: Path, frame: gpd.GeoDataFrame) -> dict[str, bytes]:
    folder.mkdir()
    frame.to_file(folder / "regions.shp")
    return {f.suffix: f.read_bytes() for f in folder.iterdir()}


def zipped(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for suffix, data in parts.items():
            archive.writestr(f"regions{suffix}", data)
    return path


def test_a_shp_cut_short_against_its_index_is_refused(tmp_path):
    three = shapefile(tmp_path / "three", squares(3))
    two = shapefile(tmp_path / "two", squares(2))
    path = zipped(tmp_path / "mixed.zip", {**three, ".shp": two[".shp"]})
    with pytest.raises(InputError) as error:
        read_boundaries(path)
    assert str(error.value) == (
        "mixed.zip: the shapefile's regions.shp holds 2 shapes but its regions.shx indexes 3; "
        "the parts come from different exports (or the .shp was cut short): export the "
        "shapefile again and zip its .shp, .shx, .dbf and .prj together"
    )


def test_a_dbf_with_fewer_records_than_shapes_is_refused(tmp_path):
    three = shapefile(tmp_path / "three", squares(3))
    two = shapefile(tmp_path / "two", squares(2))
    path = zipped(tmp_path / "mixed.zip", {**three, ".dbf": two[".dbf"]})
    with pytest.raises(InputError) as error:
        read_boundaries(path)
    assert str(error.value) == (
        "mixed.zip: the shapefile's regions.shx indexes 3 shapes but its regions.dbf holds 2 "
        "records; the parts come from different exports: export the shapefile again and zip its "
        ".shp, .shx, .dbf and .prj together"
    )


def test_a_geojson_in_metres_is_refused_before_any_map(tmp_path):
    path = tmp_path / "metres.geojson"
    metres = squares(2, crs="EPSG:3857", origin=(3_500_000, 7_500_000))
    features = json.loads(metres.to_json())
    features.pop("crs", None)  # RFC 7946: GeoJSON is longitude/latitude, whatever it holds
    path.write_text(json.dumps(features))
    with pytest.raises(InputError) as error:
        read_boundaries(path)
    assert str(error.value) == (
        "metres.geojson: the file declares EPSG:4326 (longitude/latitude) but its coordinates "
        "(3,500,000…3,500,002, 7,500,000…7,500,001) are not degrees; the .prj is wrong: export "
        "the boundaries again with their real CRS"
    )


def test_degrees_under_a_metre_prj_are_refused(tmp_path):
    parts = shapefile(tmp_path / "deg", squares(3))
    utm = gpd.GeoSeries([], crs="EPSG:32637").crs.to_wkt("WKT1_ESRI")
    path = zipped(tmp_path / "utm.zip", {**parts, ".prj": utm.encode()})
    with pytest.raises(InputError) as error:
        read_boundaries(path)
    assert str(error.value) == (
        "utm.zip: the file declares the projected WGS 84 / UTM zone 37N but its coordinates "
        "(30.00…33.00, 55.00…56.00) look like degrees of longitude/latitude; the .prj is wrong: "
        "export the boundaries again with their real CRS (or drop the .prj if they are EPSG:4326)"
    )


def test_metres_beyond_the_earth_in_their_crs_are_refused(tmp_path):
    far = squares(2, crs="EPSG:32637", origin=(5e7, 5e7))
    far.geometry = far.geometry.scale(1000, 1000, origin=(5e7, 5e7))
    path = tmp_path / "far.gpkg"
    far.to_file(path)
    with pytest.raises(InputError, match=r"far\.gpkg: the coordinates \(.*\) fall outside the "):
        read_boundaries(path)


def test_a_true_projected_file_still_reads(tmp_path):
    moscow = squares(3).to_crs("EPSG:32637")
    path = tmp_path / "utm.gpkg"
    moscow.to_file(path)
    regions, report = read_boundaries(path)
    assert regions["region"].tolist() == ["R0", "R1", "R2"]
    assert regions.total_bounds == pytest.approx((30, 55, 33, 56), abs=1e-6)
