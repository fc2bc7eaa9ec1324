"""The generated Python client (clients/python): the committed package is what the generator
writes from today's routes, and its calls work against the API in-process."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
from aistudio_client import AuthenticatedClient
from aistudio_client.api.consent import record_consent
from aistudio_client.api.me import read_me
from aistudio_client.api.models import create_model, list_models, read_model
from aistudio_client.models import (
    ConsentPublic,
    Me,
    ModelCreate,
    ModelPublic,
    PageModelPublic,
    Problem,
    RecordConsentBody,
)

from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.studio import Studio
from tests.conftest import REPO
from tests.fakes.api import account

CLIENT = REPO / "clients" / "python"


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_committed_client_is_what_the_generator_writes_from_the_routes(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, str(CLIENT / "generate.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    fresh, committed = _files(tmp_path / "aistudio_client"), _files(CLIENT / "aistudio_client")
    assert len(fresh) > 50 and "api/models/create_model.py" in fresh  # it generated the client
    stale = sorted(k for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k))
    assert stale == [], "the client is stale: run `python clients/python/generate.py`"


def test_the_client_calls_the_api_with_its_key_and_reads_problems(studio: Studio) -> None:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    app = create_app(studio.settings, ApiSettings())

    def client(key: str) -> AuthenticatedClient:
        transport = httpx.ASGITransport(app=app)
        return AuthenticatedClient(
            base_url="http://studio.test", token=key, httpx_args={"transport": transport}
        )

    async def calls() -> None:
        async with client(alice.key) as as_alice, client(bob.key) as as_bob:
            me = await read_me.asyncio(client=as_alice)
            assert isinstance(me, Me) and me.name == "alice" and me.via == "key"
            made = await create_model.asyncio(client=as_alice, body=ModelCreate(name="andie"))
            assert isinstance(made, ModelPublic) and made.name == "andie"
            assert made.consent == "none" and made.sources == 0
            body = RecordConsentBody(kind="synthetic", scopes="sfw", attest_adult=True)
            consent = await record_consent.asyncio("andie", client=as_alice, body=body)
            assert isinstance(consent, ConsentPublic) and consent.scopes == ["sfw"]
            page = await list_models.asyncio(client=as_alice)
            assert isinstance(page, PageModelPublic)
            assert [m.name for m in page.items] == ["andie"] and page.next_ is None
            # Bob never sees alice's model: a Problem, as for a missing one.
            hidden = await read_model.asyncio_detailed("andie", client=as_bob)
            assert hidden.status_code == 404 and isinstance(hidden.parsed, Problem)
            assert "no model named 'andie'" in hidden.parsed.detail
            refused = await create_model.asyncio(client=as_alice, body=ModelCreate(name="andie"))
            assert isinstance(refused, Problem) and refused.status == 409

    asyncio.run(calls())
