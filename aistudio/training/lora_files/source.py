"""A checkpoint's LoRA weights as every writer starts from them: peft's state dicts (the
weights' average, when the training kept one), the rank and alpha they were trained at."""

from __future__ import annotations

import json
from pathlib import Path

from aistudio.training.lora_files.tensors import Weights


def load_lora(checkpoint_dir: Path) -> tuple[Weights, int, float]:
    """A checkpoint's peft LoRA weights (their average, when the training kept one), rank and
    alpha."""
    from safetensors.torch import load_file

    params = json.loads((checkpoint_dir / "state.json").read_text())["params"]
    rank = int(params["rank"])
    averaged = checkpoint_dir / "lora_ema.safetensors"
    file = averaged if averaged.is_file() else checkpoint_dir / "lora.safetensors"
    return load_file(file), rank, float(params.get("alpha") or rank)


def load_text_encoders(checkpoint_dir: Path) -> dict[str, Weights]:
    """A checkpoint's text encoder LoRAs by component (their average when kept); none when
    the training left the text encoders alone."""
    from safetensors.torch import load_file

    averaged = checkpoint_dir / "lora_te_ema.safetensors"
    file = averaged if averaged.is_file() else checkpoint_dir / "lora_te.safetensors"
    if not file.is_file():
        return {}
    out: dict[str, Weights] = {}
    for key, tensor in load_file(file).items():
        part, rest = key.split(".", 1)
        out.setdefault(part, {})[rest] = tensor
    return out
