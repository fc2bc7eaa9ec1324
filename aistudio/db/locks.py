"""PostgreSQL advisory locks that make writers take turns, as SQLite's write lock (taken up front
by every writing session) already does."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

# Lock spaces (the first key of pg_advisory_xact_lock(int, int)); each names what it guards.
JOBS_IN_FLIGHT = 7345002  # per user: counting jobs in flight, then adding one
PHOTO_NUMBERS = 7345003  # per model: reading the highest photo number, then taking the next
JOB_EVENTS = 7345004  # per job: reading the last event seq, then appending the next
POOL_QUEUE = 7345005  # per GPU pool: counting its busy slots, then starting the next job


def take_turns(session: Session, space: int, key: int | str) -> None:
    """Hold (space, key) until this session's transaction ends (a string key is hashed)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    if isinstance(key, str):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:s, hashtext(:k))"), {"s": space, "k": key}
        )
    else:
        session.execute(text("SELECT pg_advisory_xact_lock(:s, :k)"), {"s": space, "k": key})
