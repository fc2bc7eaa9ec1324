"""Users: create, find, sign in with a password."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlmodel import Session, col, select

from aistudio.accounts.hashing import hash_password, verify_password
from aistudio.core.errors import Conflict, NotFound, UserError
from aistudio.core.naming import validate_model_name
from aistudio.db.api_tables import User

Role = Literal["member", "admin"]
MIN_PASSWORD = 10


def create_user(
    session: Session, *, name: str, role: Role = "member", password: str | None = None
) -> User:
    """A new user (names follow the model-name rule: they appear in paths and logs)."""
    try:
        validate_model_name(name)
    except UserError as exc:
        raise UserError(str(exc).replace("model name", "user name")) from None
    if session.exec(select(User).where(User.name == name)).first() is not None:
        raise Conflict(f"user {name!r} already exists")
    user = User(name=name, role=role, password_hash=_checked_hash(password) if password else None)
    session.add(user)
    session.flush()
    return user


def _checked_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    return hash_password(password)


def set_password(session: Session, user: User, password: str) -> None:
    """Give a user a (new) password."""
    user.password_hash = _checked_hash(password)
    session.add(user)


def get_user(session: Session, *, name: str) -> User:
    """The user called name, or NotFound."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"no user named {name!r}; create it with 'aistudio users create {name}'")
    return user


def user_by_id(session: Session, user_id: int) -> User | None:
    """The user with this id, if it exists and is not disabled."""
    user = session.get(User, user_id)
    return user if user is not None and user.disabled_at is None else None


def list_users(session: Session, *, after: int = 0, limit: int = 100) -> Sequence[User]:
    """Users in id order, after a cursor."""
    q = select(User).where(col(User.id) > after).order_by(col(User.id)).limit(limit)
    return session.exec(q).all()


def authenticate(session: Session, *, name: str, password: str) -> User | None:
    """The user if the password is theirs (and they are not disabled), else None."""
    user = session.exec(select(User).where(User.name == name)).first()
    hashed = user.password_hash if user is not None and user.disabled_at is None else None
    return user if verify_password(password, hashed) and user is not None else None
