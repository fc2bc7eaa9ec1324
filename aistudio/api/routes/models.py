"""Models (personas): create, list, show, change settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from sqlmodel import col, select

from aistudio.api.deps import Reader, StudioDep, Writer
from aistudio.api.glance import Glance
from aistudio.api.owned import owned_model
from aistudio.api.prefect_api import PrefectError, run_page
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import get_prefect
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.models import ModelCreate, ModelPublic, ModelSettings
from aistudio.db.tables import Model
from aistudio.ingest import importer
from aistudio.processing.status import model_status
from aistudio.studio import Studio

router = APIRouter(tags=["models"], responses=responses(401, 403, 429))


def models_public(request: Request, studio: Studio, models: Sequence[Model]) -> list[ModelPublic]:
    """Models' public views; what their cards show beyond counts is read for all at once."""
    ids = [m.id for m in models if m.id is not None]
    with studio.read() as session:
        glance = Glance(session, ids, _prefect_ui(request))
    return [model_public(request, studio, m, glance) for m in models]


def _prefect_ui(request: Request) -> Callable[[str], str | None]:
    """A flow run's address in the Prefect UI (the client is made only when a job needs it;
    a card still shows when Prefect is not configured)."""
    base = request.app.state.api.prefect_ui_url

    def address(flow_run: str) -> str | None:
        if base:
            return run_page(base, flow_run)
        try:
            return get_prefect(request).ui_url(flow_run, base)
        except PrefectError:
            return None

    return address


def model_public(request: Request, studio: Studio, model: Model, glance: Glance) -> ModelPublic:
    """A model's public view: its settings, counts and card."""
    config = studio.config(model.name)
    st = model_status(studio, model.name)
    assert model.id is not None
    photo = glance.covers.get(model.id)
    cover = (
        None
        if photo is None
        else request.url_for("read_photo_file", name=model.name, photo_id=str(photo)).path
    )
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
        cover=cover,
        latest_dataset=glance.datasets.get(model.id),
        latest_lora=glance.loras.get(model.id),
        job=glance.jobs.get(model.id),
    )


def one_public(request: Request, studio: Studio, model: Model) -> ModelPublic:
    """One model's public view."""
    return models_public(request, studio, [model])[0]


@router.post("/models", status_code=status.HTTP_201_CREATED, responses=responses(409, 422))
def create_model(
    body: ModelCreate, request: Request, caller: Writer, studio: StudioDep
) -> ModelPublic:
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
        model = owned_model(session, caller, body.name)
    return one_public(request, studio, model)


@router.get("/models")
def list_models(
    request: Request,
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
    items = models_public(request, studio, rows[:limit])
    return Page[ModelPublic](items=items, next=items[-1].name if len(rows) > limit else None)


@router.get("/models/{name}", responses=responses(404))
def read_model(name: str, request: Request, caller: Reader, studio: StudioDep) -> ModelPublic:
    """One of the caller's models."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
    return one_public(request, studio, model)


@router.patch("/models/{name}", responses=responses(404, 422))
def update_model(
    name: str, body: ModelSettings, request: Request, caller: Writer, studio: StudioDep
) -> ModelPublic:
    """Change a model's settings (the fields sent; config.json is validated as a whole)."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
    importer.update_config(studio, name, **body.model_dump(exclude_none=True))
    return one_public(request, studio, model)
