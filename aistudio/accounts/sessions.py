"""Browser sessions: a random cookie token (kept as a hash) and its CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from aistudio.accounts.hashing import digest, token
from aistudio.accounts.users import user_by_id
from aistudio.db.api_tables import BrowserSession, User
from aistudio.db.tables import utcnow


@dataclass(frozen=True)
class NewSession:
    """A session just started: the cookie's token and the CSRF token, given out once."""

    row: BrowserSession
    token: str
    csrf: str


def start_session(session: Session, *, user: User, hours: float) -> NewSession:
    """A new browser session for a user who just signed in."""
    assert user.id is not None
    secret, csrf = token(), token()
    row = BrowserSession(
        user_id=user.id,
        token_hash=digest(secret),
        csrf_token=csrf,
        expires_at=utcnow() + timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    return NewSession(row=row, token=secret, csrf=csrf)


def check_session(session: Session, secret: str) -> tuple[BrowserSession, User] | None:
    """The session and its user for a cookie's token, if in force."""
    row = session.exec(
        select(BrowserSession).where(BrowserSession.token_hash == digest(secret))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    user = user_by_id(session, row.user_id)
    return (row, user) if user is not None else None


def end_session(session: Session, row: BrowserSession) -> None:
    """Sign a browser out: its cookie stops working at once."""
    row.revoked_at = utcnow()
    session.add(row)
