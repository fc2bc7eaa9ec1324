"""Stable Diffusion 1.5: the UNet family's adapter (unet.UNetAdapter) and its kohya names
(sd-scripts' SD 1.x UNet keeps diffusers' module names)."""

from __future__ import annotations

from typing import Any, ClassVar

from aistudio.training.families.base import Naming
from aistudio.training.families.unet import UNetAdapter, clip_kohya_namer, kohya_unet_name

TEXT_ENCODERS = {"text_encoder": "lora_te"}


class Adapter(UNetAdapter):
    """A Stable Diffusion 1.x base: a diffusers folder, a single .safetensors file or a hub id."""

    family = "sd15"
    from_pretrained: ClassVar[dict[str, Any]] = {
        "safety_checker": None, "requires_safety_checker": False,
    }  # fmt: skip


NAMING = Naming(
    kohya=kohya_unet_name,
    text_encoder=clip_kohya_namer(TEXT_ENCODERS),
    text_encoders=TEXT_ENCODERS,
)
