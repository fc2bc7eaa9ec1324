"""A training's parameters: everything that decides its result, recorded with it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from aistudio.core.families import SPECS, Family

RESOLUTION: dict[str, int] = {name: s.resolution for name, s in SPECS.items()}  # native sides


class TrainParams(BaseModel):
    """What a LoRA training run does; the same params, data and seed give the same weights."""

    model_config = ConfigDict(extra="forbid")

    family: Family = "sd15"
    rank: int = Field(default=0, ge=0, le=256, description="LoRA rank (0: the family's)")
    alpha: int | None = Field(default=None, gt=0, description="LoRA alpha (default: the rank)")
    steps: int = Field(default=0, ge=0, description="Training steps (0: the family's)")
    lr: float = Field(default=0.0, ge=0, description="Learning rate (0: the family's)")
    text_encoder_lr: float | None = Field(
        default=None,
        gt=0,
        description="Train the text encoders' LoRA too, at this rate "
        "(SD 1.5, SDXL; the default leaves them as they are)",
    )
    resolution: int | None = Field(
        default=None, ge=8, description="The buckets' longest side, pixels (default: native)"
    )
    seed: int = 0
    checkpoint_every: int = Field(default=250, ge=1)
    noise_offset: float = Field(default=0.0, ge=0, le=1)
    min_snr_gamma: float | None = Field(default=5.0, gt=0)
    caption_dropout: float = Field(default=0.0, ge=0, le=1)
    face_weight: float = Field(
        default=2.0, ge=1, description="How much more the face region's loss counts (1: plain)"
    )
    ema_decay: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="Average the weights (e.g. 0.999): samples and files use the average",
    )
    gradient_checkpointing: bool = Field(
        default=False, description="Recompute activations in the backward pass: less memory"
    )
    optimizer: Literal["adamw", "adamw8bit"] = Field(
        default="adamw", description="adamw8bit: bitsandbytes' 8-bit AdamW (less memory)"
    )
    base_precision: Literal["full", "int8"] = Field(
        default="full",
        description="int8: the base's Linear weights in int8 (torchao): about half the memory "
        "of bf16; samples draw at that precision too",
    )
    samples: int = Field(default=4, ge=0, le=16, description="Sample images per checkpoint")
    sample_steps: int = Field(default=25, ge=1, description="Denoising steps per sample")

    @model_validator(mode="after")
    def _native_resolution(self) -> TrainParams:
        family = SPECS[self.family]
        self.resolution = self.resolution or family.resolution
        self.rank = self.rank or family.rank
        self.steps = self.steps or family.steps
        self.lr = self.lr or family.lr
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
        """The buckets' longest side (the family's native one unless given)."""
        return self.resolution or RESOLUTION[self.family]

    @property
    def lora_alpha(self) -> int:
        """Alpha as peft and kohya take it."""
        return self.alpha if self.alpha is not None else self.rank


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
