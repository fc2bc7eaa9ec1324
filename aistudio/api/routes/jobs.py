"""Jobs: start a model's processing (with an estimate first, or only that), list, read, cancel,
retry."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from sqlmodel import col, or_, select

from aistudio.api import job_view, jobs, process
from aistudio.api.deps import ApiSettingsDep, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model
from aistudio.api.prefect_api import PrefectApi
from aistudio.api.problems import responses
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.jobs import DryRun, JobCreate, JobCreated, JobPublic, JobState
from aistudio.api.settings import ApiSettings
from aistudio.db.api_tables import Job
from aistudio.db.tables import Model
from aistudio.studio import Studio

router = APIRouter(tags=["jobs"], responses=responses(401, 403, 429))
_lock = threading.Lock()


def get_prefect(request: Request) -> PrefectApi:
    """The app's Prefect client (made on first use, from PREFECT_API_URL)."""
    with _lock:
        client: PrefectApi | None = getattr(request.app.state, "prefect", None)
        if client is None:
            client = request.app.state.prefect = PrefectApi()
    return client


PrefectDep = Annotated[PrefectApi, Depends(get_prefect)]
IdempotencyKey = Annotated[
    str | None, Header(max_length=200, description="The same key and body return the same job")
]


def job_public(studio: Studio, prefect: PrefectApi, api: ApiSettings, job: Job) -> JobPublic:
    """A job's public view, with its run's address in the Prefect UI."""
    url = prefect.ui_url(job.flow_run_id, api.prefect_ui_url) if job.flow_run_id else None
    return job_view.public(studio, job, url)


def created(
    studio: Studio, prefect: PrefectApi, api: ApiSettings, job: Job, new: bool, response: Response
) -> JobCreated:
    """A started job as the answer: 201, or 200 for the one an earlier request with the same
    Idempotency-Key started."""
    if not new:
        response.status_code = status.HTTP_200_OK
    return JobCreated(**job_public(studio, prefect, api, job).model_dump())


@router.post(
    "/models/{name}/jobs",
    status_code=status.HTTP_201_CREATED,
    responses={
        **responses(404, 409, 422, 503),
        200: {"description": "The job an earlier request with this key started, or a dry run"},
    },
)
def create_job(
    name: str,
    body: JobCreate,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
    dry_run: Annotated[bool, Query(description="Only estimate; start nothing")] = False,
) -> JobCreated | DryRun:
    """Start processing a model's pairs (consent, plan and budget are checked first)."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
    if dry_run:
        response.status_code = status.HTTP_200_OK
        return DryRun(estimate=process.estimate_public(process.run_preflight(studio, name, body)))
    job, new = jobs.create(
        studio,
        prefect,
        caller,
        model=model,
        spec=process.spec(name, body),
        key=idempotency_key,
        in_flight=api.jobs_in_flight,
        check=lambda: process.run_preflight(studio, name, body),
    )
    return created(studio, prefect, api, job, new, response)


@router.get("/jobs", responses=responses(404))
def list_jobs(
    caller: Reader,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    model: Annotated[str | None, Query(max_length=40, description="Only this model's")] = None,
    state: Annotated[JobState | None, Query(description="Only jobs in this state")] = None,
    after: Annotated[str, Query(max_length=40, description="Cursor: the last id seen")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[JobPublic]:
    """The caller's jobs, newest first."""
    jobs.refresh_in_flight(studio, prefect, caller.id)  # the state filter sees Prefect's now
    with studio.read() as session:
        query = select(Job).where(Job.owner_id == caller.id)
        if model is not None:
            query = query.join(Model, col(Model.id) == Job.model_id).where(Model.name == model)
        if state is not None:
            query = query.where(Job.state == state)
        if after:
            anchor = jobs.owned_job(session, caller, after)
            query = query.where(
                or_(
                    col(Job.created_at) < anchor.created_at,
                    (col(Job.created_at) == anchor.created_at) & (col(Job.id) > anchor.id),
                )
            )
        rows = session.exec(
            query.order_by(col(Job.created_at).desc(), col(Job.id)).limit(limit + 1)
        ).all()
    items = [job_public(studio, prefect, api, j) for j in rows[:limit]]
    return Page[JobPublic](items=items, next=items[-1].id if len(rows) > limit else None)


def _read(studio: Studio, caller: Reader, job_id: str) -> Job:
    with studio.read() as session:
        return jobs.owned_job(session, caller, job_id)


@router.get("/jobs/{job_id}", responses=responses(404))
def read_job(
    job_id: str, caller: Reader, studio: StudioDep, api: ApiSettingsDep, prefect: PrefectDep
) -> JobPublic:
    """One of the caller's jobs, its state as Prefect has it now."""
    job = _read(studio, caller, job_id)
    jobs.refresh(studio, prefect, [job])
    return job_public(studio, prefect, api, job)


@router.post("/jobs/{job_id}/cancel", responses=responses(404, 409, 503))
def cancel_job(
    job_id: str, caller: Writer, studio: StudioDep, api: ApiSettingsDep, prefect: PrefectDep
) -> JobPublic:
    """Stop a queued or running job (it reads `cancelling`, then `cancelled`)."""
    job = _read(studio, caller, job_id)
    jobs.cancel(studio, prefect, job, actor=caller.actor)
    return job_public(studio, prefect, api, job)


@router.post("/jobs/{job_id}/retry", responses=responses(404, 409, 503))
def retry_job(
    job_id: str, caller: Writer, studio: StudioDep, api: ApiSettingsDep, prefect: PrefectDep
) -> JobPublic:
    """Run a failed, cancelled or crashed job again: it resumes, paying for nothing twice."""
    job = _read(studio, caller, job_id)
    jobs.retry(studio, prefect, job, in_flight=api.jobs_in_flight, actor=caller.actor)
    return job_public(studio, prefect, api, job)
