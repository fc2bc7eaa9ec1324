"""A LoRA in kohya's key format (what ComfyUI, A1111/Forge and diffusers all read for SD and
Flux.1): `lora_down` / `lora_up` and a `.alpha` per module under the names the family gives,
with kohya's `ss_*` and modelspec metadata."""

from __future__ import annotations

import json
from pathlib import Path

from aistudio.core.families import SPECS
from aistudio.training.families import NameOf, naming
from aistudio.training.lora_files.fusion import fuse
from aistudio.training.lora_files.resize import MAX_BYTES, fit
from aistudio.training.lora_files.tensors import DOWN, UP, A, Weights, half, save_file


def kohya_name(module: str, part: str = "unet", family: str = "sd15") -> str:
    """kohya's name for a module of the denoiser (`part` "unet") or of a text encoder."""
    return _namer(part, family)(module)[0]


def _namer(part: str, family: str) -> NameOf:
    """The family's kohya names for the denoiser's modules or a text encoder's."""
    names = naming(family)
    if part != "unet":
        return lambda module: (names.text_encoder(part, module), 0)
    if names.kohya is None:
        raise ValueError(f"{family} LoRAs have no kohya names")
    return names.kohya


def to_kohya(
    peft_state: Weights, alpha: float, part: str = "unet", family: str = "sd15"
) -> Weights:
    """peft's `x.lora_A.weight` / `x.lora_B.weight` as kohya's `lora_down` / `lora_up` in
    fp16, with the `.alpha` kohya stores per module (a fused projection of n parts: alpha n,
    see fusion.fuse)."""
    import torch

    name_of = _namer(part, family)
    unknown = [k for k in peft_state if not k.endswith((A, ".lora_B.weight"))]
    if unknown:
        raise ValueError(f"not a LoRA weight: {unknown[0]}")
    out: Weights = {}
    for name, (down, up, n) in fuse(peft_state, name_of).items():
        out[name + DOWN] = half(down)
        out[name + UP] = half(up)
        out[f"{name}.alpha"] = half(torch.tensor(float(alpha) * n))
    return out


def kohya_metadata(
    *,
    family: str,
    rank: int,
    alpha: float,
    resolution: int,
    steps: int,
    trigger: str,
    title: str,
    tag_frequency: dict[str, dict[str, int]],
    extra: dict[str, str],
) -> dict[str, str]:
    """The keys kohya's trainer writes (ss_*) and the modelspec ones, plus the studio's own."""
    spec = SPECS[family]
    return {
        "ss_network_module": "networks.lora",
        "ss_network_dim": str(rank),
        "ss_network_alpha": str(alpha),
        "ss_base_model_version": spec.kohya_version,
        "ss_resolution": f"({resolution}, {resolution})",
        "ss_max_train_steps": str(steps),
        "ss_tag_frequency": json.dumps(tag_frequency),
        "modelspec.sai_model_spec": "1.0.0",
        "modelspec.architecture": spec.architecture,
        "modelspec.implementation": "https://github.com/Stability-AI/generative-models",
        "modelspec.title": title,
        "modelspec.trigger_phrase": trigger,
        "modelspec.resolution": f"{resolution}x{resolution}",
        **extra,
    }


def write_kohya(path: Path, peft_state: Weights, alpha: float, metadata: dict[str, str],
                family: str = "sd15", max_bytes: int = MAX_BYTES,
                text_encoders: dict[str, Weights] | None = None,
                max_rank: int | None = None) -> Path:  # fmt: skip
    """A LoRA in kohya's key format (text encoders' modules too, when trained), its rank
    lowered (kohya's resize) when the file would weigh more than max_bytes or the rank is
    over max_rank."""
    state = to_kohya(peft_state, alpha, family=family)
    for part, te in (text_encoders or {}).items():
        state.update(to_kohya(te, alpha, part=part, family=family))
    weights, resized = fit(state, max_bytes, max_rank)
    return save_file(path, weights, {**metadata, **resized})
