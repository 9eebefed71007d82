"""Temporary folders are removed however their block ends — error, Ctrl-C, SIGTERM — and a
start sweeps the ones a killed process left behind, never those of a live one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from econ.scratch import remove_stale, scratch_folder

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_the_folder_goes_with_an_error_or_an_interrupt(error):
    with pytest.raises(error), scratch_folder("test") as folder:
        (folder / "part.shp").write_bytes(b"x")
        raise error
    assert not folder.exists()
    assert folder.name.startswith(f"atlas-test-{os.getpid()}-")


def test_sigterm_removes_the_folder_of_a_command_line_run():
    script = (
        "import time\n"
        "from econ.scratch import exit_on_terminate, scratch_folder\n"
        "exit_on_terminate()\n"
        "with scratch_folder('cli') as folder:\n"
        "    print(folder, flush=True)\n"
        "    time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    folder = Path(child.stdout.readline().strip())
    assert folder.is_dir()
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == 128 + signal.SIGTERM
    assert not folder.exists()


def test_a_sweep_removes_only_what_no_live_process_owns(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = tmp_path / f"atlas-upload-{dead.pid}-abc"
    mine = tmp_path / f"atlas-upload-{os.getpid()}-def"
    old = tmp_path / "atlas-upload-q1w2e3"  # an older name without a pid
    recent = tmp_path / "atlas-boundaries-r4t5y6"
    other = tmp_path / "someone-else-7"
    for folder in (gone, mine, old, recent, other):
        folder.mkdir()
        (folder / "file").write_text("x")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(other, (two_days_ago, two_days_ago))
    assert sorted(remove_stale(tmp_path)) == sorted([gone, old])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, recent.name, other.name]
    )


def test_every_temporary_folder_of_the_app_and_the_cli_comes_from_scratch():
    # a folder named without the pid survives a killed server until it is hours old
    code = [ROOT / "app.py", ROOT / "cli.py"]
    for package in ("econ", "geo", "intake", "layers", "pages"):
        code += sorted((ROOT / package).rglob("*.py"))
    direct = [
        str(path.relative_to(ROOT))
        for path in code
        if path != ROOT / "econ" / "scratch.py"
        and any(
            call in path.read_text(encoding="utf-8")
            for call in ("TemporaryDirectory(", "mkdtemp(", "NamedTemporaryFile(")
        )
    ]
    assert direct == []
