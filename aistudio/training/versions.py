"""A model's LoRA versions as the database keeps them and the CLI and API show them."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from aistudio.consent.records import revoked_since
from aistudio.core.errors import UserError
from aistudio.db import queries
from aistudio.db.tables import DatasetVersion, LoraVersion, utcnow
from aistudio.studio import Studio


class LoraInfo(BaseModel):
    """A LoRA version as `aistudio lora show --json` prints it."""

    model: str
    version: int
    status: str  # training | done
    dataset_version: int
    dataset_hash: str
    family: str
    base: str
    base_hash: str
    base_license: str
    consent_hash: str | None  # the consent record its training checked; its file cites it
    params: dict[str, Any]
    steps: int
    metrics: dict[str, dict[str, float | None]]  # by checkpoint step
    best_step: int | None
    training_dir: str
    file: str | None  # the kohya-format LoRA
    file_sha256: str | None
    file_size: int | None
    created_at: str
    finished_at: str | None
    # Consent revoked: not exported nor served again; `verify` of its files says so.
    withdrawn_at: str | None = None
    withdrawn_reason: str | None = None


def open_version(
    studio: Studio,
    model: str,
    *,
    run_key: str,
    dataset_id: int,
    family: str,
    base: str,
    base_hash: str,
    base_license: str,
    params: dict[str, Any],
    consent_hash: str | None = None,
) -> int:
    """The version row of this training: the one a rerun finds, or a new number; it keeps the
    consent record this start checked."""
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        row = session.exec(
            select(LoraVersion).where(
                LoraVersion.model_id == model_id, LoraVersion.run_key == run_key
            )
        ).first()
        if row is None:
            last = session.exec(
                select(LoraVersion.number)
                .where(LoraVersion.model_id == model_id)
                .order_by(col(LoraVersion.number).desc())
            ).first()
            row = LoraVersion(
                model_id=model_id,
                number=(last or 0) + 1,
                run_key=run_key,
                dataset_id=dataset_id,
                family=family,
                base=base,
                base_hash=base_hash,
                base_license=base_license,
                params_json=json.dumps(params, sort_keys=True),
            )
        # A rerun resumes under the first start's record (its file cites that one), unless
        # consent was revoked since: then under the record in force now, which this start checked.
        first = queries.consent_by_hash(session, record_hash=row.consent_hash or "")
        if first is None or revoked_since(session, first) is not None:
            row.consent_hash = consent_hash or row.consent_hash
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def record_checkpoint(
    studio: Studio, version_id: int, step: int, metrics: dict[str, float | None]
) -> None:
    """A checkpoint's step and scores."""
    with studio.session() as session:
        row = session.get(LoraVersion, version_id)
        assert row is not None
        known = json.loads(row.metrics_json)
        known[str(step)] = metrics
        row.metrics_json = json.dumps(known, sort_keys=True)
        row.steps = max(row.steps, step)
        session.add(row)


def finish_version(
    studio: Studio, version_id: int, *, best_step: int, file: str, sha256: str, size: int
) -> None:
    """The training is done: its best step and the file made from it (published under a
    consent in force, checked just before: a withdrawn version trained again stands again)."""
    with studio.session() as session:
        row = session.get(LoraVersion, version_id)
        assert row is not None
        row.status, row.best_step, row.finished_at = "done", best_step, utcnow()
        row.file, row.file_sha256, row.file_size = file, sha256, size
        row.withdrawn_at = row.withdrawn_reason = None
        session.add(row)


def list_loras(studio: Studio, model: str) -> list[LoraInfo]:
    """A model's LoRA versions, oldest first."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        rows = session.exec(
            select(LoraVersion, DatasetVersion)
            .join(DatasetVersion, col(DatasetVersion.id) == LoraVersion.dataset_id)
            .where(LoraVersion.model_id == model_id)
            .order_by(col(LoraVersion.number))
        ).all()
    return [_info(studio, model, lora, data) for lora, data in rows]


def show_lora(studio: Studio, model: str, version: int | None = None) -> LoraInfo:
    """One LoRA version (default: the newest)."""
    loras = list_loras(studio, model)
    if not loras:
        raise UserError(f"model {model!r} has no LoRAs yet; train one with 'aistudio lora train'")
    if version is None:
        return loras[-1]
    found = next((v for v in loras if v.version == version), None)
    if found is None:
        have = ", ".join(f"v{v.version}" for v in loras)
        raise UserError(f"model {model!r} has no LoRA v{version} (it has {have})")
    return found


def _info(studio: Studio, model: str, row: LoraVersion, data: DatasetVersion) -> LoraInfo:
    return LoraInfo(
        model=model,
        version=row.number,
        status=row.status,
        dataset_version=data.number,
        dataset_hash=data.content_hash,
        family=row.family,
        base=row.base,
        base_hash=row.base_hash,
        base_license=row.base_license,
        consent_hash=row.consent_hash,
        params=json.loads(row.params_json),
        steps=row.steps,
        metrics=json.loads(row.metrics_json),
        best_step=row.best_step,
        training_dir=str(studio.paths(model).training_dir(row.run_key)),
        file=str(studio.home / row.file) if row.file else None,
        file_sha256=row.file_sha256,
        file_size=row.file_size,
        created_at=row.created_at.isoformat(),
        finished_at=row.finished_at.isoformat() if row.finished_at else None,
        withdrawn_at=row.withdrawn_at.isoformat() if row.withdrawn_at else None,
        withdrawn_reason=row.withdrawn_reason,
    )


def number_of(studio: Studio, version_id: int) -> int:
    """A version row's number."""
    with studio.read() as session:
        row = session.get(LoraVersion, version_id)
        assert row is not None
        return row.number
