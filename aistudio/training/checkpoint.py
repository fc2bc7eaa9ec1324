"""Training checkpoints, written atomically: a kill at any moment, mid-save included, leaves the
last complete one to resume from."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aistudio.core import diskcheck
from aistudio.core.errors import OutputNotWritable, UserError
from aistudio.core.fs import atomic_write_text, clean_stale_temps, fsync_dir

FOLDER = "checkpoints"
EVALUATED = "evaluated"  # its samples were drawn and handed on
KEEP = 3  # checkpoints kept besides the best one (--keep-checkpoints)


def _name(step: int) -> str:
    return f"step-{step:06d}"


def step_dir(out_dir: Path, step: int) -> Path:
    """The folder of the checkpoint at `step`."""
    return out_dir / FOLDER / _name(step)


def steps(out_dir: Path) -> list[int]:
    """The steps complete checkpoints were written at."""
    found = (out_dir / FOLDER).glob("step-*/state.json")
    return sorted(int(p.parent.name.removeprefix("step-")) for p in found)


def save(
    out_dir: Path,
    step: int,
    lora: dict[str, Any],
    optimizer: dict[str, Any],
    meta: dict[str, Any],
    more: dict[str, dict[str, Any]] | None = None,
) -> Path:
    """Write a checkpoint into a temporary folder, rename it into place, sync the folder and
    point `latest` at it (a rename is atomic: readers see all of it or none); only then is a
    folder it replaces deleted. `more` are further .safetensors files by name (the EMA's)."""
    root = out_dir / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    final = root / _name(step)
    tmp = root / f".tmp-{_name(step)}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        _write(tmp, _files(step, lora, optimizer, meta, more))
    except OSError as exc:  # a full disk: a clear error, and the last checkpoint stands
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputNotWritable(
            f"cannot write the checkpoint of step {step} in {root}: "
            f"{diskcheck.describe(exc)} (it resumes from the last checkpoint)"
        ) from None
    # A rerun's same step (saved before a kill, never pointed at): the new one wins, but the
    # old one is moved aside, not deleted, until the new one is in place.
    old = _set_aside(final)
    os.replace(tmp, final)
    fsync_dir(root)
    atomic_write_text(root / "latest", final.name + "\n")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def _files(
    step: int,
    lora: dict[str, Any],
    optimizer: dict[str, Any],
    meta: dict[str, Any],
    more: dict[str, dict[str, Any]] | None,
) -> dict[str, bytes]:
    """A checkpoint's files by name, serialised in memory (written by _write: a full disk is
    then an OSError; torch.save's own writer says only 'unexpected pos'); state.json last."""
    import io

    import torch
    from safetensors.torch import save

    out = {
        f"{name}.safetensors": save({k: v.detach().cpu().contiguous() for k, v in state.items()})
        for name, state in {"lora": lora, **(more or {})}.items()
    }
    buffer = io.BytesIO()
    torch.save(optimizer, buffer)
    out["optimizer.pt"] = buffer.getvalue()
    out["state.json"] = json.dumps({"step": step, **meta}, indent=2).encode()  # complete: last
    return out


def _write(tmp: Path, files: dict[str, bytes]) -> None:
    """The files in a folder of their own, each synced, then the folder."""
    tmp.mkdir()
    for name, blob in files.items():
        with open(tmp / name, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
    fsync_dir(tmp)


def check_space(out_dir: Path, weights: int, saves: int, keep: int) -> None:
    """Refuse to start a training whose checkpoints will not fit: each holds the weights, the
    optimizer's two moments and, with an average, its copies (about 5x the weights' bytes);
    `keep` of them stay, plus the best and the one being written."""
    diskcheck.check_writable([out_dir / FOLDER])
    need = diskcheck.MARGIN_BYTES + 5 * weights * (min(keep, saves) + 2)
    diskcheck.check_free_space(out_dir, need, unspent="nothing was trained yet")


def _set_aside(path: Path) -> Path | None:
    """Rename a checkpoint folder out of sight, to delete it after (a kill leaves it to be
    cleared at the next start); None when there is none."""
    aside = path.with_name(f".old-{path.name}-{os.getpid()}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    return aside


def check_keep(keep: int) -> None:
    """A training keeps one checkpoint at least: the one it resumes from."""
    if keep < 1:
        raise UserError(f"--keep-checkpoints: at least 1 (the one to resume from), not {keep}")


def prune(out_dir: Path, keep: int, best: int | None) -> list[int]:
    """Delete all checkpoints but the last `keep`, the best one and the one `latest` names;
    the steps deleted."""
    have = steps(out_dir)
    pointed = latest(out_dir)
    spared = set(have[-keep:] if keep > 0 else []) | {best}
    if pointed is not None:
        spared.add(int(pointed.name.removeprefix("step-")))
    gone = [s for s in have if s not in spared]
    for step in gone:
        aside = _set_aside(step_dir(out_dir, step))
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    if gone:
        fsync_dir(out_dir / FOLDER)
    return gone


def latest(out_dir: Path) -> Path | None:
    """The last complete checkpoint, if any."""
    pointer = out_dir / FOLDER / "latest"
    if not pointer.is_file():
        return None
    path = out_dir / FOLDER / pointer.read_text().strip()
    return path if (path / "state.json").is_file() else None


def tensors(path: Path, name: str) -> dict[str, Any] | None:
    """One of a checkpoint's further tensor files (None when it has none by that name)."""
    from safetensors.torch import load_file

    file = path / f"{name}.safetensors"
    return load_file(file) if file.is_file() else None


def load(path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """LoRA weights, optimizer state and the state record of a checkpoint."""
    import torch
    from safetensors.torch import load_file

    lora = load_file(path / "lora.safetensors")
    optimizer = torch.load(path / "optimizer.pt", weights_only=True)
    return lora, optimizer, json.loads((path / "state.json").read_text())


@contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Hold the training folder alone (two processes on one folder would mix checkpoints),
    and clear what a killed save left behind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(
                f"{out_dir} is being trained by another process; wait for it or stop it"
            ) from None
        # Under the lock no other process writes here: every save's leftover is stale.
        for pattern in (".tmp-*", ".old-*"):
            for stale in (out_dir / FOLDER).glob(pattern):
                shutil.rmtree(stale, ignore_errors=True)
        folders = [out_dir, out_dir / FOLDER, *(out_dir / FOLDER).glob("step-*"),
                   *(out_dir / "samples").glob("step-*")]  # fmt: skip
        for folder in folders:  # atomic writes' temps: the LoRA file's, samples', marks'
            clean_stale_temps(folder, older_than=0)
        yield


def mark_evaluated(path: Path) -> None:
    """Note that a checkpoint's samples were drawn and scored."""
    atomic_write_text(path / EVALUATED, "")


def evaluated(path: Path) -> bool:
    """Whether a checkpoint's samples were drawn and scored."""
    return (path / EVALUATED).is_file()
