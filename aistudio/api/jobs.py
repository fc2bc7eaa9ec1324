"""Jobs: processing runs started, watched, cancelled and retried through Prefect's server.

The Job row holds what other API processes need (the flow run, the state last seen); a state
change is stored with a conditional UPDATE and logged as one event, whichever process saw it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from aistudio.api import queue
from aistudio.api.deps import Caller
from aistudio.api.prefect_api import FlowRun, PrefectApi, PrefectError
from aistudio.consent import audit
from aistudio.core.errors import Conflict, NotFound, RateLimited
from aistudio.db import events, locks
from aistudio.db.api_tables import Job, JobEvent
from aistudio.db.tables import Model, utcnow
from aistudio.studio import Studio

log = logging.getLogger(__name__)

JOB_TAG = "aistudio-job:"  # tasks/common.py finds the job of a flow run by this tag
IN_FLIGHT = queue.IN_FLIGHT
TERMINAL = frozenset({"succeeded", "failed", "cancelled", "crashed"})
RETRYABLE = frozenset({"failed", "cancelled", "crashed"})
# A job row whose flow run was never made (its API process stopped in between) fails after this,
# rather than counting as queued forever.
START_GRACE = timedelta(minutes=2)
ORPHANED = "its flow run was never created (the API stopped while starting it); retry it"
# Prefect's state types, as a job's states.
STATES = {
    "SCHEDULED": "queued",
    "PENDING": "queued",
    "PAUSED": "queued",
    "RUNNING": "running",
    "CANCELLING": "cancelling",
    "COMPLETED": "succeeded",
    "FAILED": "failed",
    "CANCELLED": "cancelled",
    "CRASHED": "crashed",
}


@dataclass(frozen=True)
class JobSpec:
    """What a job runs: its kind, deployment and flow parameters; GPU work names its pool and
    waits there in the studio's queue."""

    kind: str
    deployment: str
    parameters: dict[str, Any]
    pool: str | None = None


