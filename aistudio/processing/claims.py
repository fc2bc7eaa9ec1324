"""Claims on a stage's inputs, so workers sharing one store never work (or pay) on the same ones.

A claim is a row: the first worker to insert it does the work; the others see who holds it and
move on. A claim of a process of this machine that is gone, or older than a provider call can
last (its machine died), is taken over.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from aistudio.db.tables import StageClaim, utcnow
from aistudio.studio import Studio


def holder() -> str:
    """Who this process is, as other workers see it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def is_gone(other: str) -> bool:
    """Whether a holder is a process of this machine that no longer runs (killed, crashed)."""
    host, _, pid = other.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's: only its age can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def claim(studio: Studio, *, model_id: int, stage: str, key: str, run_id: str) -> str | None:
    """Take the claim on a stage's inputs: None when it is ours now, else who holds it."""
    me = holder()
    stale = utcnow() - timedelta(seconds=studio.settings.provider_timeout + 300)
    where = (
        StageClaim.model_id == model_id,
        StageClaim.stage == stage,
        StageClaim.input_key == key,
    )
    try:
        with studio.session() as session:
            row = session.exec(select(StageClaim).where(*where)).first()
            if row is None:
                session.add(
                    StageClaim(
                        model_id=model_id, stage=stage, input_key=key, holder=me, run_id=run_id
                    )
                )
                return None
            live = session.exec(
                select(StageClaim.id).where(*where, col(StageClaim.claimed_at) > stale)
            ).first()
            if row.holder == me or live is None or is_gone(row.holder):  # ours, or orphaned
                row.holder, row.run_id, row.claimed_at = me, run_id, utcnow()
                session.add(row)
                return None
            return f"{row.holder} (run {row.run_id})"
    except IntegrityError:  # another worker inserted it between our read and our insert
        return "another worker"


def release_claim(session: Session, *, model_id: int, stage: str, key: str) -> None:
    """Give a claim up (in the caller's transaction)."""
    session.exec(
        delete(StageClaim).where(
            col(StageClaim.model_id) == model_id,
            col(StageClaim.stage) == stage,
            col(StageClaim.input_key) == key,
            col(StageClaim.holder) == holder(),
        )
    )
