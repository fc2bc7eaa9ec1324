"""The consent a LoRA stands on: checked when its training starts, when its file is published
and on every export; its file cites the record its training checked."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session, col, select

from aistudio.consent.records import require_consent, revoked_since
from aistudio.core.errors import ConsentError, UserError
from aistudio.core.naming import parse_result_filename
from aistudio.dataset.versions import DatasetInfo, show_dataset
from aistudio.db import queries
from aistudio.db.tables import DatasetVersion, LoraVersion, Model
from aistudio.media.safety import explicit_at
from aistudio.studio import Studio
from aistudio.training.versions import LoraInfo


def needs_nsfw(info: DatasetInfo, threshold: float) -> bool:
    """Whether a dataset holds nsfw work: an image from an nsfw-category pair, or one whose
    labels are explicit (as judged at its build or at today's threshold)."""
    for item in info.included:
        scores = item["scores"] if isinstance(item["scores"], dict) else {}
        labels = [(str(n), float(v)) for n, v in scores.get("label_scores") or []]
        name = parse_result_filename(str(item["file"]).rsplit("/", 1)[-1])
        if (
            scores.get("explicit")
            or explicit_at(labels, threshold)
            or (name is not None and name.category == "nsfw")
        ):
            return True
    return False


def check_dataset(studio: Studio, model: str, info: DatasetInfo) -> str:
    """The record_hash of the consent in force, which must cover this dataset's content."""
    nsfw = needs_nsfw(info, studio.config(model).thresholds.nsfw_score)
    with studio.read() as session:
        row = queries.get_model(session, name=model)
        return require_consent(session, model=row, category="nsfw" if nsfw else "sfw").record_hash


def check_version(studio: Studio, model: str, info: LoraInfo) -> str:
    """The record a version's training checked, while it is unrevoked and the consent in force
    still covers the version's dataset; ConsentError otherwise."""
    with studio.read() as session:
        own = queries.consent_by_hash(session, record_hash=info.consent_hash or "")
        revoked = revoked_since(session, own) if own is not None else None
    if info.consent_hash and own is None:
        raise ConsentError(
            f"{model} LoRA v{info.version} cites consent record {info.consent_hash[:12]}, which "
            "this studio does not hold"
        )
    if own is not None and revoked is not None:
        raise ConsentError(
            f"{model} LoRA v{info.version} was trained under consent record "
            f"{own.record_hash[:12]}, revoked {revoked:%Y-%m-%d}; it cannot be published "
            "or exported (train again under a consent in force)"
        )
    in_force = check_dataset(studio, model, show_dataset(studio, model, info.dataset_version))
    # A version trained before versions kept their record cites the one in force now.
    return info.consent_hash or in_force


def check_not_withdrawn(model: str, info: LoraInfo) -> None:
    """ConsentError when the version was withdrawn (its model's consent was revoked)."""
    if info.withdrawn_at is not None:
        raise ConsentError(
            f"{model} LoRA v{info.version} was withdrawn {info.withdrawn_at[:10]} "
            f"({info.withdrawn_reason}): it is not exported or served again (train again "
            "under a consent in force)"
        )


class LoraCheck(BaseModel):
    """What `aistudio lora verify` found about a LoRA file."""

    file: str
    title: str  # modelspec.title, e.g. "andie v1"
    consent_hash: str  # as the file cites it
    consent: str  # in force | superseded | revoked | unknown | none
    in_force: bool
    subject: str | None = None  # the record's subject, when found
    scopes: str | None = None
    dataset_hash: str
    dataset: str | None = None  # "andie dataset v1" when this studio has that content
    version: str | None = None  # "andie v1": the studio's version this file was made from
    withdrawn: bool = False  # that version was withdrawn (its model's consent revoked)
    withdrawn_at: str | None = None


def verify_lora(studio: Studio, path: Path, *, owner_id: int | None = None) -> LoraCheck:
    """Read a LoRA file's metadata: is the consent record it cites in force here, was the
    version it was made from withdrawn, and is its dataset one of this studio's versions?
    `owner_id` (the API): only that user's models count; others' are unknown."""
    meta = file_metadata(path)
    cited = meta.get("aistudio.consent_hash", "")
    data_hash = meta.get("aistudio.dataset_hash", "")
    check = LoraCheck(
        file=str(path), title=meta.get("modelspec.title", ""), consent_hash=cited,
        consent="none" if not cited else "unknown", in_force=False, dataset_hash=data_hash,
    )  # fmt: skip
    with studio.read() as session:
        record = queries.consent_by_hash(session, record_hash=cited) if cited else None
        if record is not None and owner_id is not None:
            owner = session.get(Model, record.model_id)
            record = record if owner is not None and owner.owner_id == owner_id else None
        if record is not None:
            newest = queries.current_consent(session, model_id=record.model_id)
            check.subject, check.scopes = record.subject, record.scopes
            if revoked_since(session, record) is not None:
                check.consent = "revoked"
            elif newest is not None and newest.id != record.id:
                check.consent = "superseded"
            else:
                check.consent, check.in_force = "in force", True
            _version_of(session, check, record.model_id, meta.get("aistudio.version", ""))
        query = (
            select(DatasetVersion, Model)
            .join(Model, col(Model.id) == DatasetVersion.model_id)
            .where(DatasetVersion.content_hash == data_hash)
        )
        if owner_id is not None:
            query = query.where(Model.owner_id == owner_id)
        found = session.exec(query).first()
        if data_hash and found is not None:
            check.dataset = f"{found[1].name} dataset v{found[0].number}"
    return check


def _version_of(session: Session, check: LoraCheck, model_id: int, number: str) -> None:
    """The version the file names, of the model its consent record is for: withdrawn or not
    (a withdrawn version's files are not in force, whatever record they cite)."""
    row = session.exec(
        select(LoraVersion, Model)
        .join(Model, col(Model.id) == LoraVersion.model_id)
        .where(LoraVersion.model_id == model_id, LoraVersion.number == int(number))
    ).first() if number.isdigit() else None  # fmt: skip
    if row is None:
        return
    lora, model = row
    check.version = f"{model.name} v{lora.number}"
    if lora.withdrawn_at is not None:
        check.withdrawn, check.in_force = True, False
        check.withdrawn_at = lora.withdrawn_at.isoformat()


def file_metadata(path: Path) -> dict[str, str]:
    """A .safetensors file's __metadata__ (its JSON header only; no tensor is read)."""
    try:
        with path.open("rb") as f:
            size = struct.unpack("<Q", f.read(8))[0]
            if size > 100_000_000:
                raise ValueError("header too large")
            header = json.loads(f.read(size))
        meta = header.get("__metadata__") or {}
    except (OSError, ValueError, struct.error, AttributeError) as exc:
        raise UserError(f"{path}: not a readable .safetensors file ({exc})") from None
    return {str(k): str(v) for k, v in meta.items()}
