"""Atomic writes: whole files, the usual permissions, nothing left behind on failure."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aistudio.core.errors import UnsafePath
from aistudio.core.fs import STALE_SECONDS, atomic_write_bytes, clean_stale_temps, under
from tests.conftest import REPO


def test_outputs_get_the_mode_a_plain_open_would(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"x")
    atomic_write_bytes(tmp_path / "sub" / "out.bin", b"data")
    out = tmp_path / "sub" / "out.bin"
    assert out.read_bytes() == b"data"
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
    atomic_write_bytes(tmp_path / "secret", b"k", mode=0o600)
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_under_keeps_paths_inside_their_root(tmp_path: Path) -> None:
    root = tmp_path / "studio"
    (root / "models").mkdir(parents=True)
    assert under(root, "models", "andie/x.jpg") == root / "models" / "andie" / "x.jpg"
    assert under(root, "a/../b") == root / "a/../b"  # stays inside: allowed as written
    (root / "models" / "out").symlink_to(tmp_path)  # a link inside that points outside
    for parts in (("../x",), ("models", "../../x"), ("/etc/passwd",), ("models/out/x",)):
        with pytest.raises(UnsafePath, match="resolves outside") as info:
            under(root, *parts)
        assert info.value.exit_code == 2


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from aistudio.core import fs

def killed(src, dst):  # SIGKILL between the temp's last byte and its rename
    os.kill(os.getpid(), signal.SIGKILL)

fs.os.replace = killed
fs.atomic_write_bytes(Path(sys.argv[1]) / "out.bin", b"x" * 1000)
"""


def _age(path: Path, seconds: float) -> None:
    """Make path (and what it holds) look untouched for `seconds`: time passing."""
    then = time.time() - seconds
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(p, (then, then))


def test_a_killed_writers_temps_are_cleaned_and_a_live_writers_are_kept(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(tmp_path)], env=env)
    assert child.returncode == -signal.SIGKILL
    (left,) = tmp_path.glob(".out.bin.*.tmp")  # the kill left its temp, pid in the name
    folder = tmp_path / ".v1.999999999-abc"  # a killed build's dataset folder (no such pid)
    (folder / "imagefolder").mkdir(parents=True)
    (folder / "imagefolder" / "001.jpg").write_bytes(b"jpeg")
    live = tmp_path / f".v2.{os.getpid()}-xyz"  # this process is still writing it
    live.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    other = tmp_path / f".result.jpg.{sleeper.pid}-q.tmp"  # another live process's
    other.write_bytes(b"in flight")
    keep = [tmp_path / "out.bin.tmp", tmp_path / ".hidden", tmp_path / "v1"]  # not temps
    for p in keep:
        p.write_bytes(b"mine")
    try:
        assert clean_stale_temps(tmp_path) == []  # recent: a slow writer may still be at it
        for p in [left, folder, live, other, *keep]:
            _age(p, STALE_SECONDS + 60)
        (folder / "imagefolder" / "002.jpg").write_bytes(b"new")  # still being written
        assert clean_stale_temps(tmp_path) == [left]
        _age(folder, STALE_SECONDS + 60)
        assert clean_stale_temps(tmp_path) == [folder]
        assert all(p.exists() for p in [live, other, *keep])
    finally:
        sleeper.kill()
        sleeper.wait()
    assert clean_stale_temps(tmp_path) == [other]  # its writer is gone now


def test_a_rename_is_made_durable_by_syncing_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[str, bool]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append(("fsync", stat.S_ISDIR(os.fstat(fd).st_mode)))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        synced.append(("replace", False))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write_bytes(tmp_path / "out.bin", b"data")
    # the file's bytes, then the rename, then the folder that holds the new name
    assert synced == [("fsync", False), ("replace", False), ("fsync", True)]


def test_a_dataset_build_clears_what_a_killed_build_left_beside_it(tmp_path: Path) -> None:
    from aistudio.dataset.writer import Entry, write_folder

    killed = tmp_path / ".v1.999999999-k3j2"  # write_folder's temp, its pid long dead
    (killed / "imagefolder").mkdir(parents=True)
    swapped = tmp_path / ".v1.999999999-old"  # a killed swap's old folder
    swapped.mkdir()
    for p in (killed, swapped):
        _age(p, STALE_SECONDS + 60)
    entry = Entry("001.jpg", b"jpeg", "a photo of andie, person", (512, 512))
    write_folder(tmp_path / "v1", [entry], trigger="andie", class_word="person",
                 resolution=512, manifest={})  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1"]
    assert (tmp_path / "v1/imagefolder/001.jpg").read_bytes() == b"jpeg"
