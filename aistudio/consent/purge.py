"""Purge a model's results on disk and in storage (when its consent is revoked)."""

from __future__ import annotations

import shutil

from pydantic import BaseModel
from sqlmodel import col, delete

from aistudio.consent import audit
from aistudio.core.naming import storage_key
from aistudio.db import queries
from aistudio.db.tables import Output, StoredObject
from aistudio.storage import get_storage
from aistudio.studio import Studio


class PurgeReport(BaseModel):
    """What a purge removed."""

    local_files: int
    remote_objects: int


def purge_outputs(studio: Studio, name: str) -> PurgeReport:
    """Delete a model's results on disk and in storage (its photos and the ledger stay)."""
    paths = studio.paths(name)
    results = paths.root / "results"
    local = [p for p in results.rglob("*") if p.is_file()] if results.exists() else []
    removed_remote = 0
    storage = get_storage(studio.settings)
    if storage is not None:
        prefix = storage_key(studio.settings.s3_prefix, f"models/{name}/results/x")
        for key in storage.list_keys(prefix.rsplit("/", 1)[0] + "/"):
            storage.delete(key)
            removed_remote += 1
    if results.exists():
        shutil.rmtree(results)
        results.mkdir()
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=name)
        session.exec(delete(Output).where(col(Output.model_id) == model_id))
        session.exec(
            delete(StoredObject).where(
                col(StoredObject.model_id) == model_id, col(StoredObject.key).contains("/results/")
            )
        )
        audit.record(
            session,
            action="consent.purge",
            model_id=model_id,
            local_files=len(local),
            remote_objects=removed_remote,
        )
    return PurgeReport(local_files=len(local), remote_objects=removed_remote)
