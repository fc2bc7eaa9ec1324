"""Atomic file writes and hashing: outputs never appear half-written."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from pathlib import Path

from aistudio.core.errors import UnsafePath, printable

logger = logging.getLogger(__name__)
# A temp unchanged this long is a killed writer's: a live writer touches its temp (a dataset
# folder's newest file) within seconds, so a slow one is never swept away mid-write.
STALE_SECONDS = 15 * 60
_PID = re.compile(r"\.(\d+)-")  # the writer's pid, as the studio's temp names carry it


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to path via a temp file in the same folder and a rename."""
    atomic_write_chunks(path, [data], mode)


def atomic_write_chunks(path: Path, chunks: Iterable[bytes], mode: int | None = None) -> None:
    """Write a stream of chunks atomically; an error while they are read (e.g. a size cap
    a download passes) leaves nothing behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp"
    )
    try:
        # mkstemp makes the file 0600; unless told otherwise, an output gets the mode a plain
        # open() would give it.
        os.fchmod(fd, 0o666 & ~_umask() if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in folder durable: without it a power cut may bring back the old name."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some network and FUSE file systems cannot sync a folder
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _newest(path: Path) -> float:
    """The latest change to a file, or to anything in a folder."""
    times = [path.lstat().st_mtime]
    if path.is_dir():
        times += [p.lstat().st_mtime for p in path.rglob("*")]
    return max(times)


def clean_stale_temps(folder: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temp files (.NAME.*.tmp) and temp folders (.NAME.*) killed writers left in
    folder; never one a live process may still be writing (its pid alive, or touched lately)."""
    removed: list[Path] = []
    now = time.time()
    for path in folder.glob(".*.*") if folder.is_dir() else []:
        if path.is_symlink() or not (path.is_dir() or path.name.endswith(".tmp")):
            continue
        pids = _PID.findall(path.name)  # the last: a name may hold digits before it
        try:
            if pids and (int(pids[-1]) == os.getpid() or _alive(int(pids[-1]))):
                continue
            if now - _newest(path) < older_than:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:  # its writer finished (or another cleaner) meanwhile
            continue
        logger.info("removed %s, left by a killed writer", path)
        removed.append(path)
    return removed


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
