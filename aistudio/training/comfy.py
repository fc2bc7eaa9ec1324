"""A 2026-family LoRA in the layout ComfyUI loads natively: `diffusion_model.` + the module
names its key map accepts (comfy/lora.py, model_lora_keys_unet), as peft's lora_A / lora_B
with alpha folded into lora_B. diffusers reads the same file (its ComfyUI converters): they
take lora_A / lora_B, and FLUX.2's fails on `.alpha` keys, so none are written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aistudio.training.export import _half, _save
from aistudio.training.resize import fit

PREFIX = "diffusion_model."
A, B = ".lora_A.weight", ".lora_B.weight"


def comfy_modules(family: str, peft_state: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each module's (down, up) under ComfyUI's name for it. Z-Image: diffusers' names (its
    Lumina2 branch maps to_q/k/v onto the fused qkv); Qwen-Image: its native names, which
    diffusers' are; FLUX.2: the original model's, q/k/v fused (flux2_comfy)."""
    if family == "flux2-klein":
        from aistudio.training.flux2_comfy import to_native

        return to_native(peft_state)
    names = sorted(k.removesuffix(A) for k in peft_state if k.endswith(A))
    return {m: (peft_state[m + A], peft_state[m + B]) for m in names}


def write_comfyui(path: Path, peft_state: dict[str, Any], alpha: float, rank: int,
                  metadata: dict[str, str], family: str,
                  max_bytes: int | None = None) -> Path:  # fmt: skip
    """The file at the trained rank, or lowered (kohya's resize) to weigh at most max_bytes:
    these families' LoRAs weigh 100-600 MB at rank 32, as their trainers' do, and a resize to
    100 MB would cut a Qwen-Image LoRA to rank 5."""
    import torch

    kohya: dict[str, Any] = {}
    for name, (down, up) in comfy_modules(family, peft_state).items():
        kohya[f"{PREFIX}{name}.lora_down.weight"] = _half(down)
        kohya[f"{PREFIX}{name}.lora_up.weight"] = _half(up)
        kohya[f"{PREFIX}{name}.alpha"] = _half(torch.tensor(float(alpha * down.shape[0] / rank)))
    weights, resized = fit(kohya, max_bytes)
    out: dict[str, Any] = {}
    for key in [k for k in weights if k.endswith(".lora_down.weight")]:
        name = key.removesuffix(".lora_down.weight")
        down, up = weights[key], weights[f"{name}.lora_up.weight"]
        scale = float(weights[f"{name}.alpha"]) / down.shape[0]
        out[name + A] = down
        out[name + B] = _half(up.float() * scale)
    meta = {**metadata, "ss_network_alpha": metadata.get("ss_network_dim", str(rank)), **resized}
    meta["aistudio.alpha"] = f"{alpha:g}, folded into lora_B"
    return _save(path, out, meta)
