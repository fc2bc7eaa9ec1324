"""A model's inputs on a shared store: every machine finds its config and photos in storage.

With a database server (AISTUDIO_DATABASE_URL) and S3, the machine that imports photos puts
them in the bucket; a machine that processes the model fetches what its own disk lacks,
checked against the sha256 the store recorded.
"""

from __future__ import annotations

import logging

from aistudio.core.errors import ConfigError
from aistudio.core.fs import sha256_file
from aistudio.db import queries
from aistudio.storage import get_storage, sync
from aistudio.studio import Studio

logger = logging.getLogger(__name__)


def share_inputs(studio: Studio, name: str) -> int:
    """Upload the model's local inputs, download the missing ones; returns files fetched."""
    storage = get_storage(studio.settings)
    if storage is None or not studio.settings.shared_store:
        return 0  # one machine: its disk has everything
    paths = studio.paths(name)
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=name)
        photos = [
            (p.path, p.sha256)
            for role in ("source", "target")
            for p in queries.list_photos(session, model_id=model_id, role=role)
        ]
    fetched = 0
    config = paths.rel(paths.config)
    if paths.config.is_file():
        sync.upload(studio, storage, model_id=model_id, rel=config)
    elif sync.fetch(studio, storage, rel=config, sha=None):
        fetched += 1
    else:
        raise ConfigError(
            f"{paths.config}: missing here and in {storage.location}; run "
            f"'aistudio model create {name}' on the machine that has the model"
        )
    for rel, sha in photos:
        local = studio.home / rel
        if local.is_file() and sha256_file(local) == sha:
            sync.upload(studio, storage, model_id=model_id, rel=rel)
        elif sync.fetch(studio, storage, rel=rel, sha=sha):
            fetched += 1
        else:
            logger.warning("%s: not on this machine nor in %s", rel, storage.location)
    if fetched:
        logger.info("%s: fetched %d input files from %s", name, fetched, storage.location)
    return fetched
