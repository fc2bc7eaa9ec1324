"""Flux LoRAs in the layout kohya's sd-scripts writes and ComfyUI loads natively: the original
(BFL) block names, with diffusers' separate q, k, v (and a single block's MLP input) fused into
one projection, as the original model has them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# diffusers module (inside a block) -> (kohya module, its place in a fused projection)
DOUBLE: dict[str, tuple[str, int]] = {
    "attn.to_q": ("img_attn_qkv", 0),
    "attn.to_k": ("img_attn_qkv", 1),
    "attn.to_v": ("img_attn_qkv", 2),
    "attn.to_out.0": ("img_attn_proj", 0),
    "ff.net.0.proj": ("img_mlp_0", 0),
    "ff.net.2": ("img_mlp_2", 0),
    "norm1.linear": ("img_mod_lin", 0),
    "attn.add_q_proj": ("txt_attn_qkv", 0),
    "attn.add_k_proj": ("txt_attn_qkv", 1),
    "attn.add_v_proj": ("txt_attn_qkv", 2),
    "attn.to_add_out": ("txt_attn_proj", 0),
    "ff_context.net.0.proj": ("txt_mlp_0", 0),
    "ff_context.net.2": ("txt_mlp_2", 0),
    "norm1_context.linear": ("txt_mod_lin", 0),
}
SINGLE: dict[str, tuple[str, int]] = {
    "attn.to_q": ("linear1", 0),
    "attn.to_k": ("linear1", 1),
    "attn.to_v": ("linear1", 2),
    "proj_mlp": ("linear1", 3),
    "proj_out": ("linear2", 0),
    "norm.linear": ("modulation_lin", 0),
}
_BLOCK = re.compile(r"^(transformer_blocks|single_transformer_blocks)\.(\d+)\.(.+)$")


def kohya_flux_name(module: str) -> tuple[str, int]:
    """A diffusers Flux module's kohya name and its place in that module's fused projection."""
    found = _BLOCK.match(module)
    if found is None:
        raise ValueError(f"no kohya Flux name for {module}: not inside a transformer block")
    kind, index, rest = found.groups()
    table, block = (
        (DOUBLE, "double_blocks") if kind == "transformer_blocks" else (SINGLE, "single_blocks")
    )
    if rest not in table:
        raise ValueError(f"no kohya Flux name for {module}")
    name, place = table[rest]
    return f"lora_unet_{block}_{index}_{name}", place


def fuse(peft_state: dict[str, Any], name_of: Callable[[str], tuple[str, int]]
         ) -> dict[str, tuple[Any, Any, int]]:  # fmt: skip
    """Each fused module's down, up and part count. A projection of n parts gets the parts'
    downs stacked (rank n r) and their ups block-diagonal, so (alpha n / (n r)) up @ down is
    exactly the parts' weight changes stacked: what diffusers' Flux loaders read back as a
    "sparse" fused LoRA and split again."""
    import torch

    parts: dict[str, dict[int, tuple[Any, Any]]] = {}
    for key in peft_state:
        if key.endswith(".lora_A.weight"):
            module = key.removesuffix(".lora_A.weight")
            name, place = name_of(module)
            down, up = peft_state[key], peft_state[f"{module}.lora_B.weight"]
            parts.setdefault(name, {})[place] = (down, up)
    out: dict[str, tuple[Any, Any, int]] = {}
    for name, pieces in parts.items():
        ordered = [pieces[i] for i in sorted(pieces)]
        downs, ups = [d for d, _ in ordered], [u for _, u in ordered]
        up = torch.block_diag(*ups)  # type: ignore[no-untyped-call]
        out[name] = (torch.cat(downs, dim=0), up, len(ordered))
    return out


def to_kohya_flux(peft_state: dict[str, Any], alpha: float) -> dict[str, Any]:
    """Each kohya module's down, up and alpha (fused projections: alpha n, see fuse)."""
    import torch

    out: dict[str, Any] = {}
    for name, (down, up, n) in fuse(peft_state, kohya_flux_name).items():
        out[f"{name}.lora_down.weight"] = down
        out[f"{name}.lora_up.weight"] = up
        out[f"{name}.alpha"] = torch.tensor(float(alpha) * n)
    return out
