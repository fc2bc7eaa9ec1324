"""Fuse a LoRA's modules into the projections a file's names give them: the original Flux
models' q/k/v (and a single block's MLP input) are one Linear where diffusers has several."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aistudio.training.families import NameOf
from aistudio.training.lora_files.tensors import A, B, Weights

if TYPE_CHECKING:
    from torch import Tensor


def fuse(peft_state: Weights, name_of: NameOf) -> dict[str, tuple[Tensor, Tensor, int]]:
    """Each named module's down, up and part count. A projection of n parts gets the parts'
    downs stacked (rank n r) and their ups block-diagonal, so (alpha n / (n r)) up @ down is
    exactly the parts' weight changes stacked: what diffusers' Flux loaders read back as a
    "sparse" fused LoRA and split again. A module alone keeps its down and up."""
    import torch

    parts: dict[str, dict[int, tuple[Tensor, Tensor]]] = {}
    for key in peft_state:
        if key.endswith(A):
            module = key.removesuffix(A)
            name, place = name_of(module)
            parts.setdefault(name, {})[place] = (peft_state[key], peft_state[module + B])
    out: dict[str, tuple[Tensor, Tensor, int]] = {}
    for name, pieces in parts.items():
        ordered = [pieces[i] for i in sorted(pieces)]
        if len(ordered) == 1:
            out[name] = (*ordered[0], 1)
            continue
        downs, ups = [d for d, _ in ordered], [u for _, u in ordered]
        up = torch.block_diag(*ups)  # type: ignore[no-untyped-call]
        out[name] = (torch.cat(downs, dim=0), up, len(ordered))
    return out
