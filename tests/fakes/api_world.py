"""A studio with two API users, each owning a model with consent, photos and finished runs:
the objects the API's read, schema and tenancy tests reach real code with."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from aistudio.core.config import load_model_config, save_model_config
from aistudio.db.api_tables import ApiKey
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import PASSWORD, Account, account
from tests.fakes.drive import run_all
from tests.fakes.photos import photo_set


@dataclass
class Tenant:
    """A user of the world and what they own."""

    account: Account
    model: str
    key_id: int
    runs: list[str] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)  # s1-t001-sfw, ...: the done ones first
    rejected: str = ""  # a pair the quality gate refused

    @property
    def auth(self) -> dict[str, str]:
        return self.account.auth


@dataclass
class World:
    """Two tenants of one studio."""

    studio: Studio
    tenants: list[Tenant]

    def other(self, tenant: Tenant) -> Tenant:
        """The tenant that is not this one."""
        return next(t for t in self.tenants if t is not tenant)


@contextmanager
def _env(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def tenant(
    studio: Studio, root: Path, user: str, model: str, *, start: int, admin: bool = False
) -> Tenant:
    """A user with a key, and a model of 256 px photos that went through two runs: the first
    swapped and enhanced two pairs; the second's only new pair came back without a face.
    Photos are variants from `start` on: tenants with other starts share no file."""
    who = account(studio, user, admin=admin)
    with studio.read() as session:
        key_id = session.exec(select(ApiKey.id).where(ApiKey.user_id == who.id)).one()
    assert key_id is not None
    photos = {
        "sources": photo_set(root / user / "s", "face", 1, start=start, size=256),
        "targets": photo_set(root / user / "t", "photo", 3, start=start + 10, size=256),
    }
    create_model(studio, model, owner_id=who.id)
    cfg = load_model_config(studio.paths(model).config)
    cfg.thresholds.min_side = 200  # 256 px photos: the contract, not the pixels, is under test
    save_model_config(studio.paths(model).config, cfg)
    make_model(studio, photos, model, sources=1, targets=2, create=False)
    first = run_all(studio, model)
    import_photos(studio, model, photos["targets"][2:], role="target", category="sfw")
    with _env(AISTUDIO_FAKE_MISBEHAVE="noface"):
        second = run_all(studio, model)
    return Tenant(
        account=who,
        model=model,
        key_id=key_id,
        runs=[first.run_id, second.run_id],
        pairs=["s1-t001-sfw", "s1-t002-sfw", "s1-t003-sfw"],
        rejected="s1-t003-sfw",
    )


def build_world(studio: Studio, root: Path, *, admin: bool = False) -> World:
    """Two users (ada and ben; ada an admin when asked) with a model each (ada-persona,
    ben-persona)."""
    ada = tenant(studio, root, "ada", "ada-persona", start=0, admin=admin)
    ben = tenant(studio, root, "ben", "ben-persona", start=40)
    return World(studio=studio, tenants=[ada, ben])


# A valid body for each operation that takes one, by operationId: what the caller sends when
# a test must get past validation (e.g. to the owner check). A new operation with a body
# belongs here; the tenancy walk fails until it is.
Request = dict[str, Any]
BODIES: dict[str, Callable[[Tenant], Request]] = {
    "sign_in": lambda me: {"json": {"name": me.account.name, "password": PASSWORD}},
    "create_user": lambda me: {"json": {"name": f"{me.account.name}-friend"}},
    "create_key": lambda me: {"json": {"name": "walk", "scopes": ["read"]}},
    "create_model": lambda me: {"json": {"name": f"{me.model}-2"}},
    "update_model": lambda me: {"json": {"enhance": False, "budget_credits": 5}},
}
