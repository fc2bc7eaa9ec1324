"""The audit log: every consent change and every run, appended, never edited."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Sequence

from sqlmodel import Session, col, select

from aistudio.db.tables import AuditEvent


def actor() -> str:
    """Who is acting: AISTUDIO_ACTOR if set (a web user later), else the OS user."""
    try:
        return os.environ.get("AISTUDIO_ACTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(session: Session, *, action: str, model_id: int | None, **detail: object) -> None:
    """Append one event."""
    session.add(
        AuditEvent(
            model_id=model_id,
            actor=actor(),
            action=action,
            detail=json.dumps(detail, sort_keys=True, default=str),
        )
    )


def events(session: Session, *, model_id: int | None = None) -> Sequence[AuditEvent]:
    """Events, oldest first (all, or one model's)."""
    q = select(AuditEvent)
    if model_id is not None:
        q = q.where(AuditEvent.model_id == model_id)
    return session.exec(q.order_by(col(AuditEvent.id))).all()
