"""A training's parameters: everything that decides its result, recorded with it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TrainParams(BaseModel):
    """What a LoRA training run does; the same params, data and seed give the same weights."""

    model_config = ConfigDict(extra="forbid")

    family: Literal["sd15"] = "sd15"  # SDXL and Flux adapters join it
    rank: int = Field(default=16, ge=1, le=256)
    alpha: int | None = Field(default=None, gt=0, description="LoRA alpha (default: the rank)")
    steps: int = Field(default=1500, ge=1)
    lr: float = Field(default=1e-4, gt=0)
    resolution: int = Field(default=512, ge=8, description="The buckets' longest side, pixels")
    seed: int = 0
    checkpoint_every: int = Field(default=250, ge=1)
    noise_offset: float = Field(default=0.0, ge=0, le=1)
    min_snr_gamma: float | None = Field(default=5.0, gt=0)
    caption_dropout: float = Field(default=0.0, ge=0, le=1)

    @property
    def lora_alpha(self) -> int:
        """Alpha as peft and kohya take it."""
        return self.alpha if self.alpha is not None else self.rank
