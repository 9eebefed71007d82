"""Unpacking user zip archives without trusting them: no traversal, no links, no zip bombs."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from econ.errors import InputError

MAX_ENTRIES = 2_000
MAX_TOTAL_BYTES = 2 * 1024**3  # 2 GiB uncompressed
MAX_RATIO = 200  # uncompressed / compressed, per entry and overall
CHUNK = 1 << 20


def _entry_path(info: zipfile.ZipInfo, label: str) -> PurePosixPath:
    """The entry's relative path, refusing absolute paths, `..`, drive letters and links."""
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise InputError(
            f"the archive entry {info.filename!r} points outside the archive; "
            "re-create the zip with plain relative file names",
            file=label,
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError(
            f"the archive entry {info.filename!r} is a symbolic link; "
            "re-create the zip with the files themselves",
            file=label,
        )
    return path


def check_archive(archive: zipfile.ZipFile, label: str) -> list[zipfile.ZipInfo]:
    """The archive's file entries after checking names, count, total size and compression ratio."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(
            f"the archive holds {len(infos):,} entries (at most {MAX_ENTRIES:,} are accepted); "
            "zip only the boundary files",
            file=label,
        )
    files = [info for info in infos if not info.is_dir()]
    for info in files:
        _entry_path(info, label)
        if info.flag_bits & 0x1:
            raise InputError(
                f"the archive entry {info.filename!r} is password-protected; zip the files "
                "again without a password",
                file=label,
            )
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > CHUNK:
            raise InputError(
                f"the archive entry {info.filename!r} expands {info.file_size:,} bytes from "
                f"{info.compress_size:,}: refused as a possible zip bomb",
                file=label,
            )
    total = sum(info.file_size for info in files)
    if total > MAX_TOTAL_BYTES:
        raise InputError(
            f"the archive expands to {total / 1024**3:.1f} GiB (at most "
            f"{MAX_TOTAL_BYTES / 1024**3:.0f} GiB are accepted); simplify or split the boundaries",
            file=label,
        )
    return files


def extract_zip(source: Path, target: Path, *, label: str | None = None) -> list[Path]:
    """Extract `source` into the folder `target` safely; returns the extracted file paths.

    The declared sizes are checked first, then enforced again while writing (headers can lie).
    """
    label = label or Path(source).name
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise InputError(
            f"not a readable zip archive ({error}); the upload may be truncated, upload it again",
            file=label,
        ) from None
    written: list[Path] = []
    budget = MAX_TOTAL_BYTES
    with archive:
        for info in check_archive(archive, label):
            destination = target.joinpath(*_entry_path(info, label).parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            limit = min(budget, MAX_RATIO * max(info.compress_size, 1) + CHUNK)
            try:
                with archive.open(info) as src, destination.open("wb") as out:
                    size = 0
                    while block := src.read(CHUNK):
                        size += len(block)
                        if size > limit:
                            raise InputError(
                                f"the archive entry {info.filename!r} expands beyond its declared "
                                "size: refused as a possible zip bomb",
                                file=label,
                            )
                        out.write(block)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
            ) as error:
                raise InputError(
                    f"the archive entry {info.filename!r} cannot be read ({error}); the zip may be "
                    "truncated or use unsupported compression, re-create it and upload again",
                    file=label,
                ) from None
            budget -= size
            written.append(destination)
    return written
