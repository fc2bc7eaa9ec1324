"""Content keys, and the one rule for "already done": a stored result whose bytes match its sha."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from aistudio.core.fs import sha256_bytes, sha256_file
from aistudio.db import queries
from aistudio.db.tables import Output

# Bump when a stage's algorithm changes meaning, so old results stop matching new keys.
STAGE_VERSION = {"swap": 1, "enhance": 1}


def content_key(*parts: object) -> str:
    """A stable hash of the inputs that decide a stage's output."""
    return sha256_bytes(json.dumps(parts, sort_keys=True, default=str).encode())


def swap_key(provider: str, source_sha: str, target_sha: str) -> str:
    """The key of a swap: its stage version, engine and both photos' contents."""
    return content_key("swap", STAGE_VERSION["swap"], provider, source_sha, target_sha)


def enhance_key(provider: str, swapped_sha: str) -> str:
    """The key of an enhance: its stage version, engine and the swapped image's content."""
    return content_key("enhance", STAGE_VERSION["enhance"], provider, swapped_sha)


def intact(path: Path, sha: str) -> bool:
    """Whether a file is there with exactly these bytes."""
    return path.is_file() and sha256_file(path) == sha


def find_done(
    session: Session, home: Path, *, model_id: int, stage: str, key: str
) -> Output | None:
    """The stored result for these inputs, if its file is intact; None means "not done"."""
    out = queries.find_output(session, model_id=model_id, stage=stage, input_key=key)
    return out if out is not None and intact(home / out.path, out.sha256) else None
