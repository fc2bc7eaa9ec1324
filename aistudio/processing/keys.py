"""Content keys: a stage's inputs, engine and version, hashed."""

from __future__ import annotations

import json

from aistudio.core.fs import sha256_bytes

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
