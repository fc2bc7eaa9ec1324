"""A model's photos: upload many at once (streamed, capped, validated as the CLI does), list,
download, remove."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from aistudio.api.deps import ApiSettingsDep, Caller, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model, owned_model_id
from aistudio.api.problems import responses
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.photos import FileVerdict, PhotoPublic, Role, UploadReport
from aistudio.api.streaming import read_form
from aistudio.consent import audit
from aistudio.consent.records import require_consent
from aistudio.core.errors import ConsentError, NotFound, UserError, printable
from aistudio.core.fs import under
from aistudio.core.naming import Category
from aistudio.db import queries
from aistudio.db.tables import Photo
from aistudio.ingest import importer, remove
from aistudio.studio import Studio

log = logging.getLogger(__name__)
router = APIRouter(tags=["photos"], responses=responses(401, 403, 429))
ID_MAX = 2**63 - 1  # the store's integer ids
PhotoId = Annotated[int, PathParam(ge=1, le=ID_MAX, description="The photo's id")]

# The body of an upload, for /api/docs and generated clients (the route reads it as a stream).
MULTIPART: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Photos (JPEG, PNG, WebP, TIFF, BMP, GIF)",
                        }
                    },
                }
            }
        },
    }
}


def check_upload(
    studio: Studio, caller: Caller, name: str, role: Role, category: Category | None
) -> None:
    """Refuse an upload before its body is read: not the caller's model, a target without a
    category, no consent in force for the target's category, or any photo once consent was
    revoked (sources may come before the first record, never after a revocation)."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
        assert model.id is not None
        record = queries.current_consent(session, model_id=model.id)
        if record is not None and record.revoked_at is not None:
            raise ConsentError(
                f"consent for model {name!r} was revoked: no photos are taken in; "
                "record consent again first"
            )
        if role == "target":
            if category is None:
                raise UserError("targets need a category: add ?category=sfw or nsfw")
            # The gate runs use: no one's photos are taken in without consent for the work.
            require_consent(session, model=model, category=category)


def verdict(filename: str, path: Path, report: importer.ImportReport) -> FileVerdict:
    """One uploaded file's verdict from the report of the import it was part of."""
    key = str(path)  # the importer names files as it was given them
    rejected = next((e for e in report.rejected if e.path == key), None)
    if rejected is not None:
        return FileVerdict(
            filename=filename, verdict="rejected", rule=rejected.rule, detail=rejected.detail
        )
    same = next((existing for src, existing in report.duplicates if src == key), None)
    if same is not None:
        return FileVerdict(
            filename=filename, verdict="duplicate", stored_as=same, detail=f"the same as {same}"
        )
    stored = next((new for src, new in report.imported if src == key), None)
    if stored is None:
        log.error("the import gave no verdict on %s (%s)", printable(filename), key)
        return FileVerdict(filename=filename, verdict="rejected", detail="not imported")
    gap = dict(report.strangers).get(stored)
    return FileVerdict(
        filename=filename,
        verdict="imported",
        stored_as=stored,
        faces=report.faces.get(stored),
        flagged=dict(report.flagged).get(stored),
        detail=None
        if gap is None
        else f"looks like a different person than the other sources (distance {gap:.2f}): "
        "it is left out of runs",
    )


def import_files(
    studio: Studio,
    name: str,
    files: list[tuple[str, Path]],
    role: Role,
    category: Category | None,
) -> list[FileVerdict]:
    """Import uploaded files as the CLI imports a folder (one call, the same validation);
    a verdict for each, in the order sent."""
    paths = [path for _, path in files]
    report = importer.import_photos(studio, name, paths, role=role, category=category,
                                    confined=True)  # fmt: skip
    return [verdict(filename, path, report) for filename, path in files]


def report_of(verdicts: list[FileVerdict]) -> UploadReport:
    """Verdicts with their counts."""
    count = {v: sum(1 for f in verdicts if f.verdict == v) for v in ("imported", "duplicate")}
    return UploadReport(
        files=verdicts,
        imported=count["imported"],
        duplicates=count["duplicate"],
        rejected=len(verdicts) - sum(count.values()),
    )


