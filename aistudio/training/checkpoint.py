"""Training checkpoints, written atomically: a kill at any moment, mid-save included, leaves the
last complete one to resume from."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from aistudio.core.fs import atomic_write_text

FOLDER = "checkpoints"


def _name(step: int) -> str:
    return f"step-{step:06d}"


def save(out_dir: Path, step: int, lora: dict[str, Any], optimizer: dict[str, Any],
         meta: dict[str, Any]) -> Path:  # fmt: skip
    """Write a checkpoint into a temporary folder, then rename it into place and point
    `latest` at it (a rename is atomic: readers see all of it or none)."""
    import torch
    from safetensors.torch import save_file

    root = out_dir / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    final = root / _name(step)
    tmp = root / f".tmp-{_name(step)}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    save_file({k: v.detach().cpu().contiguous() for k, v in lora.items()}, tmp / "lora.safetensors")
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


def load(path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """LoRA weights, optimizer state and the state record of a checkpoint."""
    import torch
    from safetensors.torch import load_file

    lora = load_file(path / "lora.safetensors")
    optimizer = torch.load(path / "optimizer.pt", weights_only=True)
    return lora, optimizer, json.loads((path / "state.json").read_text())
