"""A model's consent: record it (with a signed release streamed in), read it, revoke it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from starlette.concurrency import run_in_threadpool

from aistudio.api.deps import ApiSettingsDep, Caller, Reader, StudioDep, Writer
from aistudio.api.owned import owned_model, owned_model_id
from aistudio.api.problems import responses
from aistudio.api.schemas.consent import (
    ConsentPublic,
    PurgeSummary,
    RevokeRequest,
    RevokeResult,
)
from aistudio.api.streaming import Form, read_form
from aistudio.consent.purge import purge_outputs
from aistudio.consent.records import revoke_consent, set_consent
from aistudio.core.errors import NotFound, UserError
from aistudio.db import queries
from aistudio.db.tables import Consent
from aistudio.studio import Studio

router = APIRouter(tags=["consent"], responses=responses(401, 403, 429))

CONSENT_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["kind", "scopes", "attest_adult"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["synthetic", "real-person"]},
                        "scopes": {"type": "string", "description": "sfw or sfw,nsfw"},
                        "attest_adult": {
                            "type": "boolean",
                            "description": "The person (or persona) depicted is an adult",
                        },
                        "subject": {"type": "string", "description": "real-person: who agreed"},
                        "release": {
                            "type": "string",
                            "format": "binary",
                            "description": "real-person: the signed release",
                        },
                    },
                }
            }
        },
    }
}
TRUE, FALSE = frozenset({"true", "1", "yes", "on"}), frozenset({"false", "0", "no", "off", ""})


def consent_public(record: Consent) -> ConsentPublic:
    """A consent record's public view (no server paths)."""
    return ConsentPublic(
        kind=record.kind,
        scopes=record.scopes.split(","),
        subject=record.subject,
        attested_adult=record.attested_adult,
        record_hash=record.record_hash,
        created_at=record.created_at,
        revoked_at=record.revoked_at,
        has_release=record.release_sha256 is not None,
    )


def _flag(form: Form, name: str) -> bool:
    value = form.fields.get(name, "").strip().lower()
    if value not in TRUE | FALSE:
        raise UserError(f"{name}: {value!r} is not true or false")
    return value in TRUE


def _set(studio: Studio, caller: Caller, name: str, form: Form) -> ConsentPublic:
    release = form.files[0].path if form.files else None
    record = set_consent(
        studio,
        name,
        kind=form.fields.get("kind", ""),
        scopes=form.fields.get("scopes", ""),
        attest_adult=_flag(form, "attest_adult"),
        subject=form.fields.get("subject") or None,
        release=release,
        confined=True,
        actor=caller.actor,
    )
    return consent_public(record)


def _owned(studio: Studio, caller: Caller, name: str) -> None:
    with studio.read() as session:
        owned_model(session, caller, name)


@router.post(
    "/models/{name}/consent",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=CONSENT_FORM,
    responses=responses(404, 409, 413, 422),
)
async def record_consent(
    name: str, request: Request, caller: Writer, studio: StudioDep, api: ApiSettingsDep
) -> ConsentPublic:
    """Record consent (multipart: kind, scopes, attest_adult, subject, release file); a new
    record supersedes the one before."""
    await run_in_threadpool(_owned, studio, caller, name)
    form = await read_form(
        request,
        studio.home,
        file_fields=frozenset({"release"}),
        max_bytes=api.upload_max_bytes,
        max_files=1,
    )
    try:
        return await run_in_threadpool(_set, studio, caller, name, form)
    finally:
        form.remove()


@router.get("/models/{name}/consent", responses=responses(404))
def read_consent(name: str, caller: Reader, studio: StudioDep) -> ConsentPublic:
    """The consent record in force, or the latest one (revoked_at says which)."""
    with studio.read() as session:
        record = queries.current_consent(session, model_id=owned_model_id(session, caller, name))
        if record is None:
            raise NotFound(f"model {name!r} has no consent record; POST one first")
        return consent_public(record)


@router.post("/models/{name}/consent/revoke", responses=responses(404, 409))
def revoke_model_consent(
    name: str, caller: Writer, studio: StudioDep, body: RevokeRequest | None = None
) -> RevokeResult:
    """Revoke consent: no new runs until it is set again; purge also deletes what the
    model's photos made (its photos and the cost ledger stay)."""
    _owned(studio, caller, name)
    record = revoke_consent(studio, name, actor=caller.actor)
    purged = None
    if body is not None and body.purge:
        report = purge_outputs(studio, name, actor=caller.actor)
        purged = PurgeSummary(
            local_files=report.local_files,
            remote_objects=report.remote_objects,
            removed=len(report.removed),
        )
    return RevokeResult(consent=consent_public(record), purged=purged)
