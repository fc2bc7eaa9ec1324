"""Atomic file writes and hashing: outputs never appear half-written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path

from aistudio.core.errors import UnsafePath, printable


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to path via a temp file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file 0600; unless told otherwise, an output gets the mode a plain
        # open() would give it.
        os.fchmod(fd, 0o666 & ~_umask() if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@cache
def _umask() -> int:
    """The process umask, read without changing it (os.umask would race other threads)."""
    with suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def atomic_write_text(path: Path, text: str, mode: int | None = None) -> None:
    """Write UTF-8 text atomically."""
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def under(
    root: Path, *parts: str | Path, rule: str = "a studio path stays under its folder"
) -> Path:
    """root joined with parts; UnsafePath unless it resolves (symlinks followed) inside root."""
    path = root.joinpath(*parts)
    base, resolved = root.resolve(), path.resolve()
    if resolved != base and base not in resolved.parents:
        raise UnsafePath(
            f"{printable(str(path))}: resolves outside {printable(str(base))} [rule: {rule}]"
        )
    return path


# The confined mode (what the API uses): inputs are only files the studio named itself in
# <home>/uploads/, outputs go only to <home>/exports/ (or the studio's own folders).
UPLOADS = "uploads"
EXPORTS = "exports"


def confined_input(home: Path, path: Path) -> Path:
    """An input a confined call may read: a file in <home>/uploads/ reached through no link."""
    if (home / UPLOADS / path).is_symlink():  # an absolute path replaces the folder here
        raise UnsafePath(
            f"{printable(str(path))}: a link [rule: confined inputs are uploads, never links]"
        )
    return under(home / UPLOADS, path, rule="confined inputs are uploads in the studio")


def confined_output(home: Path, path: Path) -> Path:
    """Where a confined call may write path: in <home>/exports/ (a relative path lands there)."""
    (home / EXPORTS).mkdir(parents=True, exist_ok=True)  # "." means a file named in there
    return under(home / EXPORTS, path, rule="confined outputs go to the studio's exports")
