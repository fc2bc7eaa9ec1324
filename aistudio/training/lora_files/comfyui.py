"""A 2026-family LoRA in the layout ComfyUI loads natively: `diffusion_model.` + the module
names its key map accepts (comfy/lora.py, model_lora_keys_unet) as the family gives them, as
peft's lora_A / lora_B with alpha folded into lora_B. diffusers reads the same file (its
ComfyUI converters): they take lora_A / lora_B, and FLUX.2's fails on `.alpha` keys, so none
are written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aistudio.training.families import naming
from aistudio.training.lora_files.fusion import fuse
from aistudio.training.lora_files.resize import fit
from aistudio.training.lora_files.tensors import DOWN, UP, A, B, Weights, half, save_file

if TYPE_CHECKING:
    from torch import Tensor

PREFIX = "diffusion_model."


def comfy_modules(family: str, peft_state: Weights) -> dict[str, tuple[Tensor, Tensor]]:
    """Each module's (down, up) under ComfyUI's name for it (fused ones of rank n r, whose
    alpha write_comfyui scales by n, from the down's rows)."""
    name_of = naming(family).comfyui
    if name_of is None:
        raise ValueError(f"{family} LoRAs are written in kohya's layout, not ComfyUI's own")
    return {name: (down, up) for name, (down, up, _) in fuse(peft_state, name_of).items()}


def write_comfyui(path: Path, peft_state: Weights, alpha: float, rank: int,
                  metadata: dict[str, str], family: str,
                  max_bytes: int | None = None,
                  max_rank: int | None = None) -> Path:  # fmt: skip
    """The file at the trained rank, or lowered (kohya's resize) to weigh at most max_bytes
    and to a rank of at most max_rank:
    these families' LoRAs weigh 100-600 MB at rank 32, as their trainers' do, and a resize to
    100 MB would cut a Qwen-Image LoRA to rank 5."""
    import torch

    kohya: Weights = {}
    for name, (down, up) in comfy_modules(family, peft_state).items():
        kohya[PREFIX + name + DOWN] = half(down)
        kohya[PREFIX + name + UP] = half(up)
        kohya[f"{PREFIX}{name}.alpha"] = half(torch.tensor(float(alpha * down.shape[0] / rank)))
    weights, resized = fit(kohya, max_bytes, max_rank)
    out: Weights = {}
    for key in [k for k in weights if k.endswith(DOWN)]:
        name = key.removesuffix(DOWN)
        down, up = weights[key], weights[name + UP]
        scale = float(weights[f"{name}.alpha"]) / down.shape[0]
        out[name + A] = down
        out[name + B] = half(up.float() * scale)
    meta = {**metadata, "ss_network_alpha": metadata.get("ss_network_dim", str(rank)), **resized}
    meta["aistudio.alpha"] = f"{alpha:g}, folded into lora_B"
    return save_file(path, out, meta)
