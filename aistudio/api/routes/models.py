"""Models (personas): create, list, show, change settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlmodel import col, select

from aistudio.api.deps import Reader, StudioDep, Writer
from aistudio.api.owned import owned_model
from aistudio.api.problems import responses
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.models import ModelCreate, ModelPublic, ModelSettings
from aistudio.db.tables import Model
from aistudio.ingest import importer
from aistudio.processing.status import model_status
from aistudio.studio import Studio

router = APIRouter(tags=["models"], responses=responses(401, 403, 429))


def model_public(studio: Studio, model: Model) -> ModelPublic:
    """A model's public view: its settings and counts."""
    config = studio.config(model.name)
    st = model_status(studio, model.name)
    return ModelPublic(
        name=model.name,
        trigger=config.trigger,
        class_word=config.class_word,
        family=config.family,
        provider=config.provider,
        enhance=config.enhance,
        budget_credits=config.budget_credits,
        commercial=config.commercial,
        created_at=model.created_at,
        sources=st.sources,
        targets=st.targets,
        consent=st.consent,
        results=st.results,
        runs=st.runs,
        credits=st.credits,
    )


@router.post("/models", status_code=status.HTTP_201_CREATED, responses=responses(409, 422))
def create_model(body: ModelCreate, caller: Writer, studio: StudioDep) -> ModelPublic:
    """Create a model (folders, config.json, its record); record consent next."""
    settings = body.model_dump(exclude_none=True, exclude={"name", "trigger", "class_word"})
    importer.create_model(
        studio,
        body.name,
        trigger=body.trigger,
        class_word=body.class_word,
        owner_id=caller.id,
        **settings,
    )
    with studio.read() as session:
        return model_public(studio, owned_model(session, caller, body.name))


@router.get("/models")
def list_models(
    caller: Reader,
    studio: StudioDep,
    after: Annotated[str, Query(max_length=40, description="Cursor: the last name seen")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[ModelPublic]:
    """The caller's models, by name."""
    with studio.read() as session:
        rows = session.exec(
            select(Model)
            .where(Model.owner_id == caller.id, col(Model.name) > after)
            .order_by(col(Model.name))
            .limit(limit + 1)
        ).all()
    items = [model_public(studio, m) for m in rows[:limit]]
    return Page[ModelPublic](items=items, next=items[-1].name if len(rows) > limit else None)


@router.get("/models/{name}", responses=responses(404))
def read_model(name: str, caller: Reader, studio: StudioDep) -> ModelPublic:
    """One of the caller's models."""
    with studio.read() as session:
        return model_public(studio, owned_model(session, caller, name))


@router.patch("/models/{name}", responses=responses(404, 422))
def update_model(name: str, body: ModelSettings, caller: Writer, studio: StudioDep) -> ModelPublic:
    """Change a model's settings (the fields sent; config.json is validated as a whole)."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
    importer.update_config(studio, name, **body.model_dump(exclude_none=True))
    return model_public(studio, model)