@router.post(
    "/models/{name}/photos",
    openapi_extra=MULTIPART,
    responses=responses(404, 409, 413, 422),
)
async def upload_photos(
    name: str,
    request: Request,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    role: Annotated[Role, Query(description="source: the persona's face; target: a scene")],
    category: Annotated[Category | None, Query(description="Targets: sfw or nsfw")] = None,
) -> UploadReport:
    """Upload photos (multipart, field 'files', many per request): each is validated and
    imported as the CLI's import does, with one verdict per file."""
    await run_in_threadpool(check_upload, studio, caller, name, role, category)
    form = await read_form(
        request,
        studio.home,
        file_fields=frozenset({"files"}),
        max_bytes=api.upload_max_bytes,
        max_files=api.upload_max_files,
    )
    try:
        if not form.files:
            raise UserError("no files: send the photos in the multipart field 'files'")
        files = [(part.filename, part.path) for part in form.files]
        verdicts = await run_in_threadpool(import_files, studio, name, files, role, category)
    finally:
        form.remove()
    return report_of(verdicts)


def photo_public(photo: Photo) -> PhotoPublic:
    """A photo's public view (no server paths)."""
    assert photo.id is not None
    return PhotoPublic(
        id=photo.id,
        role=photo.role,
        category=photo.category,
        number=photo.number,
        file_name=photo.path.rsplit("/", 1)[-1],
        width=photo.width,
        height=photo.height,
        faces=len(json.loads(photo.faces_json or "[]")),
        explicit=photo.explicit,
        identity_flag=photo.identity_flag,
        created_at=photo.created_at,
    )


@router.get("/models/{name}/photos", responses=responses(404))
def list_photos(
    name: str,
    caller: Reader,
    studio: StudioDep,
    role: Role | None = None,
    category: Category | None = None,
    after: Annotated[int, Query(ge=0, le=ID_MAX, description="Cursor: the last id seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[PhotoPublic]:
    """A model's photos, oldest first."""
    with studio.read() as session:
        query = select(Photo).where(
            Photo.model_id == owned_model_id(session, caller, name), col(Photo.id) > after
        )
        if role is not None:
            query = query.where(Photo.role == role)
        if category is not None:
            query = query.where(Photo.category == category)
        rows = session.exec(query.order_by(col(Photo.id)).limit(limit + 1)).all()
    items = [photo_public(p) for p in rows[:limit]]
    return Page[PhotoPublic](items=items, next=str(items[-1].id) if len(rows) > limit else None)


def owned_photo(studio: Studio, caller: Caller, name: str, photo_id: int) -> Photo:
    """The caller's model's photo, or NotFound (another model's answers the same)."""
    with studio.read() as session:
        photo = session.get(Photo, photo_id)
        if photo is None or photo.model_id != owned_model_id(session, caller, name):
            raise NotFound(f"model {name!r} has no photo {photo_id}")
        return photo


@router.get(
    "/models/{name}/photos/{photo_id}/file",
    response_class=FileResponse,
    responses={**responses(404), 200: {"content": {"image/jpeg": {}}}},
)
def read_photo_file(
    name: str, photo_id: PhotoId, caller: Reader, studio: StudioDep
) -> FileResponse:
    """The photo's stored JPEG (the studio's converted copy)."""
    photo = owned_photo(studio, caller, name, photo_id)
    path = under(studio.home, Path(photo.path), rule="stored photos are in the studio")
    if not path.is_file():
        raise NotFound(f"photo {photo_id}'s file is not on this machine")
    return FileResponse(path, media_type="image/jpeg", filename=path.name)


@router.delete(
    "/models/{name}/photos/{photo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(404, 409),
)
def delete_photo(name: str, photo_id: PhotoId, caller: Writer, studio: StudioDep) -> None:
    """Remove a photo no run or dataset has used (its stored copy and record)."""
    with studio.session() as session:
        model = owned_model(session, caller, name)
        photo = remove.remove_photo(session, model=model, photo_id=photo_id)
        audit.record(
            session,
            action="photo.remove",
            model_id=model.id,
            actor=caller.actor,
            photo=photo_id,
            role=photo.role,
            category=photo.category,
            number=photo.number,
            sha256=photo.sha256,
        )
    remove.discard_copy(studio, photo)
