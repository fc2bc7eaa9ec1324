"""The base families a LoRA trains on, each an adapter with one shape the loop relies on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from aistudio.core.errors import ConfigError
from aistudio.core.families import SPECS
from aistudio.training.flux import Flux
from aistudio.training.flux2 import Flux2Klein
from aistudio.training.qwen_image import QwenImage
from aistudio.training.sd15 import SD15, Cond, Noised
from aistudio.training.sdxl import SDXL
from aistudio.training.zimage import ZImage


class Adapter(Protocol):
    """What the training loop asks of a base model."""

    device: str
    dtype: Any
    align: int  # pixel sides are multiples of this
    denoiser: Any  # the UNet or transformer the LoRA trains

    def targets(self) -> list[str]: ...
    def text_encoders(self) -> dict[str, Any]: ...
    def encode_text(self, captions: list[str]) -> Cond: ...
    def encode_image(self, pixels: Any) -> tuple[Any, Any]: ...
    def noised(self, x0: Any, noise: Any, g: Any, min_snr_gamma: float | None) -> Noised: ...
    def predict(self, noisy: Any, timesteps: Any, cond: Cond) -> Any: ...
    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]: ...  # fmt: skip


ADAPTERS: dict[str, Callable[[str, str, Any, str | None], Adapter]] = {
    "sd15": SD15, "sdxl": SDXL, "flux": Flux, "zimage": ZImage, "flux2-klein": Flux2Klein,
    "qwen-image": QwenImage,
}  # fmt: skip


def diffusers_prefix(family: str) -> str:
    """The component a family's LoRA modules belong to in diffusers' files."""
    return "unet" if SPECS[family].unet else "transformer"


def load_adapter(
    family: str, base: str, device: str, dtype: Any, parts: str | None = None
) -> Adapter:
    """The family's adapter over a base model (a single transformer file: with `parts`)."""
    if family not in ADAPTERS:
        raise ConfigError(f"the {family} family cannot be trained by this version of aistudio")
    return ADAPTERS[family](base, device, dtype, parts)
