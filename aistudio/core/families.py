"""The base model families a persona LoRA trains on: one table the dataset crops, the trainer,
the license check and `aistudio lora families` all read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Family = Literal["sd15", "sdxl", "flux", "zimage", "flux2-klein", "qwen-image"]
FAMILIES: tuple[Family, ...] = get_args(Family)
# A new model's family. Z-Image: Apache-2.0 (so a persona may be sold), 6B parameters that train
# at 1024 px in about 10-16 GB (a 16-24 GB card), and what 2026's persona guides train most.
DEFAULT_FAMILY: Family = "zimage"


@dataclass(frozen=True)
class FamilySpec:
    """A family's defaults and what training it costs."""

    name: Family
    title: str
    base: str  # the hub id trained on unless --base says otherwise
    resolution: int  # the buckets' side, pixels
    rank: int
    steps: int
    lr: float
    vram: str  # to train at `resolution` with the defaults (published figures until measured)
    source: str  # where the figure comes from
    note: str = ""
    # A UNet family: a single file is a whole checkpoint, its text encoders may take a LoRA,
    # and diffusers files put its modules under `unet.` (the others: a transformer's)
    unet: bool = False
    layout: Literal["kohya", "comfyui"] = "comfyui"  # the single-file LoRA it publishes
    # The most a training may ask for: far above what a persona LoRA needs, low enough that
    # one request cannot hold the GPU for weeks or ask for buckets no card holds.
    max_steps: int = 50_000
    max_resolution: int = 2048
    max_sample_steps: int = 150


SPECS: dict[str, FamilySpec] = {
    s.name: s
    for s in (
        FamilySpec(
            "sd15", "Stable Diffusion 1.5", "stable-diffusion-v1-5/stable-diffusion-v1-5", 512,
            16, 1500, 1e-4, "~6 GB", "kohya_ss guides, fp16", unet=True, layout="kohya",
            max_resolution=1024,
        ),
        FamilySpec(
            "sdxl", "Stable Diffusion XL", "stabilityai/stable-diffusion-xl-base-1.0", 1024,
            16, 1500, 1e-4, "13 GB", "SimpleTuner, H100, LoKr: 13.0 GiB, 6.5 with checkpointing",
            unet=True, layout="kohya",
        ),
        FamilySpec(
            "flux", "FLUX.1", "black-forest-labs/FLUX.1-dev", 1024, 16, 1500, 1e-4, "~24 GB",
            "ai-toolkit guides, bf16 with checkpointing; SimpleTuner Chroma 26.2 GiB",
            "dev is non-commercial, schnell Apache-2.0", layout="kohya",
        ),
        FamilySpec(
            "zimage", "Z-Image", "Tongyi-MAI/Z-Image", 1024, 32, 2000, 1e-4, "~10-16 GB",
            "SimpleTuner, H100: Z-Image Turbo, rank 64, int8 9.70 GiB; bf16 more",
            "trains the undistilled Base; its LoRAs load on Turbo too",
        ),
        FamilySpec(
            "flux2-klein", "FLUX.2 klein", "black-forest-labs/FLUX.2-klein-base-4B", 1024, 32,
            1500, 1e-4, "~12 GB", "SimpleTuner: 4B ~12 GB bf16, ~8 int8; 9B ~22 / ~14 GB",
            "4B is Apache-2.0, 9B non-commercial",
        ),
        FamilySpec(
            "qwen-image", "Qwen-Image", "Qwen/Qwen-Image", 1024, 32, 1500, 1e-4, "~42 GB",
            "musubi-tuner: 42 GB bf16, 30 GB fp8, 24 GB with block swap",
            "20B: a 24 GB card needs fp8 weights and block swap",
        ),
    )
}  # fmt: skip


def spec(family: str) -> FamilySpec:
    """The family's row of the table."""
    return SPECS[family]


def setting_name(family: str) -> str:
    """The settings field naming a family's default base (AISTUDIO_<NAME>)."""
    return family.replace("-", "_") + "_base"
