"""Latents and text encodings, computed once per dataset, base and resolution and kept on
disk: a rerun or another training of the same data never runs the VAE or text encoder again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aistudio.core.fs import atomic_write_bytes
from aistudio.training.families import Cond

logger = logging.getLogger(__name__)


@dataclass
class Encoded:
    """Per example: the latent distribution (mean, std) and the caption's encoding."""

    latents: list[tuple[Any, Any]]
    texts: list[Cond]
    empty: Cond  # the empty caption's encoding (caption dropout)


def encode_all(model: Any, examples: list[Any], cache: Path | None) -> Encoded:
    """The examples' encodings: read from `cache` when it holds them, else computed (and
    written there)."""
    import torch
    from safetensors.torch import load_file, save

    device, dtype = model.device, model.dtype
    if cache is not None and cache.is_file():
        stored = load_file(cache)
        if int(stored["count"]) == len(examples):
            logger.info("encodings from %s", cache)

            def get(key: str) -> Any:
                return _own(stored[key], device, dtype)

            def cond(prefix: str) -> Cond:
                return {k.split(".")[-1]: get(k) for k in stored if k.startswith(prefix + ".")}

            return Encoded(
                [(get(f"mean.{i}"), get(f"std.{i}")) for i in range(len(examples))],
                [cond(f"text.{i}") for i in range(len(examples))],
                cond("empty"),
            )
    with torch.no_grad():
        pairs = [model.encode_image(torch.from_numpy(e.pixels)[None]) for e in examples]
        latents = [(_own(m, device, dtype), _own(s, device, dtype)) for m, s in pairs]
        texts = [_own_cond(model.encode_text([e.caption]), device, dtype) for e in examples]
        empty = _own_cond(model.encode_text([""]), device, dtype)
    if cache is not None:
        blob: dict[str, Any] = {"count": torch.tensor(len(examples))}
        blob.update({f"empty.{k}": v for k, v in empty.items()})
        for i, ((mean, std), text) in enumerate(zip(latents, texts, strict=True)):
            blob.update({f"mean.{i}": mean, f"std.{i}": std})
            blob.update({f"text.{i}.{k}": v for k, v in text.items()})
        atomic_write_bytes(cache, save({k: v.cpu().contiguous() for k, v in blob.items()}))
    return Encoded(latents, texts, empty)


def _own(tensor: Any, device: Any, dtype: Any) -> Any:
    """A contiguous copy in memory of its own, aligned as the allocator aligns it."""
    # Computed encodings can be views into a larger output, and read ones are the file's mapped
    # bytes wherever its layout puts them; a CPU matmul rounds otherwise on an input that is not
    # 64-byte aligned, so a run on cached encodings (a resumed one) drifted from one that
    # computed them. Both get the same kind of tensor.
    import torch

    return tensor.to(device, dtype, memory_format=torch.contiguous_format, copy=True)


def _own_cond(cond: Cond, device: Any, dtype: Any) -> Cond:
    """Each of a caption's encodings as a tensor of its own."""
    return {k: _own(v, device, dtype) for k, v in cond.items()}
