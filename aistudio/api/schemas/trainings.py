"""Trainings: the parameters a LoRA training takes, a request to start one, the GPU queue."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aistudio.api.schemas.common import MAX_ID
from aistudio.api.schemas.jobs import JobPublic
from aistudio.training import KEEP_CHECKPOINTS, TrainParams


class FamilyPublic(BaseModel):
    """A base family: its defaults, configured base, the base's license and VRAM."""

    family: str
    title: str
    base: str
    license: str
    commercial: bool | None = Field(description="Whether the license allows it (null: unknown)")
    vram: str
    vram_source: str
    note: str
    defaults: dict[str, Any] = Field(description="Every TrainParams field with its default")


class TrainingParamsPublic(BaseModel):
    """TrainParams as JSON Schema (a form draws itself from it) and each family's defaults."""

    params_schema: dict[str, Any] = Field(description="JSON Schema of `params`")
    families: list[FamilyPublic]


class TrainingCreate(BaseModel):
    """A LoRA training of a model, as `aistudio lora train` and the train-lora run form take it."""

    model_config = ConfigDict(extra="forbid")

    params: TrainParams = Field(
        default_factory=TrainParams, description="Unset fields: the family's defaults"
    )
    dataset_version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="The dataset version (default: the newest)"
    )
    base: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="A base by name: a family's, or one from AISTUDIO_ALLOWED_BASES",
    )
    parts: str | None = Field(default=None, min_length=1, max_length=200)
    base_license: str | None = Field(default=None, min_length=1, max_length=100)
    license_override: bool = Field(
        default=False, description="Train a commercial model on a base not known to allow it"
    )
    unreviewed: bool = Field(default=False, description="Train on captions nobody approved")
    keep_checkpoints: int = Field(default=KEEP_CHECKPOINTS, ge=1, le=100)


class TrainingClone(BaseModel):
    """What changes from the training cloned; everything else is as it was."""

    model_config = ConfigDict(extra="forbid")

    params: TrainParams | None = Field(default=None, description="Only the fields set here change")
    dataset_version: int | None = Field(default=None, ge=1, le=MAX_ID)


class TrainingPlanPublic(BaseModel):
    """A checked training request (a dry run): what it would train; nothing was started."""

    dry_run: Literal[True] = True
    dataset_version: int
    params: dict[str, Any] = Field(description="Every TrainParams field, defaults filled in")
    base: str
    license: str
    commercial: bool


class JobRequestCreate(BaseModel):
    """Ask a running training for samples now, or a checkpoint now, at its next step."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["sample", "save"]


class JobRequestPublic(BaseModel):
    """A request as stored; done_step is the step that honoured it."""

    id: int
    job_id: str
    action: str
    done_step: int | None


class QueueEntry(BaseModel):
    """A waiting job and its place; another user's job shows only its place."""

    place: int
    job: JobPublic | None = Field(description="Null: another user's job")


class QueuePublic(BaseModel):
    """A GPU pool's queue: how many run at once, what runs, what waits in which order."""

    pool: str
    slots: int | None = Field(description="Jobs it runs at once (null: Prefect did not answer)")
    running: int = Field(description="Jobs of the pool started and not finished")
    waiting: list[QueueEntry]


class QueueOrder(BaseModel):
    """Waiting jobs in the order wanted; they swap among the places they hold now."""

    model_config = ConfigDict(extra="forbid")

    jobs: list[str] = Field(min_length=1, max_length=500)
