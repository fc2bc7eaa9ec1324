"""Atomic writes: whole files, the usual permissions, nothing left behind on failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aistudio.core.errors import UnsafePath
from aistudio.core.fs import atomic_write_bytes, under


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
