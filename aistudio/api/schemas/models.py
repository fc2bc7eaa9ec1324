"""Models (personas) and their settings."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from aistudio.api.schemas.jobs import JobState
from aistudio.core.families import Family

NAME = r"^[a-z0-9][a-z0-9_-]{0,39}$"
WORD = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"


class ModelSettings(BaseModel):
    """The settings a model's config.json holds that the API may change."""

    model_config = ConfigDict(extra="forbid")

    trigger: str | None = Field(default=None, pattern=WORD, description="Caption trigger word")
    class_word: str | None = Field(default=None, pattern=WORD, description="e.g. woman")
    family: Family | None = Field(default=None, description="Base family for datasets and LoRAs")
    provider: str | None = Field(
        default=None, min_length=1, max_length=40, description="Swap engine: local, maxstudio"
    )
    enhance: bool | None = Field(default=None, description="Enhance each swapped image")
    budget_credits: float | None = Field(default=None, ge=0, description="Credits cap per run")
    commercial: bool | None = Field(
        default=None, description="LoRAs for commercial use: bases must be licensed for it"
    )


class ModelCreate(ModelSettings):
    """A new model: its name (a-z, 0-9, '-', '_'; unique in the studio) and settings."""

    name: str = Field(pattern=NAME, description="e.g. andie")


class JobGlance(BaseModel):
    """A model's newest job in flight, as its card shows it."""

    id: str
    kind: str = Field(description="process, dataset, captions, train")
    state: JobState
    pairs_done: int
    pairs_total: int | None = Field(description="null until a processing run plans its pairs")
    prefect_url: str | None = Field(default=None, description="Its flow run in the Prefect UI")


class ModelPublic(BaseModel):
    """A model at a glance."""

    name: str
    trigger: str
    class_word: str
    family: Family
    provider: str
    enhance: bool
    budget_credits: float | None
    commercial: bool
    created_at: datetime
    sources: int
    targets: dict[str, int]
    consent: str = Field(description="none, revoked, or e.g. 'synthetic (sfw,nsfw)'")
    results: dict[str, int]
    runs: int
    credits: float = Field(description="Credits billed so far")
    cover: str | None = Field(description="URL of the first source photo's file, or null")
    latest_dataset: int | None = Field(description="The newest dataset version, or null")
    latest_lora: int | None = Field(
        description="The newest LoRA version published and not withdrawn, or null"
    )
    job: JobGlance | None = Field(description="The newest job queued or running, or null")
