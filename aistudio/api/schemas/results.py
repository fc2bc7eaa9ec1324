"""Results (pairs with their files), costs and the audit log as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from aistudio.core.naming import Category
from aistudio.processing.listing import FileKind


class FileLink(BaseModel):
    """A file of a pair: where to download it and its sha256."""

    url: str = Field(description="GET it (a 307 to a presigned S3 URL, or the file itself)")
    sha256: str


class ResultPublic(BaseModel):
    """One pair (source x target) after its latest run."""

    pair: str = Field(description="e.g. s1-t004-sfw: source 1, target 4, category sfw")
    category: Category
    source: int
    target: int
    status: str = Field(description="done, rejected, failed or skipped")
    rule: str | None = Field(description="The rule that refused it (rejected, failed)")
    reason: str | None
    run_id: str
    updated_at: datetime
    files: dict[FileKind, FileLink] = Field(
        description="target (the photo before), swapped and enhanced, those it has"
    )
    before: str | None = Field(description="URL of the target photo: the slider's left side")
    after: str | None = Field(
        description="URL of the final result (enhanced, else swapped) of a done pair"
    )


class RunCostPublic(BaseModel):
    """One run's credits: estimated before it started, billed by the provider (the ledger)."""

    run_id: str
    status: str
    estimate_credits: float
    credits: float = Field(description="Billed: the sum of the ledger's rows for this run")
    ops: dict[str, int] = Field(description="Charged operations by kind: swap, enhance")


class CostsPublic(BaseModel):
    """A model's credits per run and in total (what 'aistudio costs' prints)."""

    model: str
    total_credits: float
    runs: list[RunCostPublic]


class AuditEventPublic(BaseModel):
    """One entry of a model's append-only audit log."""

    id: int
    at: datetime
    actor: str = Field(description="Who acted: api:<user> or the CLI's login name")
    action: str = Field(description="e.g. consent.set, consent.revoke, run.start, run.finish")
    detail: dict[str, Any]
