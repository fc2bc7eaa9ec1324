"""Object storage for results: one interface; S3 when configured (local disk is the studio)."""

from __future__ import annotations

from aistudio.core.config import Settings
from aistudio.storage.base import Storage


def get_storage(settings: Settings) -> Storage | None:
    """The configured remote storage, or None when results stay on local disk only."""
    if not settings.s3_bucket:
        return None
    from aistudio.storage.s3 import S3Storage

    return S3Storage(settings)
