"""What every LoRA file writer shares: fp16 tensors, and a .safetensors file written atomically
with its metadata in a fixed order (safetensors keeps metadata in a hash map, whose order
changes from one process to the next: the same LoRA would get a different sha256)."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from aistudio.core.fs import atomic_write_bytes

if TYPE_CHECKING:
    from torch import Tensor

Weights: TypeAlias = "dict[str, Tensor]"  # a state dict: tensors by key

A, B = ".lora_A.weight", ".lora_B.weight"  # peft's down and up
DOWN, UP = ".lora_down.weight", ".lora_up.weight"  # kohya's


def half(tensor: Tensor) -> Tensor:
    """fp16, as kohya saves by default: half the size, and what every loader reads."""
    import torch

    return tensor.detach().to("cpu", torch.float16).contiguous()


def canonical(blob: bytes) -> bytes:
    """A serialised .safetensors file with its header's metadata sorted by key (tensors' data
    and offsets untouched), padded to 8 bytes as safetensors pads it."""
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])
    meta = header.pop("__metadata__", None)
    ordered = ({"__metadata__": dict(sorted(meta.items()))} if meta else {}) | header
    text = json.dumps(ordered, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + blob[8 + size :]


def save_file(path: Path, weights: Weights, metadata: dict[str, str]) -> Path:
    """Write the file atomically (a reader never sees half of it), the same bytes for the same
    weights and metadata."""
    from safetensors.torch import save

    atomic_write_bytes(path, canonical(save(weights, metadata=metadata)))
    return path
