"""Boundary files as users send them, good and bad: each loads or gives one clear InputError."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from econ.errors import InputError
from geo.readers import guess_columns, load_boundaries, read_boundaries

RUSSIAN = ["Московская область", "Тверская область", "Республика Карелия"]


def regions_frame(crs: str | None = "EPSG:4326") -> gpd.GeoDataFrame:
    """Three unit squares side by side at lon 30..33, lat 55..56."""
    return gpd.GeoDataFrame(
        {"OKTMO": ["46000000", "28000000", "86000000"], "NAME": RUSSIAN, "POP": [7.7, 1.2, 0.5]},
        geometry=[box(30 + i, 55, 31 + i, 56) for i in range(3)],
        crs=crs,
    )


def zip_folder(folder: Path, target: Path, drop: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            if file.suffix.lower() not in drop:
                archive.write(file, f"regions/{file.name}")
    return target


def shapefile_zip(
    tmp_path: Path, frame: gpd.GeoDataFrame, *, encoding: str = "UTF-8", drop: tuple[str, ...] = ()
) -> Path:
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "regions.shp", encoding=encoding, engine="pyogrio")
    return zip_folder(folder, tmp_path / "regions.zip", drop)


def test_zipped_shapefile_reads_to_the_contract(tmp_path):
    path = shapefile_zip(tmp_path, regions_frame())
    before = path.read_bytes()
    regions, report = read_boundaries(path)
    assert list(regions.columns) == ["region", "name", "geometry"]
    assert regions["region"].tolist() == ["46000000", "28000000", "86000000"]
    assert regions["name"].tolist() == RUSSIAN
    assert (report.id_column, report.name_column) == ("OKTMO", "NAME")
    assert regions.crs.to_epsg() == 4326 and report.problems().empty
    assert path.read_bytes() == before  # the user's file is only read


def test_cp1251_attributes_without_cpg_are_detected(tmp_path):
    path = shapefile_zip(tmp_path, regions_frame(), encoding="cp1251", drop=(".cpg",))
    regions, report = read_boundaries(path)
    assert regions["name"].tolist() == RUSSIAN
    assert report.encoding == "CP1251"


def test_cpg_is_honoured(tmp_path):
    regions, _ = read_boundaries(shapefile_zip(tmp_path, regions_frame(), encoding="cp1251"))
    assert regions["name"].tolist() == RUSSIAN


def test_projected_shapefile_without_prj_asks_for_it(tmp_path):
    path = shapefile_zip(tmp_path, regions_frame().to_crs("EPSG:32636"), drop=(".prj",))
    with pytest.raises(InputError, match=r"regions\.zip: .*add the \.prj file"):
        read_boundaries(path)


def test_lonlat_shapefile_without_prj_assumes_wgs84(tmp_path):
    regions, report = read_boundaries(shapefile_zip(tmp_path, regions_frame(), drop=(".prj",)))
    assert report.crs_assumed and regions.crs.to_epsg() == 4326
    assert report.problems()["kind"].tolist() == ["crs_assumed"]


def test_zero_byte_member_is_named(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    regions_frame().to_file(folder / "regions.shp")
    (folder / "regions.dbf").write_bytes(b"")
    with pytest.raises(InputError, match=r"regions\.dbf is empty \(0 bytes\)"):
        read_boundaries(zip_folder(folder, tmp_path / "regions.zip"))


def test_missing_shx_is_named(tmp_path):
    path = shapefile_zip(tmp_path, regions_frame(), drop=(".shx",))
    with pytest.raises(InputError, match=r"has no \.shx file"):
        read_boundaries(path)


def test_truncated_zip(tmp_path):
    path = shapefile_zip(tmp_path, regions_frame())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(InputError, match=r"cut\.zip: .*truncated"):
        read_boundaries(cut)


def test_zip_with_parent_entries_is_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../etc/regions.shp", b"x")
    with pytest.raises(InputError, match=r"evil\.zip: .*points outside the archive"):
        read_boundaries(path)
    assert not (tmp_path.parent / "etc").exists()


def test_zip_with_symlink_is_refused(tmp_path):
    path = tmp_path / "link.zip"
    info = zipfile.ZipInfo("regions.shp")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        read_boundaries(path)


def test_zip_bomb_and_entry_caps(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("regions.shp", b"\0" * (8 << 20))  # 8 MiB of zeros -> ~8 KiB
    with pytest.raises(InputError, match="zip bomb"):
        read_boundaries(bomb)
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(6):
            archive.writestr(f"f{i}.txt", b"x")
    monkeypatch.setenv("ATLAS_MAX_ZIP_ENTRIES", "5")
    with pytest.raises(InputError, match=r"entry count \(6 entries\) is over the limit of 5 "):
        read_boundaries(many)


def test_self_intersecting_polygon_is_repaired_and_reported(tmp_path):
    frame = regions_frame()
    frame.loc[1, "geometry"] = Polygon([(31, 55), (32, 56), (32, 55), (31, 56)])  # a bow tie
    path = tmp_path / "bowtie.geojson"
    frame.to_file(path)
    regions, report = read_boundaries(path)
    assert report.repaired == ["28000000"]
    repaired = regions.set_index("region").geometry["28000000"]
    assert repaired.is_valid and repaired.area == pytest.approx(0.5)  # two triangles of 0.25


def test_duplicate_and_empty_ids_are_reported(tmp_path):
    frame = regions_frame()
    frame.loc[1, "OKTMO"] = "46000000"
    frame.loc[2, "OKTMO"] = None
    path = tmp_path / "dups.geojson"
    frame.to_file(path)
    regions, report = read_boundaries(path, id_column="OKTMO", name_column="NAME")
    assert report.duplicate_ids == ["46000000"] and report.missing_ids == [3]
    assert len(regions) == 1 and regions.geometry.iloc[0].area == pytest.approx(2.0)
    assert set(report.problems()["kind"]) == {"duplicate_id", "missing_id"}


def test_points_are_not_regions(tmp_path):
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(1, 2)], crs="EPSG:4326").to_file(path)
    with pytest.raises(InputError, match="points or lines, not region polygons"):
        read_boundaries(path)


def test_geopackage_layer_choice_and_geoparquet(tmp_path):
    gpkg = tmp_path / "two.gpkg"
    regions_frame().to_file(gpkg, layer="subjects")
    regions_frame().iloc[:1].to_file(gpkg, layer="capital")
    raw = load_boundaries(gpkg, layer="capital")
    assert raw.layers == ["subjects", "capital"] and len(raw.frame) == 1
    with pytest.raises(InputError, match="no layer 'towns'; the file holds subjects, capital"):
        load_boundaries(gpkg, layer="towns")
    parquet = tmp_path / "regions.parquet"
    regions_frame().to_crs("EPSG:3857").to_parquet(parquet)
    regions, _ = read_boundaries(parquet)
    assert regions.crs.to_epsg() == 4326
    assert regions.total_bounds == pytest.approx([30, 55, 33, 56])


def test_topojson(tmp_path):
    topo = {
        "type": "Topology",
        "arcs": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        "objects": {
            "areas": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "07", "properties": {"name": "Square"}}
                ],
            }
        },
    }
    path = tmp_path / "areas.topojson"
    path.write_text(json.dumps(topo))
    regions, report = read_boundaries(path)
    assert regions[["region", "name"]].values.tolist() == [["07", "Square"]]
    assert regions.geometry.iloc[0].area == pytest.approx(1.0)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"hello, not geography", "not a boundary file"),
        (os.urandom(64), "not a boundary file|cannot be read"),
    ],
)
def test_junk_files(tmp_path, content, message):
    path = tmp_path / "junk.geojson"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_boundaries(path)


def test_guess_columns_prefers_code_and_name():
    frame = gpd.GeoDataFrame(
        {"POP": [1, 2], "nazvanie": ["A", "B"], "kod": ["1", "2"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    )
    assert guess_columns(frame) == ("kod", "nazvanie")


def test_web_ready_geometry_stays_valid(tmp_path):
    from geo.web import for_web

    regions, _ = read_boundaries(shapefile_zip(tmp_path, regions_frame()))
    assert shapely.is_valid(for_web(regions).geometry.to_numpy()).all()


def test_password_protected_zip_is_named(tmp_path):
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("regions.geojson", '{"type": "FeatureCollection", "features": []}')
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        data[at] |= 0x1  # the "encrypted" bit of the entry's general-purpose flags
    path.write_bytes(bytes(data))
    with pytest.raises(
        InputError, match="locked.zip: the archive entry 'regions.geojson' is password-protected"
    ):
        load_boundaries(path)


def test_a_dbf_from_another_export_is_named_not_read_short(tmp_path):
    frame = regions_frame()
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "regions.shp", engine="pyogrio")
    other = tmp_path / "other"
    other.mkdir()
    frame.head(2).to_file(other / "regions.shp", engine="pyogrio")
    (folder / "regions.dbf").write_bytes((other / "regions.dbf").read_bytes())
    with pytest.raises(
        InputError,
        match=r"regions\.zip: the shapefile's regions\.shx indexes 3 shapes but its "
        r"regions\.dbf holds 2 records",
    ):
        load_boundaries(zip_folder(folder, tmp_path / "regions.zip"))


def test_a_prj_that_claims_degrees_for_metres_is_named(tmp_path):
    metres = regions_frame().to_crs("EPSG:3857").set_crs("EPSG:4326", allow_override=True)
    path = tmp_path / "lying.geojson"
    metres.to_file(path, driver="GeoJSON", engine="pyogrio")
    with pytest.raises(
        InputError, match=r"lying\.geojson: the file declares EPSG:4326 .* not degrees"
    ):
        load_boundaries(path)
