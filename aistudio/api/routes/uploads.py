"""Resumable uploads of one photo each (tus-like, for many photos over a slow link): create,
append chunks at the offset the studio has, resume after a drop; the last byte imports it."""

from __future__ import annotations

import fcntl
import uuid
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Header, Request, Response, status
from starlette.concurrency import run_in_threadpool

from aistudio.api.deps import ApiSettingsDep, Caller, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model
from aistudio.api.problems import responses
from aistudio.api.routes.photos import check_upload, import_files
from aistudio.api.schemas.photos import FileVerdict, TargetUpload, UploadCreate, UploadPublic
from aistudio.api.streaming import append_body, declared_length
from aistudio.core.errors import Conflict, NotFound, TooLarge, printable
from aistudio.core.fs import UPLOADS
from aistudio.db.api_tables import Upload
from aistudio.db.tables import Model, utcnow
from aistudio.studio import Studio

router = APIRouter(tags=["uploads"], responses=responses(401, 403, 429))
OFFSET = "Upload-Offset"

CHUNK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/offset+octet-stream": {"schema": {"type": "string", "format": "binary"}}
        },
    }
}


def part_file(studio: Studio, upload_id: str) -> Path:
    """Where an upload's bytes gather."""
    return studio.home / UPLOADS / f"{upload_id}.part"


def upload_public(studio: Studio, upload: Upload) -> UploadPublic:
    """An upload's public view; its offset is the bytes on disk (what survived a drop)."""
    part = part_file(studio, upload.id)
    offset = part.stat().st_size if part.is_file() else upload.received
    return UploadPublic(
        id=upload.id,
        filename=upload.filename,
        size=upload.size,
        offset=offset,
        role=upload.role,
        category=upload.category,
        created_at=upload.created_at,
        finished_at=upload.finished_at,
        result=FileVerdict.model_validate_json(upload.verdict_json)
        if upload.verdict_json
        else None,
    )


def owned_upload(studio: Studio, caller: Caller, upload_id: str) -> tuple[Upload, Model]:
    """The caller's upload and its model, or NotFound (another user's answers the same)."""
    with studio.read() as session:
        upload = session.get(Upload, upload_id)
        model = session.get(Model, upload.model_id) if upload is not None else None
        if upload is None or model is None or upload.owner_id != caller.id:
            raise NotFound(f"you have no upload {upload_id!r}")
        return upload, model


@router.post(
    "/models/{name}/uploads",
    status_code=status.HTTP_201_CREATED,
    responses=responses(404, 409, 413, 422),
)
def create_upload(
    name: str, body: UploadCreate, caller: Writer, studio: StudioDep, api: ApiSettingsDep
) -> UploadPublic:
    """Start a resumable upload of one photo; send its bytes with PATCH /uploads/{id}."""
    if body.size > api.upload_max_bytes:
        raise TooLarge(
            f"{printable(body.filename)}: {body.size} bytes is over the "
            f"{api.upload_max_bytes} byte cap"
        )
    category = body.category if isinstance(body, TargetUpload) else None
    check_upload(studio, caller, name, body.role, category)
    upload_id = uuid.uuid4().hex
    part = part_file(studio, upload_id)
    part.parent.mkdir(parents=True, exist_ok=True)
    part.touch(exist_ok=False)
    with studio.session() as session:
        model = owned_model(session, caller, name)
        assert model.id is not None
        upload = Upload(
            id=upload_id,
            owner_id=caller.id,
            model_id=model.id,
            role=body.role,
            category=category,
            filename=body.filename,
            size=body.size,
        )
        session.add(upload)
        session.flush()
        return upload_public(studio, upload)


@router.get("/uploads/{upload_id}", responses=responses(404))
def read_upload(upload_id: str, caller: Reader, studio: StudioDep) -> UploadPublic:
    """How far an upload got, and its verdict once complete."""
    return upload_public(studio, owned_upload(studio, caller, upload_id)[0])


def finish(studio: Studio, caller: Caller, upload: Upload, model: Model) -> Upload:
    """Import a complete upload (consent checked again: it may have changed since), record
    the verdict and drop the bytes."""
    role, category = upload.role, upload.category
    check_upload(studio, caller, model.name, role, category)  # type: ignore[arg-type]
    part = part_file(studio, upload.id)
    [result] = import_files(studio, model.name, [(upload.filename, part)], role, category)  # type: ignore[arg-type]
    with studio.session() as session:
        row = session.get(Upload, upload.id)
        assert row is not None
        row.received = upload.size
        row.finished_at = utcnow()
        row.verdict_json = result.model_dump_json()
        session.add(row)
        session.flush()
        session.expunge(row)
    part.unlink(missing_ok=True)
    return row


def record_offset(studio: Studio, upload_id: str, received: int) -> None:
    """Note the bytes received in the store (the bytes on disk stay the truth)."""
    with studio.session() as session:
        row = session.get(Upload, upload_id)
        if row is not None:
            row.received = received
            session.add(row)


def _lock(out: BinaryIO, upload_id: str) -> None:
    try:
        # One writer per upload across every API process: two PATCHes would interleave bytes.
        fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise Conflict(f"upload {upload_id} is being written by another request") from None


@router.patch(
    "/uploads/{upload_id}",
    openapi_extra=CHUNK_BODY,
    responses=responses(404, 409, 413, 422),
)
async def append_upload(
    upload_id: str,
    request: Request,
    response: Response,
    caller: Writer,
    studio: StudioDep,
    upload_offset: Annotated[
        int, Header(alias=OFFSET, ge=0, description="Where these bytes go: the upload's offset")
    ],
) -> UploadPublic:
    """Append bytes at Upload-Offset (which must be the upload's offset: 409 says the right
    one); the last byte imports the photo and the answer carries its verdict."""
    upload, model = await run_in_threadpool(owned_upload, studio, caller, upload_id)
    if upload.finished_at is not None:
        raise Conflict(f"upload {upload_id} is complete; GET it for the verdict")
    part = part_file(studio, upload_id)
    if not part.is_file():
        raise NotFound(f"upload {upload_id}'s bytes are gone; start a new upload")
    with part.open("ab") as out:
        _lock(out, upload_id)
        have = out.tell()
        if upload_offset != have:
            raise Conflict(
                f"{OFFSET} {upload_offset} is not this upload's offset {have}: resume from {have}"
            )
        length = declared_length(request)
        if length is not None and have + length > upload.size:
            raise TooLarge(f"{length} bytes at offset {have} pass the declared size {upload.size}")
        try:
            await append_body(request, out, room=upload.size - have)
        except TooLarge:
            out.truncate(have)  # a body past the declared size is not this file's bytes
            raise
        if out.tell() == upload.size:
            upload = await run_in_threadpool(finish, studio, caller, upload, model)
        else:
            await run_in_threadpool(record_offset, studio, upload.id, out.tell())
    public = upload_public(studio, upload)
    response.headers[OFFSET] = str(public.offset)
    return public
