"""What the stages hand each other: small, serialisable results (Prefect persists them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class StageResult(BaseModel):
    """What a stage produced for a pair, or why it was skipped."""

    pair: str
    status: Literal["ok", "skipped"]
    path: str | None = None  # relative to the studio home
    sha256: str | None = None
    cached: bool = False
    reason: str | None = None


class Verdict(BaseModel):
    """The quality gate's decision on a pair's final image."""

    pair: str
    status: Literal["accepted", "rejected", "skipped"]
    path: str | None = None
    rule: str | None = None
    reason: str | None = None
