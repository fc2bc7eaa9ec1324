"""The studio API in-process (FastAPI's TestClient) with two users and their keys."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from aistudio.accounts import keys, users
from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.studio import Studio

PASSWORD = "correct horse battery"


@dataclass
class Account:
    """A user's name, id and API key."""

    name: str
    id: int
    key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def account(studio: Studio, name: str, *, admin: bool = False) -> Account:
    """A user with a password and a key (admin scope for admins)."""
    with studio.session() as session:
        user = users.create_user(
            session, name=name, role="admin" if admin else "member", password=PASSWORD
        )
        made = keys.create_key(
            session, user=user, name="test", scopes="admin" if admin else "write"
        )
    assert user.id is not None
    return Account(name=name, id=user.id, key=made.secret)


def api_client(studio: Studio, **settings: object) -> TestClient:
    """A client of an app over this studio (API settings overridden by keyword)."""
    return TestClient(create_app(studio.settings, ApiSettings(**settings)))  # type: ignore[arg-type]
