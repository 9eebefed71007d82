"""Unpacking user zip archives without trusting them: no traversal, no links, no zip bombs."""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from econ.errors import InputError
from econ.limits import check_zip

CHUNK = 1 << 20


def _entry_path(info: zipfile.ZipInfo, label: str) -> PurePosixPath:
    """The entry's relative path, refusing absolute paths, `..`, drive letters and links."""
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise InputError("error.zip.outside", params={"entry": repr(info.filename)}, file=label)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError("error.zip.symlink", params={"entry": repr(info.filename)}, file=label)
    return path


def check_archive(archive: zipfile.ZipFile, size: int, label: str) -> list[zipfile.ZipInfo]:
    """The archive's file entries after the limits of `econ.limits.check_zip` (count, total
    uncompressed size, overall ratio to the archive's `size`, encryption) and their names."""
    files = check_zip(archive, size, label, "archive")
    for info in files:
        _entry_path(info, label)
    return files


def extract_zip(
    source: Path,
    target: Path,
    *,
    label: str | None = None,
    select: Callable[[list[PurePosixPath]], Iterable[PurePosixPath]] | None = None,
) -> list[Path]:
    """Extract `source` into the folder `target` safely; returns the extracted file paths.

    `select` picks, from the entries' paths, the ones to write (default: all), so that only the
    files a reader needs reach the disk. The declared sizes are checked first, then enforced
    again while writing (headers can lie): no entry writes more than it declares.
    """
    label = label or Path(source).name
    try:
        size = Path(source).stat().st_size
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise InputError(
            "error.zip.unreadable", params={"reason": str(error)}, file=label
        ) from None
    written: list[Path] = []
    with archive:
        infos = {_entry_path(info, label): info for info in check_archive(archive, size, label)}
        for path in select(list(infos)) if select else infos:
            info = infos[path]
            destination = target.joinpath(*path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, destination.open("wb") as out:
                    done = 0
                    while block := src.read(CHUNK):
                        done += len(block)
                        if done > info.file_size:
                            raise InputError(
                                "error.zip.bomb",
                                params={"entry": repr(info.filename)},
                                file=label,
                            )
                        out.write(block)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
                zlib.error,
            ) as error:
                raise InputError(
                    "error.zip.entry",
                    params={"entry": repr(info.filename), "reason": str(error)},
                    file=label,
                ) from None
            written.append(destination)
    return written
