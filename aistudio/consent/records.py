"""Consent records and the gate every provider call passes first."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from aistudio.consent import audit
from aistudio.core.errors import ConsentError
from aistudio.core.fs import confined_input, sha256_bytes, sha256_file
from aistudio.core.naming import Category
from aistudio.db import outbox, queries
from aistudio.db.tables import Consent, Model, utcnow
from aistudio.media.demo import allowed_hashes
from aistudio.studio import Studio

Kind = Literal["synthetic", "real-person", "demo"]
USER_KINDS: tuple[str, ...] = ("synthetic", "real-person")  # "demo" is set only by the demo
SCOPES: tuple[Category, ...] = ("sfw", "nsfw")


def parse_scopes(text: str | Iterable[str]) -> list[Category]:
    """Scopes from 'sfw,nsfw' (or a list), checked and de-duplicated."""
    items = text.split(",") if isinstance(text, str) else list(text)
    scopes = [s.strip().lower() for s in items if s.strip()]
    bad = [s for s in scopes if s not in SCOPES]
    if bad or not scopes:
        raise ConsentError(f"invalid scope {','.join(bad) or '(empty)'}: use sfw or sfw,nsfw")
    return [s for s in SCOPES if s in scopes]


def set_consent(
    studio: Studio,
    name: str,
    *,
    kind: str,
    scopes: str | Iterable[str],
    attest_adult: bool,
    subject: str | None = None,
    release: Path | None = None,
    confined: bool = False,
    actor: str | None = None,
) -> Consent:
    """Record consent for a model (a new record supersedes the old one); `confined` (the
    API's mode): the release must be an upload in the studio, reached through no link;
    `actor`: who the audit log names (None: the CLI's user)."""
    if kind not in USER_KINDS:
        raise ConsentError(f"invalid consent kind {kind!r}: use synthetic or real-person")
    scope_list = parse_scopes(scopes)
    if not attest_adult:
        raise ConsentError(
            "consent needs the adult attestation (--attest-adult; attest_adult over the API): "
            "the person (or synthetic persona) depicted is an adult"
        )
    with studio.session() as session:
        queries.get_model(session, name=name)  # an unknown model fails before any file is copied
    release_rel = release_sha = None
    if kind == "real-person":
        if not subject or not subject.strip():
            raise ConsentError("real-person consent needs --subject NAME (who agreed)")
        if release is None:
            raise ConsentError("real-person consent needs --release FILE (the signed release)")
        if confined:
            release = confined_input(studio.home, release)
        if not release.is_file():
            raise ConsentError(f"{release}: release document not found")
        paths = studio.paths(name)
        release_sha = sha256_file(release)
        dest = paths.root / "consent" / f"release-{release_sha[:12]}{release.suffix.lower()}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            tmp = dest.with_name(f".{dest.name}.tmp")
            shutil.copyfile(release, tmp)
            tmp.replace(dest)
        release_rel = paths.rel(dest)
    with studio.session() as session:
        model = queries.get_model(session, name=name)
        record = Consent(
            model_id=_id(model),
            kind=kind,
            scopes=",".join(scope_list),
            attested_adult=True,
            subject=subject.strip() if subject else None,
            release_path=release_rel,
            release_sha256=release_sha,
        )
        return _append(session, record, model, actor=actor)


def set_demo_consent(session: Session, *, model: Model) -> Consent:
    """The demo's consent: sfw only, and only while every photo is the bundled one."""
    record = Consent(
        model_id=_id(model),
        kind="demo",
        scopes="sfw",
        attested_adult=True,
        subject="NASA astronaut portrait (public domain)",
    )
    return _append(session, record, model)


def record_hash(record: Consent, model_name: str) -> str:
    """A stable sha256 of what was agreed: LoRA files will carry it to cite their consent."""
    content = {
        "model": model_name,
        "kind": record.kind,
        "scopes": record.scopes,
        "subject": record.subject,
        "attested_adult": record.attested_adult,
        "release_sha256": record.release_sha256,
        "created_at": record.created_at.isoformat(timespec="seconds"),
    }
    return sha256_bytes(json.dumps(content, sort_keys=True).encode())


def _append(
    session: Session, record: Consent, model: Model, *, actor: str | None = None
) -> Consent:
    record.record_hash = record_hash(record, model.name)
    audit.append_chained(session, record, "consent")
    audit.record(
        session,
        action="consent.set",
        model_id=_id(model),
        actor=actor,
        kind=record.kind,
        scopes=record.scopes,
        subject=record.subject,
        record_hash=record.record_hash,
        release_sha256=record.release_sha256,
    )
    return record


def revoke_consent(studio: Studio, name: str, *, actor: str | None = None) -> Consent:
    """Revoke the consent in force, withdrawing the model's LoRA versions; new runs are refused
    until a new record is set (`actor`: who the audit log names; None: the CLI's user)."""
    with studio.session() as session:
        model = queries.get_model(session, name=name)
        record = queries.current_consent(session, model_id=_id(model))
        if record is None or record.revoked_at is not None:
            raise ConsentError(f"model {name!r} has no consent in force to revoke")
        record.revoked_at = utcnow()
        session.add(record)
        # Every version was trained under this record or one it superseded: all are withdrawn
        # with it, in the same transaction (a new record later revives none of them).
        withdrawn = queries.withdraw_loras(
            session,
            model_id=_id(model),
            reason=f"consent record {record.record_hash[:12]} revoked",
        )
        audit.record(
            session,
            action="consent.revoke",
            model_id=_id(model),
            actor=actor,
            record_hash=record.record_hash,
            loras_withdrawn=withdrawn,
        )
        outbox.emit(session, model.owner_id, "consent.revoked", {"model": name,
                    "record_hash": record.record_hash, "revoked_at": record.revoked_at,
                    "actor": actor})  # fmt: skip
        return record


def revoked_since(session: Session, record: Consent) -> datetime | None:
    """When consent was revoked at or after this record (a revocation withdraws the records it
    superseded too), or None."""
    return session.exec(
        select(Consent.revoked_at)
        .where(
            Consent.model_id == record.model_id,
            col(Consent.id) >= (record.id or 0),
            col(Consent.revoked_at).is_not(None),
        )
        .order_by(col(Consent.id))
    ).first()


def require_consent(session: Session, *, model: Model, category: Category) -> Consent:
    """The consent in force for this work, or ConsentError saying what is missing."""
    record = queries.current_consent(session, model_id=_id(model))
    if record is None:
        raise ConsentError(
            f"model {model.name!r} has no consent record; set one with "
            f"'aistudio consent set {model.name} --kind synthetic|real-person --scope sfw "
            "--attest-adult'"
        )
    if record.revoked_at is not None:
        raise ConsentError(f"consent for model {model.name!r} was revoked; no new work can run")
    if category not in record.scopes.split(","):
        raise ConsentError(
            f"model {model.name!r}: {category} work needs the {category} consent scope "
            f"(it has: {record.scopes})"
        )
    if record.kind == "demo":
        _check_demo_photos(session, model=model)
    return record


def _check_demo_photos(session: Session, *, model: Model) -> None:
    # The demo kind vouches only for the bundled public-domain photo, so any other photo voids it.
    allowed = allowed_hashes()
    for role in ("source", "target"):
        for photo in queries.list_photos(session, model_id=_id(model), role=role):
            if photo.original_sha256 not in allowed:
                raise ConsentError(
                    f"model {model.name!r}: {photo.original_path} is not the bundled demo photo; "
                    "demo consent covers only that image; set real consent with "
                    "'aistudio consent set'"
                )


def _id(model: Model) -> int:
    assert model.id is not None  # rows come from the database
    return model.id
