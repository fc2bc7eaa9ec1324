"""Consent records as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ConsentPublic(BaseModel):
    """A model's consent record: the one in force, or the latest."""

    kind: str = Field(description="synthetic or real-person (demo: set by the demo)")
    scopes: list[str] = Field(description="sfw, nsfw")
    subject: str | None = Field(description="real-person: who agreed")
    attested_adult: bool
    record_hash: str = Field(description="sha256 of what was agreed: LoRA files cite it")
    created_at: datetime
    revoked_at: datetime | None
    has_release: bool = Field(description="A signed release document is on file")


class PurgeSummary(BaseModel):
    """What a purge removed."""

    local_files: int = Field(description="Result files removed here")
    remote_objects: int = Field(description="Objects removed from storage")
    removed: int = Field(description="Folders, files and keys removed in all")


class RevokeRequest(BaseModel):
    """Revoke consent; purge also deletes what the model's photos made."""

    purge: bool = Field(
        default=False,
        description="Also delete results, datasets, trainings, cached encodings and LoRA files",
    )


class RevokeResult(BaseModel):
    """The revoked record, and what a purge removed."""

    consent: ConsentPublic
    purged: PurgeSummary | None = None
