"""A model's training datasets: build (a job, or a dry run), list, show, the contact sheet and
training images, and a person's keep/reject overrides (a new version)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from sqlmodel import col, select

from aistudio import dataset
from aistudio.api import jobs
from aistudio.api.datasets import (
    ImageName,
    Version,
    build_spec,
    candidate_file,
    dataset_public,
    owned_model_row,
    owned_version,
    version_file,
)
from aistudio.api.deps import ApiSettingsDep, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model_id
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import IdempotencyKey, PrefectDep, created
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.datasets import (
    DatasetDryRun,
    DatasetPublic,
    DatasetSummary,
    OverrideCreate,
)
from aistudio.api.schemas.jobs import JobCreated
from aistudio.core.errors import NotFound
from aistudio.dataset.versions import CONTACT_SHEET, OVERRIDDEN_FROM
from aistudio.db.tables import DatasetItem, DatasetVersion

router = APIRouter(tags=["datasets"], responses=responses(401, 403, 404, 429))
PNG, JPEG = "image/png", "image/jpeg"
CandidateIndex = Annotated[
    int, PathParam(ge=0, le=1_000_000, description="The candidate's place: in ones, then out")
]


@router.post(
    "/models/{name}/datasets",
    status_code=status.HTTP_201_CREATED,
    responses={
        **responses(409, 422, 503),
        200: {"description": "The job an earlier request with this key started, or a dry run"},
    },
)
def build_dataset(
    name: str,
    body: dataset.DatasetOptions,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
    dry_run: Annotated[bool, Query(description="Only say what it would use")] = False,
) -> JobCreated | DatasetDryRun:
    """Build a training dataset from the model's accepted results, as a job (consent, config
    and candidates are checked first); the job's `result` event names the version it made."""
    model = owned_model_row(studio, caller, name)
    if dry_run:
        response.status_code = status.HTTP_200_OK
        preview = dataset.preview_build(studio, name, body)
        return DatasetDryRun(**preview.model_dump())
    job, new = jobs.create(
        studio,
        prefect,
        caller,
        model=model,
        spec=build_spec(name, body),
        key=idempotency_key,
        in_flight=api.jobs_in_flight,
        check=lambda: dataset.preview_build(studio, name, body),
    )
    return created(studio, prefect, api, job, new, response)


def _summary(row: DatasetVersion, numbers: dict[int | None, int]) -> DatasetSummary:
    settings = json.loads(row.settings_json)
    return DatasetSummary(
        version=row.number,
        hash=row.content_hash,
        family=row.family,
        included=row.included,
        excluded=row.excluded,
        captioned_from=numbers.get(row.parent_id) if row.parent_id else None,
        overridden_from=settings.get(OVERRIDDEN_FROM),
        captioner=row.captioner,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        created_at=row.created_at,
    )


@router.get("/models/{name}/datasets")
def list_datasets(
    name: str,
    caller: Reader,
    studio: StudioDep,
    after: Annotated[int, Query(ge=0, le=1_000_000, description="Cursor: the last version")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[DatasetSummary]:
    """A model's dataset versions, oldest first."""
    with studio.read() as session:
        model_id = owned_model_id(session, caller, name)
        rows = session.exec(
            select(DatasetVersion)
            .where(DatasetVersion.model_id == model_id)
            .order_by(col(DatasetVersion.number))
        ).all()
    numbers: dict[int | None, int] = {r.id: r.number for r in rows}
    page = [r for r in rows if r.number > after][: limit + 1]
    items = [_summary(r, numbers) for r in page[:limit]]
    return Page[DatasetSummary](
        items=items, next=str(items[-1].version) if len(page) > limit else None
    )


@router.get("/models/{name}/datasets/{version}")
def read_dataset(
    name: str, version: Version, request: Request, caller: Reader, studio: StudioDep
) -> DatasetPublic:
    """One version: every candidate in (crop, caption, image URL) or out (reason, detail), its
    scores, a person's overrides beside the automatic choice, and the contact sheet."""
    owned_version(studio, caller, name, version)
    return dataset_public(request, dataset.show_dataset(studio, name, version))


@router.get(
    "/models/{name}/datasets/{version}/contact-sheet",
    response_class=FileResponse,
    responses={**responses(409), 200: {"content": {PNG: {}}, "description": "The sheet"}},
)
def dataset_contact_sheet(
    name: str, version: Version, caller: Reader, studio: StudioDep
) -> FileResponse:
    """The version's contact sheet (PNG): every candidate, in or out, with why."""
    row = owned_version(studio, caller, name, version)
    path = version_file(studio, name, row, CONTACT_SHEET)
    return FileResponse(path, media_type=PNG, content_disposition_type="inline")


@router.get(
    "/models/{name}/datasets/{version}/images/{image}",
    response_class=FileResponse,
    responses={**responses(409, 422), 200: {"content": {JPEG: {}}, "description": "The image"}},
)
def dataset_image(
    name: str, version: Version, image: ImageName, caller: Reader, studio: StudioDep
) -> FileResponse:
    """One training image of the version, as the trainer reads it (cropped, marked)."""
    row = owned_version(studio, caller, name, version)
    with studio.read() as session:
        found = session.exec(
            select(DatasetItem).where(DatasetItem.version_id == row.id, DatasetItem.image == image)
        ).first()
    if found is None:
        raise NotFound(f"dataset v{version} has no image {image}")
    path = version_file(studio, name, row, f"imagefolder/{image}")
    return FileResponse(path, media_type=JPEG, filename=image, content_disposition_type="inline")


@router.get(
    "/models/{name}/datasets/{version}/candidates/{index}",
    response_class=FileResponse,
    responses={**responses(409, 422), 200: {"content": {JPEG: {}}, "description": "The image"}},
)
def dataset_candidate(
    name: str, version: Version, index: CandidateIndex, caller: Reader, studio: StudioDep
) -> FileResponse:
    """One candidate of the version as stored, uncropped, in or out (what a person judges
    before keeping it in): its `candidate_url` in the version's listing."""
    row = owned_version(studio, caller, name, version)
    path = candidate_file(studio, name, row, index)
    return FileResponse(path, media_type=JPEG, content_disposition_type="inline")


@router.post(
    "/models/{name}/datasets/{version}/overrides",
    status_code=status.HTTP_201_CREATED,
    responses={
        **responses(409, 422),
        200: {"description": "The version that already has this content"},
    },
)
def override_dataset(
    name: str,
    version: Version,
    body: OverrideCreate,
    request: Request,
    response: Response,
    caller: Writer,
    studio: StudioDep,
) -> DatasetPublic:
    """Keep or reject single images: the result is a new version, each overridden image with
    the automatic choice beside the caller's (the same change gives the same version)."""
    owned_version(studio, caller, name, version)
    made = dataset.override_dataset(studio, name, version, body.changes, actor=caller.actor)
    if not made.new:
        response.status_code = status.HTTP_200_OK
    return dataset_public(request, made)
