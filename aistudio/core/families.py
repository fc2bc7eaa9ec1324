"""The base model families a persona LoRA trains on: one table the dataset crops, the trainer,
its run forms and menus, the license check and `aistudio lora families` all read."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # What files and loaders call it: kohya's ss_base_model_version, modelspec's architecture
    kohya_version: str = field(kw_only=True)
    architecture: str = field(kw_only=True)
    pipeline: str = field(kw_only=True)  # the diffusers pipeline class
    license: str = field(kw_only=True)  # the default base's, as its model card says
    # What its text encoder reads of a caption, in tokens: CLIP's 77, T5's or a language
    # model's 512 (its trainers' max_sequence_length)
    caption_tokens: int = field(default=512, kw_only=True)

    @property
    def module(self) -> str:
        """The Python module (aistudio.training.families.<module>) that trains it."""
        return self.name.replace("-", "_")

    @property
    def diffusers_prefix(self) -> str:
        """The component its LoRA modules belong to in diffusers' files."""
        return "unet" if self.unet else "transformer"


SPECS: dict[str, FamilySpec] = {
    s.name: s
    for s in (
        FamilySpec(
            "sd15", "Stable Diffusion 1.5", "stable-diffusion-v1-5/stable-diffusion-v1-5", 512,
            16, 1500, 1e-4, "~6 GB", "kohya_ss guides, fp16", unet=True, layout="kohya",
            max_resolution=1024, kohya_version="sd_v1", architecture="stable-diffusion-v1/lora",
            pipeline="StableDiffusionPipeline", license="creativeml-openrail-m",
            caption_tokens=77,
        ),
        FamilySpec(
            "sdxl", "Stable Diffusion XL", "stabilityai/stable-diffusion-xl-base-1.0", 1024,
            16, 1500, 1e-4, "13 GB", "SimpleTuner, H100, LoKr: 13.0 GiB, 6.5 with checkpointing",
            unet=True, layout="kohya", kohya_version="sdxl_base_v1-0",
            architecture="stable-diffusion-xl-v1-base/lora", pipeline="StableDiffusionXLPipeline",
            license="openrail++", caption_tokens=77,
        ),
        FamilySpec(
            "flux", "FLUX.1", "black-forest-labs/FLUX.1-dev", 1024, 16, 1500, 1e-4, "~24 GB",
            "ai-toolkit guides, bf16 with checkpointing; SimpleTuner Chroma 26.2 GiB",
            "dev is non-commercial, schnell Apache-2.0", layout="kohya", kohya_version="flux1",
            architecture="flux-1-dev/lora", pipeline="FluxPipeline",
            license="flux-1-dev-non-commercial-license",
        ),
        FamilySpec(
            "zimage", "Z-Image", "Tongyi-MAI/Z-Image", 1024, 32, 2000, 1e-4, "~10-16 GB",
            "SimpleTuner, H100: Z-Image Turbo, rank 64, int8 9.70 GiB; bf16 more",
            "trains the undistilled Base; its LoRAs load on Turbo too", kohya_version="z_image",
            architecture="z-image/lora", pipeline="ZImagePipeline", license="apache-2.0",
        ),
        FamilySpec(
            "flux2-klein", "FLUX.2 klein", "black-forest-labs/FLUX.2-klein-base-4B", 1024, 32,
            1500, 1e-4, "~12 GB", "SimpleTuner: 4B ~12 GB bf16, ~8 int8; 9B ~22 / ~14 GB",
            "4B is Apache-2.0, 9B non-commercial", kohya_version="flux2_klein",
            architecture="flux-2-klein/lora", pipeline="Flux2KleinPipeline", license="apache-2.0",
        ),
        FamilySpec(
            "qwen-image", "Qwen-Image", "Qwen/Qwen-Image", 1024, 32, 1500, 1e-4, "~42 GB",
            "musubi-tuner: 42 GB bf16, 30 GB fp8, 24 GB with block swap",
            "20B: a 24 GB card needs fp8 weights and block swap", kohya_version="qwen_image",
            architecture="qwen-image/lora", pipeline="QwenImagePipeline", license="apache-2.0",
        ),
    )
}  # fmt: skip


def spec(family: str) -> FamilySpec:
    """The family's row of the table."""
    return SPECS[family]


def setting_name(family: str) -> str:
    """The settings field naming a family's default base (AISTUDIO_<NAME>)."""
    return family.replace("-", "_") + "_base"
