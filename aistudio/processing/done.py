"""The one rule for "already done": a stored result whose file still has the bytes recorded.

The stages, the estimate and Prefect's cache keys all ask here, so they cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from aistudio.core.fs import sha256_file
from aistudio.core.naming import Stage
from aistudio.db import queries
from aistudio.db.tables import Output
from aistudio.processing.keys import content_key
from aistudio.processing.plan import PairPlan
from aistudio.storage import get_storage, sync
from aistudio.studio import Studio


def intact(path: Path, sha: str) -> bool:
    """Whether a file is there with exactly these bytes."""
    return path.is_file() and sha256_file(path) == sha


def find_done(
    session: Session, studio: Studio, *, model_id: int, stage: str, key: str
) -> Output | None:
    """The stored result for these inputs, if its file is intact; None means "not done".

    With shared storage, a result another machine stored is fetched and checked the same way.
    """
    out = queries.find_output(session, model_id=model_id, stage=stage, input_key=key)
    if out is None:
        return None
    if intact(studio.home / out.path, out.sha256):
        return out
    storage = get_storage(studio.settings) if studio.settings.shared_store else None
    if storage is not None and sync.fetch(studio, storage, rel=out.path, sha=out.sha256):
        return out
    return None


def cache_key(studio: Studio, *, pair: PairPlan, stage: Stage, key: str) -> str | None:
    """Prefect's cache key for a pair's stage: set only while the stage is done for this pair."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=pair.model)
        done = find_done(session, studio, model_id=model_id, stage=stage, key=key)
    if done is None:
        return None
    # A cached value names this pair's own file: it must be there too (a twin pair's is not).
    own = studio.paths(pair.model).result_path(pair.source, pair.target, pair.category, stage)
    if own != studio.home / done.path and not intact(own, done.sha256):
        return None
    return f"{stage}-{content_key(str(studio.home), pair.model, pair.pair, key)}"
