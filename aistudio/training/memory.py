"""What makes a training fit a 16-24 GB card besides gradient checkpointing: the base's
Linear weights in int8 (torchao, weight-only: the LoRA still trains in fp32 beside them) and
bitsandbytes' 8-bit AdamW (its two moments in 8 bits a value)."""

from __future__ import annotations

import logging
from typing import Any

from aistudio.core.errors import ConfigError

logger = logging.getLogger(__name__)
MIN_8BIT_SIZE = 4096  # smaller tensors keep 32-bit moments (bitsandbytes' default)


def quantize_base(net: Any, precision: str) -> None:
    """Quantize the denoiser's Linear weights in place (before the LoRA goes on them): the
    samples then draw at the precision the user will run such a base at."""
    if precision == "full":
        return
    try:
        from torchao.quantization import Int8WeightOnlyConfig, quantize_
    except ImportError as exc:
        raise ConfigError(
            "--base-precision int8 needs torchao: pip install -r requirements-ml.lock"
        ) from exc
    quantize_(net, Int8WeightOnlyConfig())
    logger.info("base weights quantized to int8 (torchao, weight-only)")


def make_optimizer(groups: list[dict[str, Any]], kind: str) -> Any:
    """AdamW over the LoRA's parameter groups: torch's, or bitsandbytes' 8-bit one."""
    import torch

    if kind == "adamw":
        return torch.optim.AdamW(groups)
    try:
        import bitsandbytes as bnb
    except ImportError as exc:
        raise ConfigError(
            "--optimizer adamw8bit needs bitsandbytes: pip install -r requirements-ml.lock"
        ) from exc
    optim: Any = bnb.optim  # untyped
    return optim.AdamW8bit(groups, min_8bit_size=MIN_8BIT_SIZE)
