"""Purge what a model's images made (when its consent is revoked): results, datasets,
trainings, cached encodings, LoRA files and the API's exports of them, on disk and in storage."""

from __future__ import annotations

import json
import shutil

from pydantic import BaseModel
from sqlmodel import col, delete, select

from aistudio.consent import audit
from aistudio.core.fs import EXPORTS
from aistudio.core.naming import encodings_file, storage_key
from aistudio.db import queries
from aistudio.db.tables import (
    DatasetVersion,
    ImageScore,
    LoraVersion,
    Output,
    StoredObject,
)
from aistudio.storage import get_storage
from aistudio.studio import Studio

# What a model's photos made, under models/<name>/ (its inputs, config and consent stay).
MADE = ("results", "datasets", "training", "lora")
KEPT = ("source", "targets", "config.json", "consent")


class PurgeReport(BaseModel):
    """What a purge removed."""

    local_files: int  # results
    remote_objects: int
    removed: list[str] = []  # folders and files, relative to the studio home, and S3 keys


def purge_outputs(studio: Studio, name: str, *, actor: str | None = None) -> PurgeReport:
    """Delete everything a model's photos made, here and in storage (its photos, its consent
    records and the ledger stay); list what went (`actor`: who the audit log names)."""
    paths = studio.paths(name)
    results = paths.root / "results"
    local = [p for p in results.rglob("*") if p.is_file()] if results.exists() else []
    removed: list[str] = []
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=name)
        trainings = session.exec(
            select(LoraVersion, DatasetVersion)
            .join(DatasetVersion, col(DatasetVersion.id) == LoraVersion.dataset_id)
            .where(LoraVersion.model_id == model_id)
        ).all()
        made_shas = set(session.exec(select(Output.sha256).where(Output.model_id == model_id)))
    storage = get_storage(studio.settings)
    remote = 0
    if storage is not None:
        prefix = storage_key(studio.settings.s3_prefix, f"models/{name}/x").rsplit("/", 1)[0]
        for key in sorted(storage.list_keys(prefix + "/")):
            if key[len(prefix) + 1 :].split("/", 1)[0] in KEPT:
                continue
            storage.delete(key)
            removed.append(key)
            remote += 1
    for lora, data in trainings:
        size = int(json.loads(lora.params_json).get("resolution") or 0)
        cache = encodings_file(studio.home, data.content_hash, lora.base_hash, size, lora.family)
        if cache.is_file():
            cache.unlink()
            removed.append(cache.relative_to(studio.home).as_posix())
    for sub in MADE:
        folder = paths.root / sub
        if folder.exists() and any(folder.iterdir()):
            shutil.rmtree(folder)
            removed.append(paths.rel(folder) + "/")
    exported = studio.home / EXPORTS / name  # the API's LoRA exports and comparison grids
    if exported.is_dir() and not exported.is_symlink():
        shutil.rmtree(exported)
        removed.append(f"{EXPORTS}/{name}/")
    results.mkdir(exist_ok=True)
    with studio.session() as session:
        session.exec(delete(Output).where(col(Output.model_id) == model_id))
        session.exec(
            delete(StoredObject).where(
                col(StoredObject.model_id) == model_id,
                ~col(StoredObject.key).contains("/source/"),
                ~col(StoredObject.key).contains("/targets/"),
            )
        )
        # The results' stored scores hold face descriptors: measures of the person.
        session.exec(delete(ImageScore).where(col(ImageScore.sha256).in_(made_shas)))
        for lora, _ in trainings:
            row = session.get(LoraVersion, lora.id)
            if row is not None and row.file:
                row.file = row.file_sha256 = None
                row.file_size = None
                session.add(row)
        audit.record(
            session,
            action="consent.purge",
            model_id=model_id,
            actor=actor,
            local_files=len(local),
            remote_objects=remote,
            removed=removed,
        )
    return PurgeReport(local_files=len(local), remote_objects=remote, removed=removed)