def request_hash(spec: JobSpec) -> str:
    """What an Idempotency-Key is bound to: the kind and every parameter (the model's too)."""
    canonical = json.dumps(
        {"kind": spec.kind, **spec.parameters}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def owned_job(session: Session, caller: Caller, job_id: str) -> Job:
    """The caller's job, or NotFound (whoever else may own one)."""
    job = session.get(Job, job_id)
    if job is None or job.owner_id != caller.id:
        raise NotFound(f"you have no job {job_id!r}; GET /api/v1/jobs lists yours")
    return job


def _by_key(session: Session, caller: Caller, key: str, digest: str) -> Job | None:
    job = session.exec(
        select(Job).where(Job.owner_id == caller.id, Job.idempotency_key == key)
    ).first()
    if job is not None and job.request_hash != digest:
        raise Conflict(
            f"Idempotency-Key {key!r} was used for a different request; send a new key "
            "for a new job"
        )
    return job


def _check_in_flight(session: Session, owner_id: int, limit: int) -> None:
    # Two requests must not both count N-1 and both start: one waits for the other's commit.
    locks.take_turns(session, locks.JOBS_IN_FLIGHT, owner_id)
    busy = session.exec(
        select(func.count())
        .select_from(Job)
        .where(Job.owner_id == owner_id, col(Job.state).in_(IN_FLIGHT))
    ).one()
    if busy >= limit:
        raise RateLimited(
            f"you have {busy} jobs queued or running (the limit is {limit}); wait for one "
            "to finish or cancel one",
            30,
        )


def refresh_all(studio: Studio, prefect: PrefectApi) -> None:
    """Refresh every job in flight and start what the GPU queues can (the watcher's tick)."""
    with studio.read() as session:
        busy = session.exec(select(Job).where(col(Job.state).in_(IN_FLIGHT))).all()
    refresh(studio, prefect, busy)
    # A queue whose head could not start before (Prefect was busy) is tried again here.
    for pool in sorted({j.pool for j in busy if j.pool is not None and j.position is not None}):
        advance(studio, prefect, pool)


def refresh_in_flight(studio: Studio, prefect: PrefectApi, owner_id: int) -> None:
    """Refresh a user's queued and running jobs (one that ended unseen must not count)."""
    with studio.read() as session:
        busy = session.exec(
            select(Job).where(Job.owner_id == owner_id, col(Job.state).in_(IN_FLIGHT))
        ).all()
    refresh(studio, prefect, busy)


def create(
    studio: Studio,
    prefect: PrefectApi,
    caller: Caller,
    *,
    model: Model,
    spec: JobSpec,
    key: str | None,
    in_flight: int,
    check: Callable[[], object] | None = None,
) -> tuple[Job, bool]:
    """Start a job (check first: user mistakes raise before anything starts); returns it and
    whether it is new. A job for a GPU pool joins its queue and starts when a slot is free."""
    digest = request_hash(spec)
    if key:
        with studio.read() as session:
            found = _by_key(session, caller, key, digest)
        if found is not None:
            return found, False
    if check is not None:
        check()
    refresh_in_flight(studio, prefect, caller.id)
    assert model.id is not None
    job = Job(
        id=uuid.uuid4().hex,
        owner_id=caller.id,
        model_id=model.id,
        kind=spec.kind,
        params_json=json.dumps(spec.parameters, sort_keys=True, default=str),
        deployment=spec.deployment,
        idempotency_key=key or None,
        request_hash=digest,
        pool=spec.pool,
    )
    try:
        with studio.session() as session:
            _check_in_flight(session, caller.id, in_flight)
            if spec.pool is not None:
                job.position = queue.next_position(session, spec.pool)
            session.add(job)
            events.append(session, job.id, "state", state="queued", attempt=1)
            audit.record(
                session, action="job.create", model_id=model.id, actor=caller.actor, job=job.id
            )
    except IntegrityError:
        # The same key in a request that raced this one: answer with the job it made.
        with studio.read() as session:
            found = _by_key(session, caller, key or "", digest)
        if found is None:
            raise
        return found, False
    if spec.pool is None:
        _start(studio, prefect, job)
    else:
        advance(studio, prefect, spec.pool)
        with studio.read() as session:
            job = session.get(Job, job.id) or job
    return job, True


def advance(studio: Studio, prefect: PrefectApi, pool: str) -> None:
    """Start the jobs at the head of a pool's queue while it has free slots."""
    try:
        slots = prefect.pool_slots(pool)
    except PrefectError as exc:  # nothing starts without Prefect: the queue waits
        log.warning("queue %s not advanced: %s", pool, exc)
        return
    with studio.session() as session:
        claimed = queue.claim(session, pool, slots)
    for job in claimed:
        try:
            _start(studio, prefect, job)
        except PrefectError as exc:
            log.warning("queue %s: job %s not started, kept at the head: %s", pool, job.id, exc)
            with studio.session() as session:
                queue.put_back(session, job)
            return


def _start(studio: Studio, prefect: PrefectApi, job: Job) -> None:
    """Create the job's flow run; if Prefect refuses, the job is dropped (nothing started)."""
    try:
        run = prefect.create_flow_run(
            job.deployment,
            json.loads(job.params_json),
            tags=[JOB_TAG + job.id],
            key=f"aistudio-job:{job.id}:{job.attempt}",
        )
    except PrefectError:
        if job.pool is not None:
            raise  # advance puts it back at the head of its queue
        with studio.session() as session:
            if job.attempt == 1:  # a first attempt leaves nothing: the same key may try again
                for event in session.exec(select(JobEvent).where(JobEvent.job_id == job.id)):
                    session.delete(event)
                row = session.get(Job, job.id)
                if row is not None:
                    session.delete(row)
            else:
                _store_state(session, job, job.state, "failed", "the retry could not start")
        raise
    job.flow_run_id = run.id
    with studio.session() as session:
        row = session.get(Job, job.id)
        assert row is not None
        row.flow_run_id = run.id
        session.add(row)


def _store_state(
    session: Session, job: Job, old: str, new: str, message: str | None, **extra: Any
) -> bool:
    """Move a job from old to new unless another process did first; logs the change once."""
    now = utcnow()
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Job)
            .where(col(Job.id) == job.id, col(Job.state) == old, col(Job.attempt) == job.attempt)
            .values(
                state=new,
                state_message=message,
                updated_at=now,
                finished_at=now if new in TERMINAL else None,
            )
        ),
    )
    if result.rowcount != 1:
        return False
    events.append(
        session, job.id, "state", state=new, message=message, attempt=job.attempt, **extra
    )
    job.state, job.state_message, job.updated_at = new, message, now
    job.finished_at = now if new in TERMINAL else None
    return True


