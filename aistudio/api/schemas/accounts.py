"""Users, keys and sign-in."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aistudio.accounts.keys import Scope
from aistudio.accounts.users import Role


class UserBase(BaseModel):
    """What a user is called and may do."""

    name: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    role: Role = "member"


class UserCreate(UserBase):
    """A new user; a password lets them sign in from a browser (keys work without one)."""

    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(default=None, min_length=10, max_length=1024)


class UserPublic(UserBase):
    """A user as the API shows one."""

    id: int
    created_at: datetime
    disabled: bool = False


def _read_write() -> list[Scope]:
    return ["read", "write"]


class KeyBase(BaseModel):
    """A key's name and scopes."""

    name: str = Field(min_length=1, max_length=80, description="What it is for, e.g. laptop")
    scopes: list[Scope] = Field(
        default_factory=_read_write,
        min_length=1,
        description="read, write, admin (write implies read; admin only for admins)",
    )


class KeyCreate(KeyBase):
    """A new key for the caller."""

    model_config = ConfigDict(extra="forbid")


class KeyPublic(KeyBase):
    """A key as lists show it: its prefix, never its secret."""

    id: int
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class KeyCreated(KeyPublic):
    """A key just made: the secret is in this response only."""

    secret: str = Field(description="Shown this once: store it now")


class SignIn(BaseModel):
    """A name and password."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=1024)


class SignedIn(BaseModel):
    """A browser session: the cookie is set; unsafe requests echo csrf_token in X-CSRF-Token."""

    user: UserPublic
    csrf_token: str
    expires_at: datetime


class Me(UserPublic):
    """The caller, and what its credentials allow."""

    via: Literal["key", "session"]
    scopes: list[Scope]
