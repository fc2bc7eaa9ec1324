"""A training's parameters: everything that decides its result, recorded with it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from aistudio.core.families import DEFAULT_FAMILY, FAMILIES, SPECS, Family


class TrainParams(BaseModel):
    """What a LoRA training run does, declared once: the CLI's options, the train-lora flow's
    run form and the API read these fields and their descriptions. None: the family's
    default (resolve fills it in); the same params, data and seed give the same weights."""

    model_config = ConfigDict(extra="forbid")

    family: Family | None = Field(
        default=None,
        description="Base family: " + ", ".join(FAMILIES) + " (default: the dataset "
        "version's). zimage trains the undistilled Z-Image Base, whose LoRAs also load on "
        "Z-Image Turbo (Turbo itself is step-distilled: training it undoes the distillation)",
    )
    rank: int | None = Field(default=None, ge=1, le=256, description="LoRA rank (network dim; "
                             "default: the family's)")  # fmt: skip
    alpha: int | None = Field(default=None, gt=0, description="LoRA alpha (default: the rank)")
    steps: int | None = Field(default=None, ge=1, description="Training steps (default: the "
                              "family's)")  # fmt: skip
    lr: float | None = Field(default=None, gt=0, description="Learning rate (default: the "
                             "family's)")  # fmt: skip
    text_encoder_lr: float | None = Field(
        default=None,
        gt=0,
        description="Train the text encoders' LoRA too, at this rate "
        "(SD 1.5, SDXL; the default leaves them as they are)",
    )
    resolution: int | None = Field(
        default=None,
        ge=8,
        description="Longest side of the training buckets, pixels (default: the family's, "
        "512 for sd15, 1024 for the others)",
    )
    seed: int = Field(default=0, description="Seed: the same seed, data and params give the "
                      "same LoRA")  # fmt: skip
    checkpoint_every: int = Field(
        default=250, ge=1, description="Write a checkpoint (and score its samples) every N steps"
    )
    noise_offset: float = Field(
        default=0.0, ge=0, le=1, description="Noise offset (darker darks, brighter brights)"
    )
    min_snr_gamma: float | None = Field(
        default=5.0, gt=0, description="Min-SNR-gamma loss weighting (the SD families)"
    )
    caption_dropout: float = Field(
        default=0.0, ge=0, le=1, description="Share of steps that train on an empty caption"
    )
    face_weight: float = Field(
        default=2.0, ge=1, description="How much more the face region's loss counts (1: plain)"
    )
    ema_decay: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="Keep an average of the weights (e.g. 0.999): samples and files use it",
    )
    gradient_checkpointing: bool = Field(
        default=False,
        description="Recompute activations in the backward pass: less GPU memory for about "
        "20-30% more time a step",
    )
    optimizer: Literal["adamw", "adamw8bit"] = Field(
        default="adamw",
        description="adamw, or adamw8bit (bitsandbytes: the optimizer's state in 8 bits)",
    )
    base_precision: Literal["full", "int8"] = Field(
        default="full",
        description="full, or int8 (torchao: the base's Linear weights in int8, about half "
        "the memory of bf16; samples draw at that precision)",
    )
    samples: int = Field(
        default=4, ge=0, le=16, description="Sample images per checkpoint (0: none, and no "
        "identity scores)",
    )  # fmt: skip
    sample_steps: int = Field(default=25, ge=1, description="Denoising steps per sample")


class ResolvedParams(TrainParams):
    """TrainParams with the family's defaults filled in and its limits checked: what a
    training runs with and records."""

    family: Family
    rank: int = Field(ge=1, le=256)
    steps: int = Field(ge=1)
    lr: float = Field(gt=0)
    resolution: int = Field(ge=8)

    @model_validator(mode="after")
    def _within_family_limits(self) -> ResolvedParams:
        family = SPECS[self.family]
        limits = {"steps": family.max_steps, "resolution": family.max_resolution,
                  "sample_steps": family.max_sample_steps}  # fmt: skip
        for option, limit in limits.items():
            value = getattr(self, option)
            if value > limit:  # the option is named in ctx: the CLI says which flag it was
                raise PydanticCustomError(
                    "family_limit",
                    "{option}: at most {limit} for {family}, not {value}",
                    {"option": option, "value": value, "family": family.title, "limit": limit},
                )
        if self.text_encoder_lr is not None and not family.unet:
            raise ValueError(
                f"{family.title} trains no text encoder LoRA (its text encoder is a large "
                "language model: trainers leave it frozen)"
            )
        return self

    @property
    def size(self) -> int:
        """The buckets' longest side."""
        return self.resolution

    @property
    def lora_alpha(self) -> int:
        """Alpha as peft and kohya take it."""
        return self.alpha if self.alpha is not None else self.rank


def resolve(params: TrainParams, family: Family | None = None) -> ResolvedParams:
    """The params with the family's defaults filled in (filled), checked against its limits."""
    if isinstance(params, ResolvedParams):
        return params
    return ResolvedParams.model_validate(filled(params, family))


def filled(params: TrainParams, family: Family | None = None) -> dict[str, Any]:
    """The one place a None becomes the family's default: the family given here (the dataset
    version's) unless the params name one, else the default family; then its rank, steps,
    learning rate and resolution."""
    chosen = params.family or family or DEFAULT_FAMILY
    spec = SPECS[chosen]
    given = params.model_dump()
    defaults = {"rank": spec.rank, "steps": spec.steps, "lr": spec.lr,
                "resolution": spec.resolution}  # fmt: skip
    values = {k: (defaults[k] if given[k] is None else given[k]) for k in defaults}
    return {**given, **values, "family": chosen}


class SampleSpec(BaseModel):
    """The fixed prompts and seeds every checkpoint draws, so checkpoints compare."""

    prompts: list[str]
    seeds: list[int]
    steps: int
    size: int
    guidance: float = 7.0
    plain: int = 0  # the last `plain` prompts leave the trigger out: does the person bleed in?


def sample_prompts(trigger: str, class_word: str, count: int) -> list[str]:
    """Prompts with the trigger in each, from close-up to full body."""
    who = f"{trigger}, {class_word}" if class_word else trigger
    prompts = [
        f"a photo of {who}, portrait, looking at the viewer",
        f"a photo of {who}, upper body, smiling, outdoors",
        f"a photo of {who}, full body, standing in a city street",
        f"a close-up photo of {who}, soft window light",
    ]
    return [prompts[i % len(prompts)] for i in range(count)]


def plain_prompts(class_word: str, count: int) -> list[str]:
    """Prompts without the trigger: a LoRA whose person shows up in these has bled into its
    class (every woman looks like her)."""
    prompts = [
        f"a photo of a {class_word}, portrait, looking at the viewer",
        f"a photo of a {class_word}, upper body, smiling, outdoors",
    ]
    return [prompts[i % len(prompts)] for i in range(count)]
