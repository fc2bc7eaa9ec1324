"""A LoRA in diffusers' own format: peft's key names under the denoiser's component (`unet.`
or `transformer.`) and each text encoder's, with the adapter config diffusers reads its alpha
from. (diffusers' older `.lora.down` names lose the attention modules when projections and
feed-forward layers are trained beside them.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aistudio.training.lora_files.tensors import Weights, save_file

ADAPTER_KEY = "lora_adapter_metadata"  # where diffusers reads a LoRA's peft config


def write_diffusers(path: Path, peft_state: Weights, rank: int, alpha: float,
                    metadata: dict[str, str], prefix: str = "unet",
                    text_encoders: dict[str, Weights] | None = None) -> Path:  # fmt: skip
    """The file pipe.load_lora_weights reads, in the weights' own precision."""
    config: dict[str, Any] = {}
    weights: Weights = {}
    for part, state in {prefix: peft_state, **(text_encoders or {})}.items():
        modules = sorted({k.rsplit(".lora_", 1)[0] for k in state})
        config |= {f"{part}.r": rank, f"{part}.lora_alpha": alpha,
                   f"{part}.target_modules": modules}  # fmt: skip
        weights |= {f"{part}.{k}": v.detach().cpu().contiguous() for k, v in state.items()}
    meta = {"format": "pt", ADAPTER_KEY: json.dumps(config, sort_keys=True), **metadata}
    return save_file(path, weights, meta)
