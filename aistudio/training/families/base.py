"""What every family's adapter is to the training loop: the Adapter protocol, a caption's
encoding (Cond), a noised example (Noised), how a family names its modules in LoRA files
(Naming), loading a base as a diffusers pipeline, and the one loop that draws samples."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from aistudio.core.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np
    from torch import Generator, Tensor, dtype

Cond = dict[str, "Tensor"]  # a caption's encoding: what the denoiser is conditioned on
# A diffusers module's name in a file, and its place in the fused projection it joins (0: alone)
NameOf = Callable[[str], tuple[str, int]]


class Noised(NamedTuple):
    """One training example's noisy input, its timestep, the prediction target, the weight."""

    noisy: Tensor
    timesteps: Tensor
    target: Tensor
    weight: Tensor


class Adapter(Protocol):
    """What the training loop asks of a base model."""

    device: str
    dtype: dtype
    align: int  # pixel sides are multiples of this
    denoiser: Any  # the UNet or transformer the LoRA trains (diffusers' models are untyped)

    def targets(self) -> list[str]: ...
    def text_encoders(self) -> dict[str, Any]: ...  # transformers' models (peft's add_adapter)
    def encode_text(self, captions: list[str]) -> Cond: ...
    def encode_image(self, pixels: Tensor) -> tuple[Tensor, Tensor]: ...
    def noised(self, x0: Tensor, noise: Tensor, g: Generator,
               min_snr_gamma: float | None) -> Noised: ...  # fmt: skip
    def predict(self, noisy: Tensor, timesteps: Tensor, cond: Cond) -> Tensor: ...
    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[np.ndarray[Any, Any]]: ...  # fmt: skip


def text_targets(encoder: Any) -> list[str]:
    """The text encoder modules kohya trains: every Linear of each CLIP encoder layer
    (attention q, k, v, out and the MLP's two); the text encoders a LoRA trains are CLIP's."""
    out = []
    for name, module in encoder.named_modules():
        if type(module).__name__ == "CLIPEncoderLayer":
            out += [
                f"{name}.{c}" for c, m in module.named_modules() if type(m).__name__ == "Linear"
            ]
    return out


def _no_text_encoder(part: str, module: str) -> str:
    raise ValueError(f"this family trains no text encoder LoRA ({part}.{module})")


@dataclass(frozen=True)
class Naming:
    """How a family's LoRA modules are named in the single files people load."""

    kohya: NameOf | None = None  # kohya's `lora_unet_...` names; None: no kohya layout
    comfyui: NameOf | None = None  # ComfyUI's native names (after `diffusion_model.`)
    text_encoder: Callable[[str, str], str] = _no_text_encoder  # (component, module) -> kohya's
    text_encoders: Mapping[str, str] = field(default_factory=dict)  # component -> kohya prefix


def same_name(module: str) -> tuple[str, int]:
    """A module named in the file as diffusers names it."""
    return module, 0


def is_file(base: str) -> bool:
    """Whether the base is a single checkpoint file (not a folder or a hub id)."""
    return base.endswith((".safetensors", ".ckpt")) and Path(base).is_file()


def load_pipeline(
    pipeline: str,
    base: str,
    dtype: Any,
    parts: str | None = None,
    *,
    transformer: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Any:
    """A diffusers pipeline from a single .safetensors/.ckpt file (SD: the whole checkpoint;
    a family with a `transformer` class: the transformer, the rest from `parts`), a folder or
    a hub id; `extra` goes to from_pretrained."""
    import diffusers

    cls = getattr(diffusers, pipeline)
    try:
        if is_file(base) and transformer and parts:
            kind = getattr(diffusers, transformer)
            single = kind.from_single_file(
                base, config=parts, subfolder="transformer", torch_dtype=dtype
            )
            return cls.from_pretrained(parts, transformer=single, dtype=dtype)
        if is_file(base):
            return cls.from_single_file(base, dtype=dtype)
        return cls.from_pretrained(base, dtype=dtype, **(extra or {}))
    except (OSError, ValueError, KeyError) as exc:  # no such folder, no network, wrong family
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"base model {base!r} could not be loaded as a {pipeline} ({first}); give --base a "
            "checkpoint file, a diffusers folder or a hub id this machine can download, of the "
            "--family chosen"
        ) from exc


def to_uint8(image: Any) -> Any:
    """A pipeline's float image in [0, 1] as uint8 RGB."""
    return (image * 255).round().clip(0, 255).astype("uint8")


def draw(
    pipe: Any,
    prompts: list[str],
    seeds: list[int],
    steps: int,
    size: int,
    device: str,
    args: Callable[[str], dict[str, Any]],
) -> list[Any]:
    """One image per prompt and seed from a pipeline (its progress bar off), each prompt's
    arguments as the family passes them: uint8 RGB arrays."""
    import torch

    pipe.set_progress_bar_config(disable=True)
    out = []
    for prompt, seed in zip(prompts, seeds, strict=True):
        images = pipe(
            **args(prompt), num_inference_steps=steps, height=size, width=size,
            output_type="np", generator=torch.Generator(device).manual_seed(seed),
        ).images  # fmt: skip
        out.append(to_uint8(images[0]))
    return out
