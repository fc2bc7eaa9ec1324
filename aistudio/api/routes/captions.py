"""A dataset version's captions: generate (a job), read, edit (a new version), approve (the
review gate training checks) and the caption log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from aistudio import captions
from aistudio.api import jobs
from aistudio.api.datasets import (
    Version,
    caption_spec,
    captions_public,
    check_captioning,
    owned_model_row,
    owned_version,
)
from aistudio.api.deps import ApiSettingsDep, Reader, StudioDep, Writer
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import IdempotencyKey, PrefectDep, created
from aistudio.api.schemas.common import MAX_ID, MAX_LIMIT, Page
from aistudio.api.schemas.datasets import (
    CaptionCheck,
    CaptionChecks,
    CaptionDrafts,
    CaptionEditPublic,
    CaptionEdits,
    CaptionProblem,
    CaptionsGenerate,
    CaptionsPublic,
)
from aistudio.api.schemas.jobs import JobCreated

router = APIRouter(tags=["captions"], responses=responses(401, 403, 404, 429))


@router.post(
    "/models/{name}/datasets/{version}/captions/generate",
    status_code=status.HTTP_201_CREATED,
    responses={
        **responses(409, 422, 503),
        200: {"description": "The job an earlier request with this key started"},
    },
)
def generate_captions(
    name: str,
    version: Version,
    body: CaptionsGenerate,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
    prefect: PrefectDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobCreated:
    """Caption every image of the version (the tagger or a configured vision-language model)
    as a job; its `result` event names the new, unreviewed version."""
    model = owned_model_row(studio, caller, name)
    owned_version(studio, caller, name, version)
    job, new = jobs.create(
        studio,
        prefect,
        caller,
        model=model,
        spec=caption_spec(studio, name, version, body),
        key=idempotency_key,
        in_flight=api.jobs_in_flight,
        check=lambda: check_captioning(studio, name),
    )
    return created(studio, prefect, api, job, new, response)


@router.get("/models/{name}/datasets/{version}/captions")
def read_captions(
    name: str, version: Version, request: Request, caller: Reader, studio: StudioDep
) -> CaptionsPublic:
    """Each image's caption, who approved them, the tag frequency and what needs a look
    (missing, too long, no trigger)."""
    owned_version(studio, caller, name, version)
    return captions_public(request, studio, name, version)


@router.patch("/models/{name}/datasets/{version}/captions", responses=responses(422))
def edit_captions(
    name: str,
    version: Version,
    body: CaptionEdits,
    request: Request,
    caller: Writer,
    studio: StudioDep,
) -> CaptionsPublic:
    """Edit one or many captions: checked as the CLI checks them (the trigger once at the
    start, no banned words, the length; 422 names each image and what is wrong), then written
    as a new version (approved by the caller when `approve`)."""
    owned_version(studio, caller, name, version)
    made = captions.edit_captions(
        studio, name, body.captions, version=version, author=caller.actor, approve=body.approve
    )
    return captions_public(request, studio, name, made.version)


@router.post("/models/{name}/datasets/{version}/captions/check", responses=responses(422))
def check_captions(
    name: str, version: Version, body: CaptionDrafts, caller: Reader, studio: StudioDep
) -> CaptionChecks:
    """Check draft captions with the rules an edit applies, writing nothing (a review page
    calls it as the reviewer types): each draft's problems and its length in tokens."""
    owned_version(studio, caller, name, version)
    checked = captions.check_drafts(studio, name, version, body.captions)
    return CaptionChecks(
        captions={
            image: CaptionCheck(
                problems=[CaptionProblem(rule=p.rule, message=p.message) for p in c.problems],
                tokens=c.tokens,
                limit=c.limit,
                exact=c.exact,
            )
            for image, c in checked.items()
        }
    )


@router.post("/models/{name}/datasets/{version}/captions/approve", responses=responses(422))
def approve_captions(
    name: str, version: Version, request: Request, caller: Writer, studio: StudioDep
) -> CaptionsPublic:
    """Approve the version's captions as the caller (every caption is checked first): the
    review gate training checks."""
    owned_version(studio, caller, name, version)
    captions.approve(studio, name, version, author=caller.actor)
    return captions_public(request, studio, name, version)


@router.get("/models/{name}/datasets/{version}/captions/log")
def caption_log(
    name: str,
    version: Version,
    caller: Reader,
    studio: StudioDep,
    after: Annotated[int, Query(ge=0, le=MAX_ID, description="Cursor: the last id seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[CaptionEditPublic]:
    """Every caption the version was given (its changes from its parent): who, how, when."""
    owned_version(studio, caller, name, version)
    rows = [e for e in captions.caption_log(studio, name, version) if (e.id or 0) > after]
    items = [CaptionEditPublic.model_validate(e, from_attributes=True) for e in rows[:limit]]
    return Page[CaptionEditPublic](
        items=items, next=str(items[-1].id) if len(rows) > limit else None
    )
