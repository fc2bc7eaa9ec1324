"""Trainings: the params a training takes, starting one (queued on the gpu pool), cloning one
with changes, and asking a running one for samples or a checkpoint now."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from aistudio.api import jobs, trainings
from aistudio.api.deps import ApiSettingsDep, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import IdempotencyKey, PrefectDep, created
from aistudio.api.schemas.jobs import JobCreated
from aistudio.api.schemas.trainings import (
    JobRequestCreate,
    JobRequestPublic,
    TrainingClone,
    TrainingCreate,
    TrainingParamsPublic,
    TrainingPlanPublic,
)
from aistudio.api.settings import ApiSettings
from aistudio.core.errors import Conflict
from aistudio.db import requests
from aistudio.db.tables import Model
from aistudio.studio import Studio

router = APIRouter(tags=["trainings"], responses=responses(401, 403, 429))


@router.get("/training/params")
def training_params(caller: Reader, studio: StudioDep) -> TrainingParamsPublic:
    """The parameters a training takes (JSON Schema) and each family's defaults, base,
    license and VRAM."""
    return trainings.params_public(studio)


def _start(
    studio: Studio,
    prefect: PrefectDep,
    api: ApiSettings,
    caller: Writer,
    model: Model,
    body: TrainingCreate,
    key: str | None,
    response: Response,
) -> JobCreated:
    checked = trainings.plan(studio, model.name, body)
    job, new = jobs.create(
        studio,
        prefect,
        caller,
        model=model,
        spec=trainings.spec(model.name, body, checked),
        key=key,
        in_flight=api.jobs_in_flight,
    )
    return created(studio, prefect, api, job, new, response)


@router.post(
    "/models/{name}/trainings",
    status_code=status.HTTP_201_CREATED,
    responses={
        **responses(404, 409, 422, 503),
        200: {"description": "The job an earlier request with this key started, or a dry run"},
    },
)
def create_training(
    name: str,
    body: TrainingCreate,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
    dry_run: Annotated[bool, Query(description="Only check and fill in; start nothing")] = False,
) -> JobCreated | TrainingPlanPublic:
    """Queue a LoRA training on the gpu pool (dataset, review gate, consent, base and license
    are checked first; the answer's params have the family's defaults filled in)."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
    if dry_run:
        response.status_code = status.HTTP_200_OK
        return TrainingPlanPublic(**trainings.plan(studio, name, body).model_dump())
    return _start(studio, prefect, api, caller, model, body, idempotency_key, response)


@router.post(
    "/jobs/{job_id}/clone",
    status_code=status.HTTP_201_CREATED,
    responses={**responses(404, 409, 422, 503), 200: {"description": "An earlier clone"}},
)
def clone_training(
    job_id: str,
    body: TrainingClone,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobCreated:
    """A new training with a finished or running one's request, the given params changed."""
    with studio.read() as session:
        job = jobs.owned_job(session, caller, job_id)
        model = session.get(Model, job.model_id)
    assert model is not None
    again = trainings.cloned(job, body.params, body.dataset_version)
    return _start(studio, prefect, api, caller, model, again, idempotency_key, response)


@router.post(
    "/jobs/{job_id}/requests",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(404, 409, 422),
)
def request_now(
    job_id: str, body: JobRequestCreate, caller: Writer, studio: StudioDep, prefect: PrefectDep
) -> JobRequestPublic:
    """Ask a running training for samples ("sample") or a checkpoint ("save") at its next
    step; its events show them when they land."""
    with studio.read() as session:
        job = jobs.owned_job(session, caller, job_id)
    jobs.refresh(studio, prefect, [job])
    if job.kind != trainings.KIND or job.state != "running":
        raise Conflict(
            f"job {job_id} is a {job.state} {job.kind} job; only a running training takes requests"
        )
    with studio.session() as session:
        row = requests.ask(session, job.id, body.action)
        assert row.id is not None
        return JobRequestPublic(id=row.id, job_id=job.id, action=row.action, done_step=None)
