"""A model's results: its pairs with before/after links, and each file's download."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import FileResponse, RedirectResponse

from aistudio.api.deps import Reader, StudioDep
from aistudio.api.owned import owned_model_id
from aistudio.api.problems import responses
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.results import FileLink, ResultPublic
from aistudio.core.errors import ConsentError, NotFound, StorageError
from aistudio.core.naming import Category, storage_key
from aistudio.db import queries
from aistudio.processing import listing
from aistudio.storage import get_storage

router = APIRouter(tags=["results"], responses=responses(401, 403, 404, 429))
log = logging.getLogger(__name__)
# Presigned links are handed to browsers: short-lived, whatever the CLI's share links use.
DOWNLOAD_SECONDS = 300
JPEG = "image/jpeg"


def _link(request: Request, name: str, pair: str, kind: listing.FileKind) -> str:
    return str(request.url_for("download_result", name=name, pair=pair, file=kind).path)


def result_public(request: Request, name: str, found: listing.PairResult) -> ResultPublic:
    """A pair's public view, its files as download links."""
    files = {
        kind: FileLink(url=_link(request, name, found.pair, kind), sha256=f.sha256)
        for kind, f in found.files.items()
    }
    # A refused result stays downloadable (to see why), but is no pair's "after".
    after = (files.get("enhanced") or files.get("swapped")) if found.status == "done" else None
    return ResultPublic(
        **found.model_dump(exclude={"files"}),
        files=files,
        before=files["target"].url if "target" in files else None,
        after=after.url if after else None,
    )


@router.get("/models/{name}/results")
def list_results(
    name: str,
    request: Request,
    caller: Reader,
    studio: StudioDep,
    category: Category | None = None,
    after: Annotated[str, Query(max_length=40, description="Cursor: the last pair seen")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[ResultPublic]:
    """A model's pairs in key order: each one's latest status, the rule that refused it, and
    its files (before: the target photo; after: the final result)."""
    with studio.read() as session:
        model_id = owned_model_id(session, caller, name)
        found = listing.pair_results(
            session, model_id=model_id, category=category, after=after, limit=limit + 1
        )
    items = [result_public(request, name, r) for r in found[:limit]]
    return Page[ResultPublic](items=items, next=items[-1].pair if len(found) > limit else None)


@router.get(
    "/models/{name}/results/{pair}/{file}",
    status_code=status.HTTP_200_OK,
    response_class=FileResponse,
    response_model=None,
    responses={
        200: {"content": {JPEG: {}}, "description": "The file"},
        307: {"description": "Redirect to a presigned S3 URL (S3 configured, object stored)"},
        **responses(409, 422, 503),
    },
)
def download_result(
    name: str, pair: str, file: listing.FileKind, caller: Reader, studio: StudioDep
) -> FileResponse | RedirectResponse:
    """One file of a pair: target (the photo before), swapped or enhanced. A 307 to a
    short-lived presigned URL when S3 holds it, else the file itself."""
    with studio.read() as session:
        model_id = owned_model_id(session, caller, name)
        stored = listing.pair_file(session, model_id=model_id, pair=pair, kind=file)
        consent = queries.current_consent(session, model_id=model_id)
    if consent is None or consent.revoked_at is not None:
        # A download (a presigned URL above all) is a share link: revoked consent stops both.
        raise ConsentError(
            f"consent for model {name!r} is not in force: its files are not served; record "
            "consent again, or purge them (POST .../consent/revoke with purge)"
        )
    path = listing.model_file(studio, name, stored.path)
    storage = get_storage(studio.settings)
    if storage is not None:
        key = storage_key(studio.settings.s3_prefix, stored.path)
        try:
            if storage.sha256_of(key) == stored.sha256:
                seconds = min(DOWNLOAD_SECONDS, studio.settings.s3_presign_seconds)
                return RedirectResponse(storage.presign(key, seconds), status_code=307)
        except StorageError as exc:
            if not path.is_file():
                raise
            log.warning("%s: storage unavailable, serving the local file: %s", key, exc)
    if not path.is_file():
        raise NotFound(f"the {file} file of {pair} is not on this machine nor in storage")
    return FileResponse(
        path, media_type=JPEG, filename=path.name, content_disposition_type="inline"
    )
