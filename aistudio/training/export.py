"""A trained LoRA as the file people load: `.safetensors` in kohya's key format (what ComfyUI,
A1111/Forge and diffusers all read) or in diffusers' own, with kohya's `ss_*` and modelspec
metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aistudio.core.fs import atomic_write_bytes
from aistudio.training.resize import MAX_BYTES, fit

PREFIX = {"unet": "lora_unet", "text_encoder": "lora_te"}
TE_PREFIX = {  # kohya's text encoder prefixes by family and diffusers component
    "sd15": {"text_encoder": "lora_te"},
    "sdxl": {"text_encoder": "lora_te1", "text_encoder_2": "lora_te2"},
}
PARTS = ((".lora_A.weight", "lora_down"), (".lora_B.weight", "lora_up"))
ADAPTER_KEY = "lora_adapter_metadata"  # where diffusers reads a LoRA's peft config
# What kohya writes as the base model's version and modelspec's architecture, per family
VERSION = {"sd15": "sd_v1", "sdxl": "sdxl_base_v1-0", "flux": "flux1", "zimage": "z_image",
           "flux2-klein": "flux2_klein", "qwen-image": "qwen_image"}  # fmt: skip
ARCHITECTURE = {
    "sd15": "stable-diffusion-v1/lora",
    "sdxl": "stable-diffusion-xl-v1-base/lora",
    "flux": "flux-1-dev/lora",
    "zimage": "z-image/lora",
    "flux2-klein": "flux-2-klein/lora",
    "qwen-image": "qwen-image/lora",
}
SDXL_LAYERS = 2  # resnets per SDXL down block (the original UNet's block numbering counts them)


def sgm_name(module: str, per_block: int = SDXL_LAYERS) -> str:
    """A diffusers SDXL UNet module's name in the original (SGM) UNet, which kohya's SDXL
    LoRAs use: down_blocks.i.attentions.j -> input_blocks.(1 + i(n+1) + j).1, up_blocks ->
    output_blocks.(i(n+1) + j).1, mid_block.attentions.0 -> middle_block.1."""
    parts = module.split(".")
    if len(parts) > 4 and parts[0] in ("down_blocks", "up_blocks") and parts[2] == "attentions":
        i, j = int(parts[1]), int(parts[3])
        head = (
            f"input_blocks.{1 + i * (per_block + 1) + j}.1"
            if parts[0] == "down_blocks"
            else f"output_blocks.{i * (per_block + 1) + j}.1"
        )
        return ".".join([head, *parts[4:]])
    if parts[:3] == ["mid_block", "attentions", "0"]:
        return ".".join(["middle_block.1", *parts[3:]])
    raise ValueError(f"no SDXL name for {module}: not inside a transformer block")


def kohya_name(module: str, part: str = "unet", family: str = "sd15") -> str:
    """kohya's module name: its prefix and the module's path, dots turned to underscores
    (sd-scripts' SD 1.x UNet has diffusers' module names; its SDXL UNet, the original's)."""
    if family == "sdxl" and part == "unet":
        module = sgm_name(module)
    if part != "unet" and not module.startswith("text_model."):
        # transformers 5 dropped CLIPTextModel's text_model level; kohya's names keep it
        module = "text_model." + module
    prefix = PREFIX["unet"] if part == "unet" else TE_PREFIX[family][part]
    return f"{prefix}_{module.replace('.', '_')}"


def _half(tensor: Any) -> Any:
    """fp16, as kohya saves by default: half the size, and what every loader reads."""
    import torch

    return tensor.detach().to("cpu", torch.float16).contiguous()


def to_kohya(
    peft_state: dict[str, Any], alpha: float, part: str = "unet", family: str = "sd15"
) -> dict[str, Any]:
    """peft's `x.lora_A.weight` / `x.lora_B.weight` as kohya's `lora_down` / `lora_up`, with
    the `.alpha` kohya stores per module (Flux: its fused projections, flux_kohya)."""
    import torch

    if family == "flux":
        from aistudio.training.flux_kohya import to_kohya_flux

        return {k: _half(v) for k, v in to_kohya_flux(peft_state, alpha).items()}
    out: dict[str, Any] = {}
    for key, tensor in peft_state.items():
        for peft_part, kohya_part in PARTS:
            if key.endswith(peft_part):
                name = kohya_name(key.removesuffix(peft_part), part, family)
                out[f"{name}.{kohya_part}.weight"] = _half(tensor)
                out[f"{name}.alpha"] = _half(torch.tensor(float(alpha)))
                break
        else:
            raise ValueError(f"not a LoRA weight: {key}")
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
    return {
        "ss_network_module": "networks.lora",
        "ss_network_dim": str(rank),
        "ss_network_alpha": str(alpha),
        "ss_base_model_version": VERSION[family],
        "ss_resolution": f"({resolution}, {resolution})",
        "ss_max_train_steps": str(steps),
        "ss_tag_frequency": json.dumps(tag_frequency),
        "modelspec.sai_model_spec": "1.0.0",
        "modelspec.architecture": ARCHITECTURE[family],
        "modelspec.implementation": "https://github.com/Stability-AI/generative-models",
        "modelspec.title": title,
        "modelspec.trigger_phrase": trigger,
        "modelspec.resolution": f"{resolution}x{resolution}",
        **extra,
    }


def _save(path: Path, weights: dict[str, Any], metadata: dict[str, str]) -> Path:
    """Write the file atomically (a reader never sees half of it)."""
    from safetensors.torch import save

    atomic_write_bytes(path, save(weights, metadata=metadata))
    return path


def write_kohya(path: Path, peft_state: dict[str, Any], alpha: float, metadata: dict[str, str],
                family: str = "sd15", max_bytes: int = MAX_BYTES,
                text_encoders: dict[str, dict[str, Any]] | None = None) -> Path:  # fmt: skip
    """A LoRA in kohya's key format (text encoders' modules too, when trained), its rank
    lowered (kohya's resize) when the file would weigh more than max_bytes."""
    state = to_kohya(peft_state, alpha, family=family)
    for part, te in (text_encoders or {}).items():
        state.update(to_kohya(te, alpha, part=part, family=family))
    weights, resized = fit(state, max_bytes)
    return _save(path, weights, {**metadata, **resized})


def write_diffusers(path: Path, peft_state: dict[str, Any], rank: int, alpha: float,
                    metadata: dict[str, str], prefix: str = "unet",
                    text_encoders: dict[str, dict[str, Any]] | None = None) -> Path:  # fmt: skip
    """A LoRA in diffusers' format: peft's key names under `unet.` (`transformer.` for Flux),
    and the adapter config diffusers reads its alpha from. (diffusers' older `.lora.down`
    names lose the attention modules when projections and feed-forward layers are trained
    beside them.)"""
    config: dict[str, Any] = {}
    weights: dict[str, Any] = {}
    for part, state in {prefix: peft_state, **(text_encoders or {})}.items():
        modules = sorted({k.rsplit(".lora_", 1)[0] for k in state})
        config |= {f"{part}.r": rank, f"{part}.lora_alpha": alpha,
                   f"{part}.target_modules": modules}  # fmt: skip
        weights |= {f"{part}.{k}": v.detach().cpu().contiguous() for k, v in state.items()}
    meta = {"format": "pt", ADAPTER_KEY: json.dumps(config, sort_keys=True), **metadata}
    return _save(path, weights, meta)


def load_text_encoders(checkpoint_dir: Path) -> dict[str, dict[str, Any]]:
    """A checkpoint's text encoder LoRAs by component (their average when kept); none when
    the training left the text encoders alone."""
    from safetensors.torch import load_file

    averaged = checkpoint_dir / "lora_te_ema.safetensors"
    file = averaged if averaged.is_file() else checkpoint_dir / "lora_te.safetensors"
    if not file.is_file():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, tensor in load_file(file).items():
        part, rest = key.split(".", 1)
        out.setdefault(part, {})[rest] = tensor
    return out


def load_lora(checkpoint_dir: Path) -> tuple[dict[str, Any], int, float]:
    """A checkpoint's peft LoRA weights (their average, when the training kept one), rank and
    alpha."""
    from safetensors.torch import load_file

    params = json.loads((checkpoint_dir / "state.json").read_text())["params"]
    rank = int(params["rank"])
    averaged = checkpoint_dir / "lora_ema.safetensors"
    file = averaged if averaged.is_file() else checkpoint_dir / "lora.safetensors"
    return load_file(file), rank, float(params.get("alpha") or rank)
