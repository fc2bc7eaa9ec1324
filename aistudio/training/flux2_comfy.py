"""FLUX.2 LoRAs under the original model's (BFL) names, as ComfyUI's FLUX.2 model has its
weights: a double block's q, k, v fused into one `qkv` per stream (flux_kohya.fuse); a single
block's fused projection is one module in diffusers too."""

from __future__ import annotations

import re
from typing import Any

from aistudio.training.flux_kohya import fuse

DOUBLE: dict[str, tuple[str, int]] = {
    "attn.to_q": ("img_attn.qkv", 0),
    "attn.to_k": ("img_attn.qkv", 1),
    "attn.to_v": ("img_attn.qkv", 2),
    "attn.to_out.0": ("img_attn.proj", 0),
    "attn.add_q_proj": ("txt_attn.qkv", 0),
    "attn.add_k_proj": ("txt_attn.qkv", 1),
    "attn.add_v_proj": ("txt_attn.qkv", 2),
    "attn.to_add_out": ("txt_attn.proj", 0),
    "ff.linear_in": ("img_mlp.0", 0),
    "ff.linear_out": ("img_mlp.2", 0),
    "ff_context.linear_in": ("txt_mlp.0", 0),
    "ff_context.linear_out": ("txt_mlp.2", 0),
}
SINGLE: dict[str, tuple[str, int]] = {
    "attn.to_qkv_mlp_proj": ("linear1", 0),
    "attn.to_out": ("linear2", 0),
}
_BLOCK = re.compile(r"^(transformer_blocks|single_transformer_blocks)\.(\d+)\.(.+)$")


def native_name(module: str) -> tuple[str, int]:
    """A diffusers FLUX.2 module's original name and its place in a fused projection."""
    found = _BLOCK.match(module)
    kind, index, rest = found.groups() if found else ("", "", "")
    table, block = (DOUBLE, "double_blocks") if kind == "transformer_blocks" else (
        SINGLE, "single_blocks")  # fmt: skip
    if rest not in table:
        raise ValueError(f"no original FLUX.2 name for {module}")
    name, place = table[rest]
    return f"{block}.{index}.{name}", place


def to_native(peft_state: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each original module's (down, up): fused ones of rank n r, whose alpha the caller
    scales by n (write_comfyui does, from the down's rows)."""
    return {name: (down, up) for name, (down, up, _) in fuse(peft_state, native_name).items()}
