"""A job as clients see it: its state, place in its queue, progress, pairs and credits."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from aistudio.api import queue
from aistudio.api.schemas.jobs import JobPublic
from aistudio.db import events, queries
from aistudio.db.api_tables import Job, JobEvent
from aistudio.db.tables import Model
from aistudio.studio import Studio


def _run_ids(session: Session, job_id: str) -> list[str]:
    rows = session.exec(
        select(JobEvent).where(JobEvent.job_id == job_id, JobEvent.type == "run")
    ).all()
    return [str(events.data(r)["run"]) for r in rows]


def public(studio: Studio, job: Job, prefect_url: str | None) -> JobPublic:
    """A job's public view: its state, progress and credits."""
    with studio.read() as session:
        model = session.get(Model, job.model_id)
        assert model is not None
        run = queries.get_run(session, run_id=job.run_id) if job.run_id else None
        done = len(queries.pair_states(session, run_id=run.id)) if run else 0
        credits = sum(queries.run_credits(session, run_id=r) for r in _run_ids(session, job.id))
        place = queue.place(session, job)
        latest = events.latest(session, job.id, "progress")
    return JobPublic(
        id=job.id,
        model=model.name,
        kind=job.kind,
        params=json.loads(job.params_json),
        state=job.state,
        state_message=job.state_message,
        attempt=job.attempt,
        pairs_done=done,
        pairs_total=run.pairs_total if run else None,
        credits=credits,
        estimate_credits=run.estimate_credits if run else None,
        run_id=job.run_id,
        pool=job.pool,
        place=place,
        progress=events.data(latest) if latest is not None else None,
        prefect_url=prefect_url,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
    )
