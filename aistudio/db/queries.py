"""Keyword-only data functions over the tables; the caller owns the session."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from aistudio.core.errors import ModelExists, ModelNotFound
from aistudio.db import locks
from aistudio.db.tables import (
    Consent,
    LedgerEntry,
    LoraVersion,
    Model,
    Output,
    PairState,
    Photo,
    Rejection,
    Run,
    StoredObject,
    utcnow,
)


def get_model(session: Session, *, name: str) -> Model:
    """The model called name, or ModelNotFound."""
    model = session.exec(select(Model).where(Model.name == name)).first()
    if model is None:
        raise ModelNotFound(
            f"no model named {name!r}; create it with 'aistudio model create {name}'"
        )
    return model


def get_model_id(session: Session, *, name: str) -> int:
    """The id of the model called name, or ModelNotFound."""
    model_id = get_model(session, name=name).id
    assert model_id is not None  # rows read back always have one
    return model_id


def create_model(session: Session, *, name: str, owner_id: int | None = None) -> Model:
    """Insert a model row (owned by an API user, or none: the CLI's), or ModelExists."""
    if session.exec(select(Model).where(Model.name == name)).first() is not None:
        raise ModelExists(f"model {name!r} already exists")
    model = Model(name=name, owner_id=owner_id)
    session.add(model)
    session.flush()
    return model


def list_models(session: Session) -> Sequence[Model]:
    """All models, by name."""
    return session.exec(select(Model).order_by(Model.name)).all()


def list_photos(
    session: Session, *, model_id: int, role: str, category: str | None = None
) -> Sequence[Photo]:
    """A model's sources or targets, in number order."""
    q = select(Photo).where(Photo.model_id == model_id, Photo.role == role)
    if category is not None:
        q = q.where(Photo.category == category)
    return session.exec(q.order_by(col(Photo.category), col(Photo.number))).all()


def find_photo(session: Session, *, model_id: int, role: str, original_sha256: str) -> Photo | None:
    """An already imported photo with the same original content."""
    return session.exec(
        select(Photo).where(
            Photo.model_id == model_id,
            Photo.role == role,
            Photo.original_sha256 == original_sha256,
        )
    ).first()


def next_photo_number(session: Session, *, model_id: int, role: str, category: str | None) -> int:
    """The next free source number (per model) or target number (per category); the number
    is the caller's until its transaction ends."""
    # Two imports into one model (two API requests, two machines) must not both read the same
    # maximum: the second waits for the first's commit.
    locks.take_turns(session, locks.PHOTO_NUMBERS, model_id)
    q = select(func.max(Photo.number)).where(Photo.model_id == model_id, Photo.role == role)
    if category is not None:
        q = q.where(Photo.category == category)
    current = session.exec(q).one()
    return int(current or 0) + 1


def current_consent(session: Session, *, model_id: int) -> Consent | None:
    """The newest consent record of a model (revoked or not)."""
    return session.exec(
        select(Consent).where(Consent.model_id == model_id).order_by(col(Consent.id).desc())
    ).first()


def consent_by_hash(session: Session, *, record_hash: str) -> Consent | None:
    """The consent record a hash names (as cited in a LoRA's metadata)."""
    return session.exec(select(Consent).where(Consent.record_hash == record_hash)).first()


def withdraw_loras(session: Session, *, model_id: int, reason: str) -> int:
    """Mark a model's LoRA versions not yet withdrawn as withdrawn now; returns how many."""
    rows = session.exec(
        select(LoraVersion).where(
            LoraVersion.model_id == model_id, col(LoraVersion.withdrawn_at).is_(None)
        )
    ).all()
    now = utcnow()
    for row in rows:
        row.withdrawn_at, row.withdrawn_reason = now, reason
        session.add(row)
    return len(rows)


def record_rejection(
    session: Session,
    *,
    model_id: int | None,
    path: str,
    rule: str,
    detail: str,
    run_id: str | None = None,
) -> None:
    """Remember that an image was refused and why."""
    session.add(Rejection(model_id=model_id, run_id=run_id, path=path, rule=rule, detail=detail))


def find_output(session: Session, *, model_id: int, stage: str, input_key: str) -> Output | None:
    """A finished stage result for exactly these inputs."""
    return session.exec(
        select(Output).where(
            Output.model_id == model_id, Output.stage == stage, Output.input_key == input_key
        )
    ).first()


def set_pair_state(
    session: Session,
    *,
    model_id: int,
    run_id: str,
    pair: str,
    status: str,
    rule: str | None = None,
    reason: str | None = None,
    output_path: str | None = None,
) -> None:
    """Create or update where a pair stands in a run."""
    row = get_pair_state(session, run_id=run_id, pair=pair)
    if row is None:
        row = PairState(model_id=model_id, run_id=run_id, pair=pair, status=status)
    row.status, row.rule, row.reason, row.output_path = status, rule, reason, output_path
    row.updated_at = utcnow()
    session.add(row)


def get_pair_state(session: Session, *, run_id: str, pair: str) -> PairState | None:
    """Where one pair stands in a run, if it has a state yet."""
    return session.exec(
        select(PairState).where(PairState.run_id == run_id, PairState.pair == pair)
    ).first()


def pair_states(session: Session, *, run_id: str) -> Sequence[PairState]:
    """Every pair state of a run."""
    return session.exec(
        select(PairState).where(PairState.run_id == run_id).order_by(PairState.pair)
    ).all()


def get_run(session: Session, *, run_id: str) -> Run | None:
    """A run by id."""
    return session.get(Run, run_id)


def list_runs(session: Session, *, model_id: int) -> Sequence[Run]:
    """A model's runs, oldest first."""
    return session.exec(
        select(Run).where(Run.model_id == model_id).order_by(col(Run.started_at))
    ).all()


def run_credits(session: Session, *, run_id: str) -> float:
    """Credits charged so far in a run."""
    total = session.exec(
        select(func.sum(LedgerEntry.credits)).where(LedgerEntry.run_id == run_id)
    ).one()
    return float(total or 0.0)


def ledger(session: Session, *, model_id: int) -> Sequence[LedgerEntry]:
    """Every charged operation of a model."""
    return session.exec(
        select(LedgerEntry).where(LedgerEntry.model_id == model_id).order_by(col(LedgerEntry.id))
    ).all()


def find_photo_by_number(
    session: Session, *, model_id: int, role: str, category: str | None, number: int
) -> Photo | None:
    """A source (category None) or target by its number."""
    return session.exec(
        select(Photo).where(
            Photo.model_id == model_id,
            Photo.role == role,
            Photo.category == category,
            Photo.number == number,
        )
    ).first()


def outputs_at(session: Session, *, path: str) -> Sequence[Output]:
    """Output rows stored at a path."""
    return session.exec(select(Output).where(Output.path == path)).all()


def ledger_pairs(session: Session, *, run_id: str) -> set[str]:
    """Pairs that were charged (did provider work) in a run."""
    return set(session.exec(select(LedgerEntry.pair).where(LedgerEntry.run_id == run_id)).all())


def count_objects(session: Session, *, run_id: str) -> int:
    """Objects a run uploaded to remote storage."""
    rows = session.exec(select(StoredObject.id).where(StoredObject.run_id == run_id)).all()
    return len(rows)
