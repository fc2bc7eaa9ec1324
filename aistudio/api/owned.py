"""The objects a caller may see: their own, and nothing else (another user's answers 404,
exactly as a missing one does)."""

from __future__ import annotations

from sqlmodel import Session, select

from aistudio.api.deps import Caller
from aistudio.core.errors import ModelNotFound
from aistudio.db.tables import Model


def owned_model(session: Session, caller: Caller, name: str) -> Model:
    """The caller's model called name, or ModelNotFound (whoever else may own one)."""
    model = session.exec(select(Model).where(Model.name == name)).first()
    if model is None or model.owner_id != caller.id:
        raise ModelNotFound(f"you have no model named {name!r}; GET /api/v1/models lists yours")
    return model


def owned_model_id(session: Session, caller: Caller, name: str) -> int:
    """The id of the caller's model called name."""
    model_id = owned_model(session, caller, name).id
    assert model_id is not None
    return model_id
