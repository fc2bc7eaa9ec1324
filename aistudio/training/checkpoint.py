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

from aistudio.core.errors import UserError
from aistudio.core.fs import atomic_write_text

FOLDER = "checkpoints"
EVALUATED = "evaluated"  # its samples were drawn and handed on


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
    """Write a checkpoint into a temporary folder, then rename it into place and point
    `latest` at it (a rename is atomic: readers see all of it or none). `more` are further
    .safetensors files by name (the EMA's)."""
    import torch
    from safetensors.torch import save_file

    root = out_dir / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    final = root / _name(step)
    tmp = root / f".tmp-{_name(step)}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    files = {"lora": lora, **(more or {})}
    for name, state in files.items():
        save_file({k: v.detach().cpu().contiguous() for k, v in state.items()},
                  tmp / f"{name}.safetensors")  # fmt: skip
    torch.save(optimizer, tmp / "optimizer.pt")
    (tmp / "state.json").write_text(json.dumps({"step": step, **meta}, indent=2))
    for f in tmp.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    shutil.rmtree(final, ignore_errors=True)  # a rerun's same step: the new one wins
    os.replace(tmp, final)
    atomic_write_text(root / "latest", final.name + "\n")
    return final


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
        for stale in (out_dir / FOLDER).glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        yield


def mark_evaluated(path: Path) -> None:
    """Note that a checkpoint's samples were drawn and scored."""
    atomic_write_text(path / EVALUATED, "")


def evaluated(path: Path) -> bool:
    """Whether a checkpoint's samples were drawn and scored."""
    return (path / EVALUATED).is_file()
