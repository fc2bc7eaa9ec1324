"""A model's LoRA versions: list, show, samples, compare, export (a job when it resizes),
download; and `verify` of an uploaded LoRA file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from aistudio.api import jobs
from aistudio.api import loras as views
from aistudio.api.deps import ApiSettingsDep, Caller, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import IdempotencyKey, PrefectDep, job_public
from aistudio.api.schemas.common import MAX_ID, MAX_LIMIT, Page
from aistudio.api.schemas.loras import (
    MAX_COMPARED,
    ComparePublic,
    CompareRequest,
    CompareRow,
    ExportPublic,
    ExportRequest,
    LoraCheckPublic,
    LoraFormat,
    LoraPublic,
)
from aistudio.api.streaming import read_form
from aistudio.core.errors import ConsentError, NotFound, StorageError, UserError
from aistudio.core.naming import storage_key
from aistudio.db import queries
from aistudio.storage import get_storage
from aistudio.studio import Studio
from aistudio.training import versions
from aistudio.training.compare import compare_loras
from aistudio.training.consent import verify_lora
from aistudio.training.publish import export_lora

router = APIRouter(tags=["loras"], responses=responses(401, 403, 429))
log = logging.getLogger(__name__)
DOWNLOAD_SECONDS = 300  # presigned links go to browsers: short-lived
PNG, JPEG, SAFETENSORS = "image/png", "image/jpeg", "application/octet-stream"
Version = Annotated[int, PathParam(ge=1, le=MAX_ID, description="The version number")]
Step = Annotated[int, PathParam(ge=0, le=MAX_ID, description="The checkpoint's step")]
Index = Annotated[int, PathParam(ge=0, le=1000, description="The sample's place in its list")]
FILE_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A LoRA .safetensors file",
                        }
                    },
                }
            }
        },
    }
}


def _version(studio: Studio, caller: Caller, name: str, number: int) -> versions.LoraInfo:
    """The caller's model's version (another user's model answers 404 as a missing one)."""
    with studio.read() as session:
        owned_model(session, caller, name)
    return views.find_version(studio, name, number)


def _consent_in_force(studio: Studio, name: str) -> None:
    # What a version drew shows the person: served only while their consent is in force.
    with studio.read() as session:
        record = queries.current_consent(session, model_id=queries.get_model_id(session, name=name))
    if record is None or record.revoked_at is not None:
        raise ConsentError(
            f"consent for model {name!r} is not in force: its LoRAs' samples and files are not "
            "served"
        )


@router.get("/models/{name}/loras", responses=responses(404))
def list_loras(
    name: str,
    request: Request,
    caller: Reader,
    studio: StudioDep,
    after: Annotated[int, Query(ge=0, le=MAX_ID, description="Cursor: the last version")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[LoraPublic]:
    """A model's LoRA versions, oldest first: status, scores per checkpoint, file, withdrawn."""
    with studio.read() as session:
        owned_model(session, caller, name)
    found = [v for v in versions.list_loras(studio, name) if v.version > after]
    items = [views.lora_public(request, v) for v in found[:limit]]
    return Page[LoraPublic](
        items=items, next=str(items[-1].version) if len(found) > limit else None
    )


@router.get("/models/{name}/loras/{version}", responses=responses(404))
def read_lora(
    name: str, version: Version, request: Request, caller: Reader, studio: StudioDep
) -> LoraPublic:
    """One version: params, base and license, consent record, scores and samples per
    checkpoint, best step, file, withdrawn."""
    return views.lora_public(request, _version(studio, caller, name, version))


@router.get(
    "/models/{name}/loras/{version}/checkpoints/{step}/samples/{index}",
    response_class=FileResponse,
    response_model=None,
    responses={200: {"content": {JPEG: {}}, "description": "The sample"}, **responses(404, 409)},
)
def lora_sample(
    name: str, version: Version, step: Step, index: Index, caller: Reader, studio: StudioDep
) -> FileResponse:
    """One sample a checkpoint drew (JPEG, marked as AI-made); the version's `checkpoints`
    list their URLs."""
    info = _version(studio, caller, name, version)
    _consent_in_force(studio, name)
    files = views.samples(info, step)
    if index >= len(files):
        raise NotFound(f"{name} LoRA v{version} has no sample {index} at step {step}")
    return FileResponse(files[index], media_type=JPEG, content_disposition_type="inline")


def _rows(studio: Studio, name: str, numbers: list[int]) -> list[CompareRow]:
    rows = []
    for number in numbers:
        info = views.find_version(studio, name, number)
        if info.best_step is None:
            raise UserError(f"{name} LoRA v{number} has not finished training: no best step yet")
        rows.append(
            CompareRow(
                version=number,
                best_step=info.best_step,
                dataset_version=info.dataset_version,
                rank=int(info.params["rank"]),
                metrics=info.metrics.get(str(info.best_step), {}),
            )
        )
    return rows


def _grid_url(request: Request, name: str, numbers: list[int]) -> str:
    path = request.url_for("lora_compare_grid", name=name).path
    return path + "?" + "&".join(f"versions={n}" for n in numbers)


@router.post("/models/{name}/loras/compare", responses=responses(404, 422))
def compare_versions(
    name: str, body: CompareRequest, request: Request, caller: Reader, studio: StudioDep
) -> ComparePublic:
    """The numbers of two or more versions (each one's best checkpoint) and the URL of the grid
    of their samples."""
    with studio.read() as session:
        owned_model(session, caller, name)
    rows = _rows(studio, name, body.versions)
    return ComparePublic(model=name, rows=rows, grid_url=_grid_url(request, name, body.versions))


@router.get(
    "/models/{name}/loras/compare/grid",
    response_class=FileResponse,
    response_model=None,
    responses={200: {"content": {PNG: {}}, "description": "The grid"}, **responses(404, 409, 422)},
)
def lora_compare_grid(
    name: str,
    caller: Reader,
    studio: StudioDep,
    versions_: Annotated[
        list[int] | None,
        Query(
            alias="versions",
            max_length=MAX_COMPARED,
            description="Two version numbers or more (default: every finished version)",
        ),
    ] = None,
) -> FileResponse:
    """The PNG grid of versions' best-checkpoint samples, a row a version (marked as AI-made),
    as `aistudio lora compare` writes it."""
    with studio.read() as session:
        owned_model(session, caller, name)
    numbers = (
        versions_
        or [v.version for v in versions.list_loras(studio, name) if v.best_step is not None][
            -MAX_COMPARED:
        ]
    )
    _rows(studio, name, numbers)  # each one is the model's and finished: 404 or 422 first
    _consent_in_force(studio, name)
    out = Path(name) / ("compare-" + "-".join(f"v{n}" for n in numbers) + ".png")
    grid = studio.home / "exports" / out
    if not grid.is_file():  # a finished version's samples never change: made once
        grid = compare_loras(studio, name, numbers, out, confined=True)
    return FileResponse(grid, media_type=PNG, content_disposition_type="inline")


@router.post(
    "/models/{name}/loras/{version}/exports",
    responses={
        202: {"model": ExportPublic, "description": "A job lowers the rank; GET `url` once done"},
        **responses(404, 409, 422, 503),
    },
)
def export_version(
    name: str,
    version: Version,
    body: ExportRequest,
    request: Request,
    response: Response,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    idempotency_key: IdempotencyKey = None,
) -> ExportPublic:
    """A file of the version in a format and rank cap: made now (200) when the rank stays,
    else by a job (202) that lowers it (kohya's resize). Refused once withdrawn."""
    info = _version(studio, caller, name, version)
    choice = views.choose(info, body.format, body.step, body.max_rank)
    url = views.download_url(request, info, choice)
    if choice.max_rank is None:
        path = export_lora(
            studio, name, version, fmt=choice.fmt, step=choice.step, confined=True,
            out=views.export_path(studio, info, choice),
        )  # fmt: skip
        return ExportPublic(
            state="ready", url=url, file=views.lora_file(request, info, choice, path), job=None
        )
    with studio.read() as session:
        model = owned_model(session, caller, name)
    job, _ = jobs.create(
        studio, prefect, caller, model=model, spec=views.spec(name, info, choice),
        key=idempotency_key, in_flight=api.jobs_in_flight,
        check=lambda: views.check_export(studio, name, info, choice),
    )  # fmt: skip
    response.status_code = status.HTTP_202_ACCEPTED
    return ExportPublic(
        state="exporting", url=url, file=None, job=job_public(studio, prefect, api, job)
    )


@router.get(
    "/models/{name}/loras/{version}/file",
    response_class=FileResponse,
    response_model=None,
    responses={
        200: {"content": {SAFETENSORS: {}}, "description": "The file"},
        307: {"description": "Redirect to a presigned S3 URL (S3 configured, object stored)"},
        **responses(404, 409, 422, 503),
    },
)
def download_lora(
    name: str,
    version: Version,
    caller: Reader,
    studio: StudioDep,
    format: Annotated[LoraFormat | None, Query(description="Default: the family's own")] = None,
    step: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Default: the best")] = None,
    max_rank: Annotated[int | None, Query(ge=1, le=1024, description="A rank cap")] = None,
) -> FileResponse | RedirectResponse:
    """A file of the version: the published one by default, or one exported before (POST
    .../exports). A 307 to a short-lived presigned URL when S3 holds it, else the file.
    Refused once withdrawn or while consent is not in force."""
    info = _version(studio, caller, name, version)
    views.check_servable(studio, name, info)
    choice = views.choose(info, format, step, max_rank)
    if views.published(info, choice):
        assert info.file is not None and info.file_sha256 is not None
        redirect = _presigned(studio, Path(info.file), info.file_sha256)
        if redirect is not None:
            return redirect
        path = Path(info.file)
    else:
        path = views.export_path(studio, info, choice)
    if not path.is_file():
        raise NotFound(
            f"{name} LoRA v{version} has no such file yet: POST .../loras/{version}/exports "
            "with this format, step and max_rank makes it"
        )
    return FileResponse(path, media_type=SAFETENSORS, filename=path.name)


def _presigned(studio: Studio, path: Path, sha: str) -> RedirectResponse | None:
    """A redirect to the object S3 holds with these bytes, or None (no S3, or not there)."""
    storage = get_storage(studio.settings)
    if storage is None:
        return None
    key = storage_key(studio.settings.s3_prefix, path.relative_to(studio.home).as_posix())
    try:
        if storage.sha256_of(key) == sha:
            seconds = min(DOWNLOAD_SECONDS, studio.settings.s3_presign_seconds)
            return RedirectResponse(storage.presign(key, seconds), status_code=307)
    except StorageError as exc:
        if not path.is_file():
            raise
        log.warning("%s: storage unavailable, serving the local file: %s", key, exc)
    return None


def _verify(studio: Studio, caller: Caller, filename: str, path: Path) -> LoraCheckPublic:
    found = verify_lora(studio, path, owner_id=caller.id)
    return LoraCheckPublic(**found.model_dump(exclude={"file"}), filename=filename)


@router.post("/loras/verify", openapi_extra=FILE_FORM, responses=responses(413, 422))
async def verify_lora_file(
    request: Request, caller: Reader, studio: StudioDep, api: ApiSettingsDep
) -> LoraCheckPublic:
    """What an uploaded LoRA file cites: is its consent record in force, was its version
    withdrawn, is its dataset one of yours (others' models count as unknown)."""
    form = await read_form(
        request,
        studio.home,
        file_fields=frozenset({"file"}),
        max_bytes=api.lora_max_bytes,
        max_files=1,
    )
    try:
        if not form.files:
            raise UserError("send the LoRA file in the form field 'file'")
        part = form.files[0]
        return await run_in_threadpool(_verify, studio, caller, part.filename, part.path)
    finally:
        form.remove()