def _apply(studio: Studio, job: Job, run: FlowRun) -> bool:
    """Store the run's state on its job; True when this ended the job."""
    new = STATES.get(run.state_type, "queued")
    if new == job.state or run.id != job.flow_run_id:
        return False
    with studio.session() as session:
        stored = _store_state(
            session, job, job.state, new, run.state_message, prefect=run.state_name
        )
    return stored and new in TERMINAL


def _orphaned(job: Job) -> bool:
    if job.position is not None:
        return False  # waiting its turn in a GPU pool's queue
    updated = job.updated_at if job.updated_at.tzinfo else job.updated_at.replace(tzinfo=UTC)
    return utcnow() - updated > START_GRACE


def refresh(studio: Studio, prefect: PrefectApi, jobs: Sequence[Job]) -> None:
    """Bring jobs' states up to date with their flow runs (one call to Prefect)."""
    for job in jobs:
        if job.state == "queued" and job.flow_run_id is None and _orphaned(job):
            with studio.session() as session:
                _store_state(session, job, "queued", "failed", ORPHANED)
    live = [j for j in jobs if j.state not in TERMINAL and j.flow_run_id]
    if not live:
        return
    try:
        runs = prefect.flow_runs([j.flow_run_id for j in live if j.flow_run_id])
    except PrefectError as exc:
        log.warning("job states not refreshed: %s", exc)
        return
    freed = set()
    for job in live:
        run = runs.get(job.flow_run_id or "")
        if run is not None and _apply(studio, job, run) and job.pool is not None:
            freed.add(job.pool)
    # A pool job that ended frees a slot: the next one waiting may start now.
    for pool in sorted(freed):
        advance(studio, prefect, pool)


def cancel(studio: Studio, prefect: PrefectApi, job: Job, *, actor: str) -> None:
    """Ask Prefect to stop a job's flow run (one that has not started is cancelled at once)."""
    refresh(studio, prefect, [job])
    if job.state == "queued" and job.position is not None:  # waiting in its pool's queue
        with studio.session() as session:
            if not _store_state(session, job, "queued", "cancelled", "cancelled in the queue"):
                raise Conflict(f"job {job.id} changed meanwhile; read it again")
            queue.leave(session, job)
            audit.record(
                session, action="job.cancel", model_id=job.model_id, actor=actor, job=job.id
            )
        return
    if job.state in TERMINAL or job.flow_run_id is None:
        raise Conflict(f"job {job.id} is {job.state}: there is nothing to cancel")
    with studio.session() as session:
        audit.record(session, action="job.cancel", model_id=job.model_id, actor=actor, job=job.id)
    target = "CANCELLED" if job.state == "queued" else "CANCELLING"
    prefect.set_state(job.flow_run_id, target, "cancelled through the studio API")
    _apply(studio, job, prefect.flow_run(job.flow_run_id))


def retry(studio: Studio, prefect: PrefectApi, job: Job, *, in_flight: int, actor: str) -> None:
    """A new flow run of a failed, cancelled or crashed job (it resumes: nothing is paid twice)."""
    refresh(studio, prefect, [job])
    if job.state not in RETRYABLE:
        raise Conflict(
            f"job {job.id} is {job.state}; only failed, cancelled or crashed jobs are retried"
        )
    refresh_in_flight(studio, prefect, job.owner_id)
    now = utcnow()
    with studio.session() as session:
        _check_in_flight(session, job.owner_id, in_flight)
        result = cast(
            CursorResult[Any],
            session.execute(
                update(Job)
                .where(
                    col(Job.id) == job.id,
                    col(Job.state) == job.state,
                    col(Job.attempt) == job.attempt,
                )
                .values(
                    attempt=job.attempt + 1,
                    state="queued",
                    state_message=None,
                    flow_run_id=None,
                    updated_at=now,
                    finished_at=None,
                )
            ),
        )
        if result.rowcount != 1:
            raise Conflict(f"job {job.id} changed meanwhile (retried already?); read it again")
        job.attempt, job.state, job.flow_run_id = job.attempt + 1, "queued", None
        job.state_message, job.updated_at, job.finished_at = None, now, None
        if job.pool is not None:  # back to the end of its pool's queue
            queue.join(session, job)
        events.append(session, job.id, "state", state="queued", attempt=job.attempt, retry=True)
        audit.record(session, action="job.retry", model_id=job.model_id, actor=actor, job=job.id)
    if job.pool is None:
        _start(studio, prefect, job)
    else:
        advance(studio, prefect, job.pool)
