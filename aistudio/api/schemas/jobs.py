"""Jobs, their estimates, events and stream tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

JobState = Literal["queued", "running", "cancelling", "succeeded", "failed", "cancelled", "crashed"]


class JobCreate(BaseModel):
    """A processing job: every (source x target) pair of a model, as `aistudio run` does."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["process"] = "process"
    category: Literal["nsfw", "sfw", "both"] = Field(
        default="both", description="Which target folder to process"
    )
    sources: list[int] | None = Field(
        default=None, max_length=1000, description="Source photo numbers (default: all)"
    )
    enhance: bool = Field(default=True, description="Enhance (2x upscale) each swapped image")
    provider: str | None = Field(
        default=None, min_length=1, max_length=40, description="Swap engine (default: config)"
    )
    budget_credits: float | None = Field(
        default=None, ge=0, description="Refuse above, and stop at, this many credits"
    )


class EstimatePublic(BaseModel):
    """What a job would cost and do, before anything starts."""

    credits: float
    pairs: int = Field(description="Pairs planned")
    already_done: int = Field(description="Pairs whose results exist (reused, not paid again)")
    swaps: int
    enhances: int
    summary: str = Field(description="e.g. 'Estimated cost: 120 credits (10 swaps x 10, ...)'")


class ProviderPublic(BaseModel):
    """An engine a model can process with: credits per operation, and whether it is set up."""

    name: str
    prices: dict[str, float] = Field(description="Credits per operation (swap, enhance)")
    ready: bool
    why: str | None = Field(default=None, description="What to configure when it is not ready")


class JobPublic(BaseModel):
    """A job as clients see it."""

    id: str
    model: str
    kind: str
    params: dict[str, Any]
    state: JobState
    state_message: str | None
    attempt: int = Field(description="1, then +1 for each retry")
    pairs_done: int
    pairs_total: int | None = Field(description="null until the run has planned its pairs")
    credits: float = Field(description="Credits billed by this job's runs so far")
    estimate_credits: float | None
    run_id: str | None
    pool: str | None = Field(default=None, description="The GPU pool whose queue it waits in")
    place: int | None = Field(
        default=None, description="Its place in its pool queue (1: next); null once started"
    )
    progress: dict[str, Any] | None = Field(
        default=None, description="The latest progress event's data (training: step, loss, eta)"
    )
    prefect_url: str | None = Field(description="The flow run in the Prefect UI")
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class JobCreated(JobPublic):
    """A job just started (or the one an earlier request with this Idempotency-Key started)."""


class DryRun(BaseModel):
    """What the job would do; nothing was started."""

    dry_run: Literal[True] = True
    estimate: EstimatePublic


class EventPublic(BaseModel):
    """One entry of a job's event log; seq is the stream's event id."""

    seq: int
    type: str = Field(description="state, run, pair or summary")
    data: dict[str, Any]
    at: datetime


class TicketPublic(BaseModel):
    """A ticket for one job's streams: pass it as ?ticket= (EventSource cannot send headers)."""

    ticket: str = Field(description="Shown once; good for one job until expires_at")
    expires_at: datetime
