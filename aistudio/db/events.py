"""A job's event log: append-only, numbered 1, 2, 3... per job (what streams replay from)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from aistudio.db import locks, outbox
from aistudio.db.api_tables import Job, JobEvent
from aistudio.db.tables import Model

# Job events a webhook receiver hears about, by the webhook event they become.
WEBHOOK_EVENTS = {"state": "job.state", "checkpoint": "checkpoint.ready"}


def last_seq(session: Session, job_id: str) -> int:
    """The seq of a job's newest event (0 when it has none)."""
    found = session.exec(select(func.max(JobEvent.seq)).where(JobEvent.job_id == job_id)).one()
    return int(found or 0)


def append(session: Session, job_id: str, type: str, **data: Any) -> JobEvent:
    """Add the job's next event in this session's transaction (seq = 1 + the job's last)."""
    text = json.dumps(data, sort_keys=True, default=str)
    # Appenders of one job take turns until their transactions end, so seqs commit in order:
    # a stream that has read seq N never finds N-1 appear later.
    locks.take_turns(session, locks.JOB_EVENTS, job_id)
    row = JobEvent(job_id=job_id, seq=last_seq(session, job_id) + 1, type=type, data_json=text)
    session.add(row)
    session.flush()
    if type in WEBHOOK_EVENTS:
        _notify(session, job_id, WEBHOOK_EVENTS[type], text)
    return row


def _notify(session: Session, job_id: str, event_type: str, text: str) -> None:
    """Queue the webhook deliveries of a job's event (its data as the log keeps it), in the
    event's transaction."""
    job = session.get(Job, job_id)
    if job is None:
        return
    model = session.get(Model, job.model_id)
    body = json.loads(text)
    name = model.name if model else None
    about: dict[str, Any] = {"job_id": job.id, "kind": job.kind, "model": name}
    if event_type == "job.state":
        about["attempt"] = job.attempt
    outbox.emit(session, job.owner_id, event_type, {**about, **body})


def since(session: Session, job_id: str, after: int = 0, limit: int = 100) -> Sequence[JobEvent]:
    """A job's events after seq `after`, oldest first, at most `limit`."""
    return session.exec(
        select(JobEvent)
        .where(JobEvent.job_id == job_id, col(JobEvent.seq) > after)
        .order_by(col(JobEvent.seq))
        .limit(limit)
    ).all()


def latest(session: Session, job_id: str, type: str) -> JobEvent | None:
    """A job's newest event of one type."""
    return session.exec(
        select(JobEvent)
        .where(JobEvent.job_id == job_id, JobEvent.type == type)
        .order_by(col(JobEvent.seq).desc())
    ).first()


def data(event: JobEvent) -> dict[str, Any]:
    """An event's data as a dict."""
    loaded: dict[str, Any] = json.loads(event.data_json)
    return loaded
