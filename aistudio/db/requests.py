"""Requests to a running job ("sample", "save"): asked through the API, taken by the job."""

from __future__ import annotations

from sqlmodel import Session, col, select

from aistudio.db.api_tables import JobRequest
from aistudio.db.tables import utcnow

ACTIONS = ("sample", "save")


def ask(session: Session, job_id: str, action: str) -> JobRequest:
    """Queue a request for the job's next step."""
    row = JobRequest(job_id=job_id, action=action)
    session.add(row)
    session.flush()
    return row


def take(session: Session, job_id: str, step: int) -> set[str]:
    """The job's open requests, marked honoured at this step."""
    rows = session.exec(
        select(JobRequest).where(JobRequest.job_id == job_id, col(JobRequest.done_at).is_(None))
    ).all()
    now = utcnow()
    for row in rows:
        row.done_at, row.done_step = now, step
        session.add(row)
    return {r.action for r in rows}
