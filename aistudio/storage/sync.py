"""Keep a model's files in remote storage: upload as results are accepted, sync, share links."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session, col, select

from aistudio.core.errors import UnsafePath, printable
from aistudio.core.fs import sha256_file, under
from aistudio.core.naming import is_model_file, storage_key
from aistudio.db import queries
from aistudio.db.tables import StoredObject, utcnow
from aistudio.storage import get_storage
from aistudio.storage.base import Storage
from aistudio.studio import Studio

logger = logging.getLogger(__name__)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def require_storage(studio: Studio) -> Storage:
    """The configured storage, or a clear error saying how to configure it."""
    from aistudio.core.errors import ConfigError

    storage = get_storage(studio.settings)
    if storage is None:
        raise ConfigError(
            "no remote storage configured: set AISTUDIO_S3_BUCKET (and the AWS_* "
            "credentials) to use S3"
        )
    return storage


def upload(
    studio: Studio, storage: Storage, *, model_id: int, rel: str, run_id: str | None = None
) -> bool:
    """Upload one studio file (skipped if the same content is there) and record it."""
    path = studio.home / rel
    sha = sha256_file(path)
    key = storage_key(studio.settings.s3_prefix, rel)
    uploaded = storage.put_file(key, path, sha)
    with studio.session() as session:
        _record(
            session,
            model_id=model_id,
            key=key,
            rel=rel,
            sha=sha,
            run_id=run_id if uploaded else None,
        )
    return uploaded


def fetch(studio: Studio, storage: Storage, *, rel: str, sha: str | None) -> bool:
    """Download a studio file that another machine stored; True when it is here, intact.

    Only a model's photos and results (the names the naming rule makes), or its config.json
    when this machine has none, and only with the sha256 stored with the object.
    """
    parts = rel.split("/")
    name = parts[1] if len(parts) > 2 and parts[0] == "models" else ""
    tail = "/".join(parts[2:])
    dest = under(studio.home / "models", name, tail) if name else None
    if dest is None or not (
        is_model_file(name, tail) or (tail == "config.json" and not dest.exists())
    ):
        raise UnsafePath(f"{printable(rel)}: not a file a fetch may write [rule: studio layout]")
    key = storage_key(studio.settings.s3_prefix, rel)
    remote = storage.sha256_of(key)
    if not remote or (sha is not None and remote != sha):
        return False  # no checksum to trust, or not the bytes this studio recorded
    return _download(storage, key, dest, remote)


def _download(storage: Storage, key: str, dest: Path, sha: str) -> bool:
    """Download beside dest, and move it into place only when its bytes have this sha256."""
    tmp = dest.with_name(f".{dest.name}.fetch")
    try:
        storage.get_file(key, tmp)
        if sha256_file(tmp) != sha:
            return False  # never keep bytes that are not what was recorded
        os.replace(tmp, dest)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def pull_refusal(name: str, tail: str, remote_sha: str | None, recorded: str | None) -> str:
    """Why an object at <prefix>/<name>/<tail> may not be pulled, or '' when it may."""
    segments = tail.split("/")
    if any(s in ("", ".", "..") for s in segments) or "\\" in tail:
        return "an empty, '.', '..' or absolute segment, or a backslash [rule: studio layout]"
    if not is_model_file(name, tail):
        # Also what keeps a pull off config.json, the database and every other studio file.
        return "not a photo or result the studio names [rule: studio layout]"
    if not remote_sha or not _SHA256.fullmatch(remote_sha):
        return "no sha256 stored with the object [rule: checksummed objects only]"
    if recorded is not None and recorded != remote_sha:
        return "its sha256 is not the one the studio recorded [rule: checksummed objects only]"
    return ""


def _record(
    session: Session, *, model_id: int, key: str, rel: str, sha: str, run_id: str | None
) -> None:
    row = session.exec(select(StoredObject).where(StoredObject.key == key)).first()
    if row is None:
        row = StoredObject(model_id=model_id, key=key, path=rel, sha256=sha, run_id=run_id)
    elif row.sha256 != sha or run_id is not None:
        row.sha256, row.uploaded_at = sha, utcnow()
        row.run_id = run_id or row.run_id
    session.add(row)


def model_files(studio: Studio, name: str) -> list[str]:
    """Every file of a model that belongs in storage, relative to the home."""
    root = studio.paths(name).root
    found = [
        p
        for sub in ("source", "targets", "results")
        for p in (root / sub).rglob("*.jpg")
        if not p.name.startswith(".")
    ]
    return sorted(p.relative_to(studio.home).as_posix() for p in found)


class SyncReport(BaseModel):
    """What a sync did."""

    location: str
    checked: int = 0
    uploaded: list[str] = []
    repaired: list[str] = []  # remote checksum differed; the local file was uploaded again
    downloaded: list[str] = []
    refused: list[str] = []  # "<key>: <why>": objects a pull left where they are


def sync_model(studio: Studio, name: str, *, pull: bool = False) -> SyncReport:
    """Make storage hold every local file with a matching checksum; with pull, the reverse too."""
    storage = require_storage(studio)
    storage.check()
    prefix = studio.settings.s3_prefix
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=name)
    report = SyncReport(location=storage.location)
    local = model_files(studio, name)
    for rel in local:
        key = storage_key(prefix, rel)
        remote = storage.sha256_of(key)
        sha = sha256_file(studio.home / rel)
        report.checked += 1
        if remote != sha:
            storage.put_file(key, studio.home / rel, sha, force=True)
            (report.uploaded if remote is None else report.repaired).append(key)
        with studio.session() as session:
            _record(session, model_id=model_id, key=key, rel=rel, sha=sha, run_id=None)
    if pull:
        model_prefix = storage_key(prefix, f"models/{name}/x").rsplit("/", 1)[0] + "/"
        known = {storage_key(prefix, rel) for rel in local}
        root = studio.paths(name).root
        with studio.read() as session:
            recorded = {
                o.key: o.sha256
                for o in session.exec(
                    select(StoredObject).where(StoredObject.model_id == model_id)
                ).all()
            }
        for key, remote_sha in storage.list_keys(model_prefix).items():
            if key in known:
                continue
            tail = key[len(model_prefix) :]
            if tail == "config.json":
                continue  # a shared store's copy (ingest.share); never pulled over the local one
            why = pull_refusal(name, tail, remote_sha, recorded.get(key))
            dest = root / tail
            if not why:
                dest = under(root, tail)  # a link among the model's folders may not lead out
                if dest.exists() or dest.is_symlink():
                    why = "a local file of that name is there; local files win"
            if why:
                logger.warning("%s: not pulled: %s", printable(key), why)
                report.refused.append(f"{printable(key)}: {why}")
                continue
            assert remote_sha  # pull_refusal required it
            if not _download(storage, key, dest, remote_sha):
                report.refused.append(
                    f"{printable(key)}: downloaded bytes do not match its sha256; not kept"
                )
                continue
            report.downloaded.append(f"models/{name}/{tail}")
    return report


def share_links(
    studio: Studio, name: str, *, stage: str = "enhanced", seconds: int | None = None
) -> list[tuple[str, str]]:
    """Presigned download links for a model's results of one stage, while its consent is in
    force."""
    with studio.read() as session:
        consent = queries.current_consent(
            session, model_id=queries.get_model_id(session, name=name)
        )
    if consent is None or consent.revoked_at is not None:
        from aistudio.core.errors import ConsentError

        raise ConsentError(f"model {name!r} has no consent in force; its results are not shared")
    storage = require_storage(studio)
    expires = seconds or studio.settings.s3_presign_seconds
    rels = [r for r in model_files(studio, name) if f"/{stage}/" in r]
    prefix = studio.settings.s3_prefix
    return [(Path(r).name, storage.presign(storage_key(prefix, r), expires)) for r in rels]


class RunObjects(BaseModel):
    """A run and what it wrote to storage."""

    run_id: str
    status: str
    pairs: int
    credits: float
    objects: int


def list_runs(studio: Studio, name: str) -> list[RunObjects]:
    """A model's runs with the number of objects each uploaded."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=name)
        runs = queries.list_runs(session, model_id=model_id)
        out = []
        for run in runs:
            n = len(
                session.exec(
                    select(StoredObject.id).where(col(StoredObject.run_id) == run.id)
                ).all()
            )
            out.append(
                RunObjects(
                    run_id=run.id,
                    status=run.status,
                    pairs=run.pairs_total,
                    credits=queries.run_credits(session, run_id=run.id),
                    objects=n,
                )
            )
    return out
