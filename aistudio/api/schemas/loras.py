"""LoRA versions as the API shows them: checkpoints with scores and samples, files, exports,
comparisons and the verdict on an uploaded file."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aistudio.api.schemas.jobs import JobPublic

LoraFormat = Literal["kohya", "comfyui", "diffusers"]
MAX_COMPARED = 8  # rows of one grid
# The numbers a checkpoint's samples are scored by (scoring.Scores.as_metrics), and the loss.
METRICS_DOC = (
    "By name: loss, face_rate (share of samples with a face), identity (cosine to the held-out "
    "photos), drift, bleed (the person in prompts without the trigger), clip (prompt fidelity); "
    "null where not measured"
)


class CheckpointPublic(BaseModel):
    """One checkpoint of a training: its scores and the samples drawn at it."""

    step: int
    best: bool = Field(description="The checkpoint the version's file is made from")
    metrics: dict[str, float | None] = Field(description=METRICS_DOC)
    samples: list[str] = Field(
        description="URLs of its sample images (JPEG, marked as AI-made): the trigger's "
        "prompts, then the prompts without it"
    )


class LoraFile(BaseModel):
    """A LoRA file: where to download it and what it is."""

    url: str = Field(description="GET it (a 307 to a presigned S3 URL, or the file itself)")
    format: LoraFormat
    step: int = Field(description="The checkpoint it was made from")
    rank: int = Field(description="Its rank (a rank cap below the trained rank lowers it)")
    sha256: str
    size: int = Field(description="Bytes")


class LoraPublic(BaseModel):
    """A LoRA version: what it learnt from and how, its checkpoints' scores, its file."""

    model: str
    version: int
    status: Literal["training", "done"]
    withdrawn: bool = Field(description="Consent was revoked: not exported or served again")
    withdrawn_at: datetime | None
    withdrawn_reason: str | None
    family: str
    base: str = Field(description="The base model: a hub id, or a local file's name")
    base_hash: str
    base_license: str
    consent_hash: str | None = Field(description="The consent record its training checked")
    dataset_version: int
    dataset_hash: str
    params: dict[str, Any] = Field(description="Every training parameter (GET /training/params)")
    steps: int = Field(description="Steps trained so far")
    best_step: int | None
    checkpoints: list[CheckpointPublic] = Field(description="Oldest first")
    file: LoraFile | None = Field(description="The published file (the best checkpoint)")
    created_at: datetime
    finished_at: datetime | None


class CompareRequest(BaseModel):
    """Versions to compare, side by side."""

    model_config = ConfigDict(extra="forbid")

    versions: list[int] = Field(
        min_length=2, max_length=MAX_COMPARED, description="Two version numbers or more"
    )


class CompareRow(BaseModel):
    """One version's best checkpoint, as the grid's row shows it."""

    version: int
    best_step: int
    dataset_version: int
    rank: int
    metrics: dict[str, float | None] = Field(description=METRICS_DOC)


class ComparePublic(BaseModel):
    """The numbers of two or more versions and the grid of their samples."""

    model: str
    rows: list[CompareRow]
    grid_url: str = Field(description="GET it: the PNG grid (a row a version, same prompts)")


class ExportRequest(BaseModel):
    """A file of a version in a chosen format and rank cap."""

    model_config = ConfigDict(extra="forbid")

    format: LoraFormat | None = Field(default=None, description="Default: the family's own")
    max_rank: int | None = Field(
        default=None, ge=1, le=1024, description="Lower the rank to at most this (a job)"
    )
    step: int | None = Field(default=None, ge=1, description="Checkpoint (default: the best)")


class ExportPublic(BaseModel):
    """An export: ready (its file), or being made by a job (then GET `url` once it is done)."""

    state: Literal["ready", "exporting"]
    url: str = Field(description="Where the file is downloaded, now or once the job is done")
    file: LoraFile | None = Field(description="The file, when ready")
    job: JobPublic | None = Field(description="The job resizing it, when exporting")


class LoraCheckPublic(BaseModel):
    """What an uploaded LoRA file cites and whether it stands (your models only)."""

    filename: str
    title: str = Field(description="modelspec.title, e.g. 'andie v1'")
    consent_hash: str = Field(description="The consent record the file cites")
    consent: Literal["in force", "superseded", "revoked", "unknown", "none"]
    in_force: bool = Field(description="Its record is in force and its version not withdrawn")
    subject: str | None
    scopes: str | None
    dataset_hash: str
    dataset: str | None = Field(description="e.g. 'andie dataset v1', when it is one of yours")
    version: str | None = Field(description="e.g. 'andie v1': the version it was made from")
    withdrawn: bool
    withdrawn_at: datetime | None
