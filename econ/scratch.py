"""Temporary folders that do not outlive their use: removed on exit, on error, on Ctrl-C and on
SIGTERM, and swept at start when a process died without removing them (a kill -9, a crash).

Every folder is named `atlas-<kind>-<pid>-<random>` in the system temp folder, so a sweep can
tell a folder of a running process from one whose process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "atlas-"
OWNED = re.compile(rf"^{PREFIX}[\w.]+?-(\d+)-")
MAX_AGE = 6 * 3600  # seconds: a folder without a live owner's pid is stale after this


@contextmanager
def scratch_folder(kind: str) -> Iterator[Path]:
    """A new empty folder `atlas-<kind>-<pid>-…`, removed with everything in it on leaving the
    block however it is left."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale(root: Path | None = None, *, max_age: float = MAX_AGE) -> list[Path]:
    """Remove `atlas-*` folders in `root` (default: the system temp folder) whose process is
    gone, and those older than `max_age` seconds whose name carries no pid; the removed ones."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    now = time.time()
    for folder in root.glob(f"{PREFIX}*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        owner = OWNED.match(folder.name)
        try:
            old = now - folder.stat().st_mtime > max_age
        except OSError:
            continue
        if (owner and not _alive(int(owner.group(1)))) or old:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def exit_on_terminate() -> None:
    """Make SIGTERM end the process like Ctrl-C does, through every `finally` (so scratch
    folders are removed); call it from the main thread of a command-line program."""

    def terminate(number: int, frame: object) -> None:
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, terminate)
