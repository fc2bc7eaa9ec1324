"""Remove an imported photo that no work has used yet: its record, then its stored copy."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from aistudio.core.errors import Conflict, NotFound
from aistudio.core.naming import CATEGORIES
from aistudio.db.tables import DatasetItem, Model, Output, PairState, Photo
from aistudio.studio import Studio

log = logging.getLogger(__name__)


def photo_pairs(photo: Photo) -> str:
    """A LIKE pattern for the pair keys (s1-t004-nsfw) that name this photo."""
    if photo.role == "source":
        return f"s{photo.number}-t%"
    assert photo.category in CATEGORIES
    return f"s%-t{photo.number:03d}-{photo.category}"


def used_by(session: Session, photo: Photo) -> str | None:
    """What has used the photo (a run, a dataset version), or None."""
    pattern = photo_pairs(photo)
    for table in (PairState, Output):
        run = session.exec(
            select(table.run_id).where(
                table.model_id == photo.model_id, col(table.pair).like(pattern)
            )
        ).first()
        if run is not None:
            return f"run {run}"
    if session.exec(select(DatasetItem.id).where(DatasetItem.file == photo.path)).first():
        return "a dataset version"
    return None


def remove_photo(session: Session, *, model: Model, photo_id: int) -> Photo:
    """Delete one of a model's photos' record in this session (the caller audits it there, and
    calls discard_copy after the commit): NotFound if the model has no such photo, Conflict if
    a run or a dataset used it."""
    photo = session.get(Photo, photo_id)
    if photo is None or photo.model_id != model.id:
        raise NotFound(f"model {model.name!r} has no photo {photo_id}")
    user = used_by(session, photo)
    if user is not None:
        raise Conflict(
            f"photo {photo_id} ({photo.path.rsplit('/', 1)[-1]}) was used by {user}: what it "
            "made cites it, so it stays (revoking consent with purge removes what it made)"
        )
    session.delete(photo)
    return photo


def discard_copy(studio: Studio, photo: Photo) -> None:
    """Delete the studio's converted copy of a removed photo (never the user's original)."""
    copy = studio.home / photo.path
    # The record went first: a copy left by a failure here is an orphan, never a dangling row.
    copy.unlink(missing_ok=True)
    log.info("removed photo %s of model %s: %s", photo.id, photo.model_id, photo.path)
