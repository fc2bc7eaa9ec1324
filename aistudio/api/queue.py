"""A GPU pool's queue: jobs wait in `position` order (state queued, no flow run yet) and the
head starts when the pool has a free slot; owners reorder their own jobs, admins anyone's."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from aistudio.core.errors import Conflict, NotFound
from aistudio.db import locks
from aistudio.db.api_tables import Job

IN_FLIGHT = ("queued", "running", "cancelling")
GPU = "gpu"  # the pool GPU work queues in (prefect.yaml's gpu deployments)


def next_position(session: Session, pool: str) -> float:
    """The position after the pool's last waiting job (held until the transaction ends, so
    two jobs joining at once do not share one)."""
    locks.take_turns(session, locks.POOL_QUEUE, pool)
    last = session.exec(
        select(func.max(Job.position)).where(Job.pool == pool, col(Job.position).is_not(None))
    ).one()
    return float(last or 0) + 1.0


def join(session: Session, job: Job) -> None:
    """Put a job at the end of its pool's queue (in this session's transaction)."""
    assert job.pool is not None
    job.position = next_position(session, job.pool)
    row = session.get(Job, job.id)
    assert row is not None
    row.position = job.position
    session.add(row)


def leave(session: Session, job: Job) -> None:
    """Take a job out of its queue (cancelled while waiting)."""
    row = session.get(Job, job.id)
    if row is not None:
        row.position = job.position = None
        session.add(row)


def waiting(session: Session, pool: str) -> Sequence[Job]:
    """A pool's waiting jobs, next first."""
    return session.exec(
        select(Job)
        .where(Job.pool == pool, Job.state == "queued", col(Job.position).is_not(None))
        .order_by(col(Job.position))
    ).all()


def busy(session: Session, pool: str) -> int:
    """A pool's jobs out of the queue and not finished: its slots in use."""
    found = session.exec(
        select(func.count())
        .select_from(Job)
        .where(Job.pool == pool, col(Job.position).is_(None), col(Job.state).in_(IN_FLIGHT))
    ).one()
    return int(found)


def claim(session: Session, pool: str, slots: int) -> list[Job]:
    """Take the head jobs out of the queue for the pool's free slots (the caller starts them)."""
    # Two API processes must not both see a free slot and both start a job.
    locks.take_turns(session, locks.POOL_QUEUE, pool)
    free = slots - busy(session, pool)
    if free <= 0:
        return []
    heads = list(waiting(session, pool)[:free])
    for job in heads:
        job.position = None
        session.add(job)
    return heads


def put_back(session: Session, job: Job) -> None:
    """Return a job that could not start to the head of its queue."""
    assert job.pool is not None
    locks.take_turns(session, locks.POOL_QUEUE, job.pool)
    first = session.exec(
        select(func.min(Job.position)).where(Job.pool == job.pool, col(Job.position).is_not(None))
    ).one()
    row = session.get(Job, job.id)
    if row is not None and row.state == "queued" and row.flow_run_id is None:
        row.position = job.position = float(first if first is not None else 1.0) - 1.0
        session.add(row)


def place(session: Session, job: Job) -> int | None:
    """A waiting job's place in its queue (1: starts next); None when it is not waiting."""
    if job.position is None or job.pool is None:
        return None
    ahead = session.exec(
        select(func.count())
        .select_from(Job)
        .where(
            Job.pool == job.pool,
            Job.state == "queued",
            col(Job.position).is_not(None),
            col(Job.position) < job.position,
        )
    ).one()
    return int(ahead) + 1


def reorder(session: Session, pool: str, ids: list[str], *, owner_id: int | None) -> None:
    """Put the listed waiting jobs in this order, in the places they hold now (a member lists
    only their own jobs, so others keep their places; owner_id None: an admin, any jobs)."""
    locks.take_turns(session, locks.POOL_QUEUE, pool)
    if len(set(ids)) != len(ids):
        raise Conflict("a job is listed twice; list each waiting job once, in the new order")
    line = {j.id: j for j in waiting(session, pool)}
    for job_id in ids:
        job = line.get(job_id)
        if job is None or (owner_id is not None and job.owner_id != owner_id):
            raise NotFound(
                f"you have no job {job_id!r} waiting in the {pool} queue; GET "
                f"/api/v1/queues/{pool} lists the waiting jobs"
            )
    places = sorted(float(line[i].position or 0) for i in ids)
    for job_id, position in zip(ids, places, strict=True):
        line[job_id].position = position
        session.add(line[job_id])
