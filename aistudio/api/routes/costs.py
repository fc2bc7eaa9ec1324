"""Credits per run (estimated and billed) and a model's audit log."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import col, select

from aistudio.api.deps import Reader, StudioDep
from aistudio.api.owned import owned_model, owned_model_id
from aistudio.api.problems import responses
from aistudio.api.schemas.common import MAX_ID, MAX_LIMIT, Page
from aistudio.api.schemas.results import AuditEventPublic, CostsPublic
from aistudio.consent import audit
from aistudio.db.tables import AuditEvent, Model
from aistudio.processing.costs import model_costs
from aistudio.studio import Studio

router = APIRouter(responses=responses(401, 403, 429))


def costs_public(studio: Studio, name: str) -> CostsPublic:
    """A model's costs: the numbers 'aistudio costs' prints."""
    return CostsPublic.model_validate(model_costs(studio, name).model_dump())


@router.get("/models/{name}/costs", tags=["costs"], responses=responses(404))
def read_model_costs(name: str, caller: Reader, studio: StudioDep) -> CostsPublic:
    """A model's credits per run: estimated before it started and billed (the ledger)."""
    with studio.read() as session:
        owned_model(session, caller, name)
    return costs_public(studio, name)


@router.get("/costs", tags=["costs"])
def list_costs(
    caller: Reader,
    studio: StudioDep,
    after: Annotated[str, Query(max_length=40, description="Cursor: the last model seen")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[CostsPublic]:
    """The credits of each of the caller's models, by name."""
    with studio.read() as session:
        names = session.exec(
            select(Model.name)
            .where(Model.owner_id == caller.id, col(Model.name) > after)
            .order_by(col(Model.name))
            .limit(limit + 1)
        ).all()
    items = [costs_public(studio, n) for n in names[:limit]]
    return Page[CostsPublic](items=items, next=items[-1].model if len(names) > limit else None)


def _detail(event: AuditEvent) -> dict[str, Any]:
    # The log is append-only and old rows stay as written: show any JSON it holds.
    found = json.loads(event.detail or "null")
    return found if isinstance(found, dict) else {"value": found}


@router.get("/models/{name}/audit", tags=["audit"], responses=responses(404))
def list_audit(
    name: str,
    caller: Reader,
    studio: StudioDep,
    after: Annotated[int, Query(ge=0, le=MAX_ID, description="Cursor: the last event id seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[AuditEventPublic]:
    """A model's audit log, oldest first: who did what to its consent and runs, and when."""
    with studio.read() as session:
        model_id = owned_model_id(session, caller, name)
        rows = audit.events(session, model_id=model_id, after=after, limit=limit + 1)
    items = [
        AuditEventPublic(id=e.id or 0, at=e.at, actor=e.actor, action=e.action, detail=_detail(e))
        for e in rows[:limit]
    ]
    return Page[AuditEventPublic](
        items=items, next=str(items[-1].id) if len(rows) > limit else None
    )
