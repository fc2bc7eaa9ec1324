"""Request budgets and failure counts in fixed windows, kept in the store so that every API
process counts the same requests."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from aistudio.db.api_tables import RateWindow

KEEP_SECONDS = 86_400  # the longest window any budget uses, with room


@dataclass(frozen=True)
class Budget:
    """Where a subject stands in its window."""

    limit: int
    used: int
    window: int  # seconds
    reset: int  # seconds until the window ends

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit


def _start(window: int, now: float) -> int:
    return int(now // window * window)


def _row(session: Session, subject: str, start: int) -> RateWindow:
    row = session.exec(
        select(RateWindow).where(RateWindow.subject == subject, RateWindow.window == start)
    ).first()
    if row is None:
        # A subject's first request in a window: its windows from days ago count for nothing.
        session.exec(
            delete(RateWindow).where(
                col(RateWindow.subject) == subject, col(RateWindow.window) < start - KEEP_SECONDS
            )
        )
        row = RateWindow(subject=subject, window=start, count=0)
        try:
            with session.begin_nested():  # two processes may open the same window at once
                session.add(row)
        except IntegrityError:
            row = session.exec(
                select(RateWindow).where(RateWindow.subject == subject, RateWindow.window == start)
            ).one()
    return row


def count(session: Session, subject: str, *, limit: int, window: int, add: int = 1) -> Budget:
    """Count `add` more for a subject in the current window (add=0 only reads)."""
    now = time.time()
    start = _start(window, now)
    reset = max(1, math.ceil(start + window - now))
    if add == 0:
        row = session.exec(
            select(RateWindow).where(RateWindow.subject == subject, RateWindow.window == start)
        ).first()
        return Budget(limit=limit, used=row.count if row else 0, window=window, reset=reset)
    row = _row(session, subject, start)
    # One UPDATE adds in the database: concurrent requests on PostgreSQL lose no count.
    session.exec(
        update(RateWindow)
        .where(col(RateWindow.id) == row.id)
        .values(count=col(RateWindow.count) + add)
    )
    session.refresh(row)
    return Budget(limit=limit, used=row.count, window=window, reset=reset)
