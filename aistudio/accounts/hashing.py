"""Passwords (argon2, through pwdlib) and random tokens kept only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher


@cache
def _hasher() -> PasswordHash:
    return PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher().hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    """Whether a password matches its hash (a missing hash still costs a hash's time)."""
    if hashed is None:
        _hasher().hash(password)  # the same time as a real check: no user-exists oracle
        return False
    return _hasher().verify(password, hashed)


def token(nbytes: int = 32) -> str:
    """A random URL-safe token."""
    return secrets.token_urlsafe(nbytes)


def digest(value: str) -> str:
    """sha256 of a random token (the database keeps this, never the token)."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode(), b.encode())
