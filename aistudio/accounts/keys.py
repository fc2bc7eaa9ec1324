"""API keys: shown once, stored as a hash, scoped, revocable, with their last use."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from sqlmodel import Session, col, select

from aistudio.accounts.hashing import digest, same, token
from aistudio.accounts.users import user_by_id
from aistudio.core.errors import NotFound, UserError
from aistudio.db.api_tables import ApiKey, User
from aistudio.db.tables import utcnow

Scope = Literal["read", "write", "admin"]
SCOPES: tuple[Scope, ...] = get_args(Scope)
PREFIX = "ais_"


@dataclass(frozen=True)
class NewKey:
    """A key just made: the secret is shown this once."""

    key: ApiKey
    secret: str


def parse_scopes(scopes: str | Iterable[str]) -> list[Scope]:
    """Scopes from "read,write" or a list, checked; write implies read, admin implies both."""
    items = scopes.split(",") if isinstance(scopes, str) else list(scopes)
    wanted = {s.strip() for s in items if s.strip()}
    unknown = wanted - set(SCOPES)
    if unknown or not wanted:
        raise UserError(
            f"unknown scope {', '.join(sorted(unknown)) or '(none)'}: use read, write or admin"
        )
    if "admin" in wanted:
        wanted |= {"read", "write"}
    if "write" in wanted:
        wanted.add("read")
    return [s for s in SCOPES if s in wanted]


def create_key(
    session: Session, *, user: User, name: str, scopes: str | Iterable[str] = "read,write"
) -> NewKey:
    """A new key for a user (admin scope only for admins)."""
    chosen = parse_scopes(scopes)
    if "admin" in chosen and user.role != "admin":
        raise UserError(f"user {user.name!r} is not an admin: its keys cannot have admin scope")
    if not name.strip() or len(name) > 80:
        raise UserError("a key needs a name of 1 to 80 characters, e.g. 'laptop'")
    key_id = secrets.token_hex(4)
    secret = f"{PREFIX}{key_id}_{token(32)}"
    assert user.id is not None
    row = ApiKey(
        user_id=user.id,
        prefix=f"{PREFIX}{key_id}",
        secret_hash=digest(secret),
        name=name.strip(),
        scopes=",".join(chosen),
    )
    session.add(row)
    session.flush()
    return NewKey(key=row, secret=secret)


def list_keys(session: Session, *, user_id: int) -> Sequence[ApiKey]:
    """A user's keys, newest first (revoked ones too: they show when)."""
    q = select(ApiKey).where(ApiKey.user_id == user_id).order_by(col(ApiKey.id).desc())
    return session.exec(q).all()


def get_key(session: Session, *, user_id: int, key_id: int) -> ApiKey:
    """One of a user's keys, or NotFound (another user's key is not found either)."""
    key = session.get(ApiKey, key_id)
    if key is None or key.user_id != user_id:
        raise NotFound(f"no API key {key_id}; 'aistudio keys list' shows yours")
    return key


def revoke_key(session: Session, *, user_id: int, key_id: int) -> ApiKey:
    """Revoke a key now; requests with it are refused from the next one on."""
    key = get_key(session, user_id=user_id, key_id=key_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
    return key


def check_key(session: Session, secret: str) -> tuple[ApiKey, User] | None:
    """The key and its user for a presented secret, marking it used; None if it is not valid."""
    if not secret.startswith(PREFIX) or secret.count("_") < 2:
        return None
    prefix = secret[: secret.index("_", len(PREFIX))]
    key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if key is None or key.revoked_at is not None or not same(key.secret_hash, digest(secret)):
        return None
    user = user_by_id(session, key.user_id)
    if user is None:
        return None
    key.last_used_at = utcnow()
    session.add(key)
    return key, user
