"""Before paying for results, make sure they can be stored: writable folders and free space."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from aistudio.core.errors import OutputNotWritable

# A swapped result is about the size of its target; the enhanced one (4x the pixels) up to about
# three times that; metadata, the database and Prefect's results take the margin.
SWAP_FACTOR = 1.5
ENHANCE_FACTOR = 3.5
MARGIN_BYTES = 32 * 1024 * 1024


def describe(exc: OSError) -> str:
    """The OS's reason with what to do about it."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"{reason}; free some space (or move AISTUDIO_HOME), then rerun"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{reason}; make it writable, then rerun"
    return f"{reason}; fix it, then rerun"


def check_writable(folders: Iterable[Path]) -> None:
    """Create each folder and write, then remove, a small probe file in it."""
    for folder in sorted(set(folders)):
        probe = folder / f".aistudio-probe-{os.getpid()}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, b"probe")
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise OutputNotWritable(
                f"cannot write results to {folder}: {describe(exc)} "
                "(nothing was sent to the provider)"
            ) from None
        finally:
            probe.unlink(missing_ok=True)


def check_free_space(
    folder: Path, need: int, *, unspent: str = "nothing was sent to the provider"
) -> None:
    """Refuse to start when the folder's file system has less than `need` bytes free."""
    free = shutil.disk_usage(folder).free
    if free < need:
        raise OutputNotWritable(
            f"not enough free space for results in {folder}: {free / 1e6:,.0f} MB free, this run "
            f"needs about {need / 1e6:,.0f} MB; free some space (or move AISTUDIO_HOME), "
            f"then rerun ({unspent})"
        )


def space_needed(target_bytes: float, swaps: int, enhances: int) -> int:
    """Bytes a run's results may take, from the average target size and the work left."""
    return MARGIN_BYTES + int(target_bytes * (swaps * SWAP_FACTOR + enhances * ENHANCE_FACTOR))
