"""A GPU pool's queue: what runs, what waits in which order; reorder your own jobs (an admin:
anyone's)."""

from __future__ import annotations

from fastapi import APIRouter

from aistudio.api import jobs, queue
from aistudio.api.deps import ApiSettingsDep, Caller, Reader, StudioDep, Writer
from aistudio.api.prefect_api import PrefectError
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import PrefectDep, job_public
from aistudio.api.schemas.trainings import QueueEntry, QueueOrder, QueuePublic
from aistudio.api.settings import ApiSettings
from aistudio.api.trainings import POOL
from aistudio.core.errors import NotFound
from aistudio.studio import Studio

router = APIRouter(tags=["trainings"], responses=responses(401, 403, 429))
POOLS = (POOL,)


def _pool(pool: str) -> str:
    if pool not in POOLS:
        raise NotFound(f"there is no queue {pool!r}; the queued pools are {', '.join(POOLS)}")
    return pool


def _public(
    studio: Studio, prefect: PrefectDep, api: ApiSettings, caller: Caller, pool: str
) -> QueuePublic:
    with studio.read() as session:
        waiting = list(queue.waiting(session, pool))
        running = queue.busy(session, pool)
    entries = [
        QueueEntry(
            place=i,
            job=job_public(studio, prefect, api, j)
            if j.owner_id == caller.id or caller.admin
            else None,
        )
        for i, j in enumerate(waiting, 1)
    ]
    try:
        slots: int | None = prefect.pool_slots(pool)
    except PrefectError:
        slots = None
    return QueuePublic(pool=pool, slots=slots, running=running, waiting=entries)


@router.get("/queues/{pool}", responses=responses(404, 503))
def read_queue(
    pool: str, caller: Reader, studio: StudioDep, api: ApiSettingsDep, prefect: PrefectDep
) -> QueuePublic:
    """A GPU pool's queue, next first (another user's job shows only its place)."""
    _pool(pool)
    jobs.refresh_all(studio, prefect)
    return _public(studio, prefect, api, caller, pool)


@router.put("/queues/{pool}", responses=responses(404, 409, 422, 503))
def reorder_queue(
    pool: str,
    body: QueueOrder,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
) -> QueuePublic:
    """Put waiting jobs in this order among the places they hold (yours; an admin's: any)."""
    _pool(pool)
    with studio.session() as session:
        queue.reorder(session, pool, body.jobs, owner_id=None if caller.admin else caller.id)
    return _public(studio, prefect, api, caller, pool)
