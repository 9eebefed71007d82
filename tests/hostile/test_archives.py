"""Hostile zip archives: refused from their directory before a byte is unpacked, each with the
limit it crosses and the variable that changes it; only the files a reader needs reach the disk."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from econ.errors import InputError
from geo.readers import read_boundaries
from geo.safezip import extract_zip

MIB_SIZE = 1 << 20
MIB = b"\0" * MIB_SIZE


def zipped(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_many_small_entries_are_refused_by_their_count(tmp_path):
    bomb = zipped(tmp_path / "many.zip", {f"part{i}.bin": MIB for i in range(300)})
    assert bomb.stat().st_size < 400_000  # 300 MiB of zeros in a few hundred KB
    with pytest.raises(InputError) as error:
        read_boundaries(bomb)
    assert str(error.value) == (
        "many.zip: the archive's entry count (300 entries) is over the limit of 200 entries; "
        "zip only the files needed (or raise the limit with the environment variable "
        "ATLAS_MAX_ZIP_ENTRIES)"
    )


def test_one_mib_entries_under_the_count_are_refused_by_the_overall_ratio(tmp_path):
    # each entry stays at 1 MiB, under any per-entry rule; together they expand ~1,000 times
    bomb = zipped(tmp_path / "ratio.zip", {f"part{i}.bin": MIB for i in range(150)})
    with pytest.raises(InputError) as error:
        read_boundaries(bomb)
    ratio = round(150 * len(MIB) / bomb.stat().st_size, 1)
    assert str(error.value) == (
        f"ratio.zip: the archive's expansion (uncompressed ÷ compressed) ({ratio:,.1f} times) is "
        "over the limit of 100 times; refused as a possible zip bomb; zip the files again with "
        "ordinary compression (or raise the limit with the environment variable "
        "ATLAS_MAX_ZIP_RATIO)"
    )


def test_the_total_uncompressed_size_has_its_own_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_MAX_ZIP_MB", "2")
    archive = zipped(tmp_path / "big.zip", {f"part{i}.bin": MIB for i in range(3)})
    with pytest.raises(InputError) as error:
        read_boundaries(archive)
    assert str(error.value) == (
        "big.zip: the archive's uncompressed size (3.0 MB) is over the limit of 2 MB; simplify "
        "or split the files (or raise the limit with the environment variable ATLAS_MAX_ZIP_MB)"
    )


def test_a_limit_set_to_nonsense_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_MAX_ZIP_MB", "lots")
    with pytest.raises(InputError) as error:
        read_boundaries(zipped(tmp_path / "a.zip", {"a.geojson": b"{}"}))
    assert str(error.value) == (
        "the environment variable ATLAS_MAX_ZIP_MB='lots' is not a positive whole number; set "
        "it to a number of MB or unset it (default 1,024)"
    )


def test_only_the_shapefile_members_are_unpacked(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    frame = gpd.GeoDataFrame({"id": ["a"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    frame.to_file(folder / "regions.shp")
    entries = {f"regions/{f.name}": f.read_bytes() for f in folder.iterdir()}
    entries |= {"regions/notes.pdf": b"%PDF" + bytes(range(256)) * 4, "other/readme.txt": b"x"}
    archive = zipped(tmp_path / "upload.zip", entries)
    target = tmp_path / "out"
    written = extract_zip(
        archive, target, select=lambda paths: [p for p in paths if p.stem == "regions"]
    )
    assert sorted(p.name for p in written) == sorted(p.name for p in folder.iterdir())
    assert sorted(p.name for p in target.rglob("*") if p.is_file()) == sorted(
        p.name for p in folder.iterdir()
    )
    regions, _ = read_boundaries(archive)
    assert regions["region"].tolist() == ["a"]


def test_an_encrypted_entry_is_named(tmp_path):
    path = zipped(tmp_path / "locked.zip", {"regions.geojson": b"{}"})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.find(signature) + offset] |= 0x1  # the entry's "encrypted" flag
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as error:
        read_boundaries(path)
    assert str(error.value) == (
        "locked.zip: the archive entry 'regions.geojson' is password-protected; zip the files "
        "again without a password"
    )


@settings(max_examples=25)
@given(sizes=st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=30))
def test_any_archive_is_unpacked_or_refused_by_the_limits_set_small(tmp_path_factory, sizes):
    folder = tmp_path_factory.mktemp("zips")
    entries = {f"part{i}.bin": b"\1" * (kb * 1024) for i, kb in enumerate(sizes)}
    archive = zipped(folder / "any.zip", entries)
    os.environ.update(ATLAS_MAX_ZIP_ENTRIES="10", ATLAS_MAX_ZIP_MB="1")
    try:
        total = sum(sizes) * 1024
        if len(sizes) > 10 or round(total / MIB_SIZE, 1) > 1:
            with pytest.raises(InputError, match="ATLAS_MAX_ZIP_(ENTRIES|MB)"):
                extract_zip(archive, folder / "out")
        else:
            written = extract_zip(archive, folder / "out")
            assert sorted(p.stat().st_size for p in written) == sorted(kb * 1024 for kb in sizes)
    finally:
        for name in ("ATLAS_MAX_ZIP_ENTRIES", "ATLAS_MAX_ZIP_MB"):
            del os.environ[name]


def newer_zip_version(data: bytes) -> bytes:
    """`data` with the first entry's "version needed to extract" in the central directory set
    to 11.4, a version no zip reader here knows."""
    at = data.index(b"PK\x01\x02") + 6
    return data[:at] + bytes([114, 0]) + data[at + 2 :]


def test_an_archive_of_an_unknown_zip_version_is_named(tmp_path):
    path = zipped(tmp_path / "new.zip", {"regions.shp": b"x"})
    path.write_bytes(newer_zip_version(path.read_bytes()))
    with pytest.raises(InputError) as error:
        read_boundaries(path)
    assert str(error.value) == (
        "new.zip: not a readable zip archive (zip file version 11.4); the upload may be "
        "truncated, upload it again"
    )
