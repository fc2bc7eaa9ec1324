"""Webhooks over the API: endpoints made (the secret once), listed, changed, deleted; the delivery
log with each try, redelivery and ping; revoking consent and a job's state change reach a
receiver on loopback; the watcher sends by itself while the app serves; another user's
endpoint answers 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from aistudio.api import watcher as watcher_module
from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.db import outbox
from aistudio.studio import Studio
from aistudio.webhooks.sender import deliver_due
from tests.conftest import make_model
from tests.fakes.api import Account, account, api_client
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.webhook_receiver import Receiver, receiver

HOOKS = "/api/v1/webhooks"


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as made:
        yield made


@pytest.fixture
def sender() -> Iterator[httpx.Client]:
    with httpx.Client() as made:
        yield made


def _consent(client: TestClient, who: Account, model: str = "andie") -> None:
    assert client.post("/api/v1/models", json={"name": model}, headers=who.auth).is_success
    fields = {"kind": "synthetic", "scopes": "sfw", "attest_adult": "true"}
    made = client.post(
        f"/api/v1/models/{model}/consent",
        files={k: (None, v) for k, v in fields.items()},
        headers=who.auth,
    )
    assert made.status_code == 201, made.text


def _create(client: TestClient, who: Account, hook: Receiver, **body: object) -> dict[str, object]:
    made = client.post(HOOKS, json={"url": hook.url, **body}, headers=who.auth)
    assert made.status_code == 201, made.text
    created: dict[str, object] = made.json()
    hook.secret = str(created["secret"])
    return created


def test_endpoints_are_made_listed_changed_and_deleted_by_their_owner_only(
    studio: Studio, hook: Receiver
) -> None:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    client = api_client(studio)
    made = _create(client, alice, hook, events=["job.state", "consent.revoked"], description="ci")
    assert str(made["secret"]).startswith("whsec_")
    assert made["events"] == ["job.state", "consent.revoked"] and made["disabled_at"] is None
    url = f"{HOOKS}/{made['id']}"
    shown = client.get(url, headers=alice.auth).json()
    assert "secret" not in shown and shown["description"] == "ci"
    assert [e["id"] for e in client.get(HOOKS, headers=alice.auth).json()] == [made["id"]]
    assert client.get(HOOKS, headers=bob.auth).json() == []
    for method in ("GET", "PATCH", "DELETE"):
        kwargs = {"json": {"disabled": True}} if method == "PATCH" else {}
        assert client.request(method, url, headers=bob.auth, **kwargs).status_code == 404
    assert client.post(f"{url}/ping", headers=bob.auth).status_code == 404
    assert client.get(f"{url}/deliveries", headers=bob.auth).status_code == 404
    changed = client.patch(url, json={"events": ["*"], "disabled": True}, headers=alice.auth)
    assert changed.status_code == 200, changed.text
    assert changed.json()["events"] == ["*"] and changed.json()["disabled_at"] is not None
    again = client.patch(url, json={"disabled": False}, headers=alice.auth).json()
    assert again["disabled_at"] is None and again["events"] == ["*"]
    bad = client.post(HOOKS, json={"url": hook.url, "events": ["job.done"]}, headers=alice.auth)
    assert bad.status_code == 422
    ftp = client.post(HOOKS, json={"url": "ftp://example.com/x"}, headers=alice.auth)
    assert ftp.status_code == 422 and "http" in ftp.json()["detail"]
    assert client.delete(url, headers=alice.auth).status_code == 204
    assert client.get(url, headers=alice.auth).status_code == 404


def test_production_refuses_a_loopback_receiver_unless_allowed(
    studio: Studio, hook: Receiver
) -> None:
    alice = account(studio, "alice")
    strict = api_client(studio, environment="production")
    refused = strict.post(HOOKS, json={"url": hook.url}, headers=alice.auth)
    assert refused.status_code == 422 and "private" in refused.json()["detail"]
    allowed = api_client(studio, environment="production", webhook_private=True)
    assert allowed.post(HOOKS, json={"url": hook.url}, headers=alice.auth).status_code == 201


def test_revoking_consent_over_the_api_delivers_consent_revoked_and_the_log_shows_it(
    studio: Studio, hook: Receiver, sender: httpx.Client
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    made = _create(client, alice, hook, events=["consent.revoked"])
    _consent(client, alice)
    assert client.post("/api/v1/models/andie/consent/revoke", headers=alice.auth).is_success
    assert deliver_due(studio, sender) == 1
    (got,) = hook.verified()
    assert got.event["type"] == "consent.revoked" and got.event["data"]["model"] == "andie"
    log = client.get(f"{HOOKS}/{made['id']}/deliveries", headers=alice.auth)
    assert log.status_code == 200, log.text
    (delivery,) = log.json()["items"]
    assert delivery["id"] == got.headers["webhook-id"] and delivery["state"] == "delivered"
    assert delivery["payload"] == got.event
    (attempt,) = delivery["tries"]
    assert attempt["status_code"] == 200 and attempt["error"] is None
    assert attempt["duration_ms"] >= 0


def test_redelivery_sends_the_same_message_again_and_ping_ignores_the_filter(
    studio: Studio, hook: Receiver, sender: httpx.Client
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    made = _create(client, alice, hook, events=["lora.published"])
    pinged = client.post(f"{HOOKS}/{made['id']}/ping", headers=alice.auth)
    assert pinged.status_code == 202, pinged.text
    assert pinged.json()["state"] == "pending" and pinged.json()["event_type"] == "ping"
    assert deliver_due(studio, sender) == 1
    delivery = pinged.json()["id"]
    url = f"{HOOKS}/{made['id']}/deliveries/{delivery}/redeliver"
    again = client.post(url, headers=alice.auth)
    assert again.status_code == 202 and again.json()["state"] == "pending"
    assert len(again.json()["tries"]) == 1  # the first try stays in the log
    assert deliver_due(studio, sender) == 1
    assert [r.headers["webhook-id"] for r in hook.verified()] == [delivery, delivery]
    (shown,) = client.get(f"{HOOKS}/{made['id']}/deliveries", headers=alice.auth).json()["items"]
    assert shown["state"] == "delivered" and len(shown["tries"]) == 2
    other = _create(client, alice, hook)  # another endpoint of hers: not that delivery's
    wrong = f"{HOOKS}/{other['id']}/deliveries/{delivery}/redeliver"
    assert client.post(wrong, headers=alice.auth).status_code == 404


def test_the_delivery_log_pages_newest_first(studio: Studio, hook: Receiver) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    made = _create(client, alice, hook)
    ids = [client.post(f"{HOOKS}/{made['id']}/ping", headers=alice.auth).json()["id"]
           for _ in range(3)]  # fmt: skip
    url = f"{HOOKS}/{made['id']}/deliveries"
    first = client.get(url, params={"limit": 2}, headers=alice.auth).json()
    rest = client.get(url, params={"limit": 2, "after": first["next"]}, headers=alice.auth)
    seen = [d["id"] for d in first["items"]] + [d["id"] for d in rest.json()["items"]]
    assert seen == ids[::-1] and rest.json()["next"] is None


def test_a_job_state_change_delivers_job_state(
    studio: Studio,
    photos: dict[str, list[Path]],
    hook: Receiver,
    sender: httpx.Client,
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    prefect = FakePrefect()
    client.app.state.prefect = prefect.client()  # type: ignore[attr-defined]
    _create(client, alice, hook, events=["job.state"])
    assert client.post("/api/v1/models", json={"name": "andie"}, headers=alice.auth).is_success
    make_model(studio, photos, sources=1, targets=1, create=False)
    started = client.post(
        "/api/v1/models/andie/jobs", json={"provider": "fake", "category": "sfw"},
        headers=alice.auth,
    )  # fmt: skip
    assert started.status_code == 201, started.text
    job = started.json()["id"]
    (run,) = prefect.runs
    prefect.set(run, "RUNNING")
    assert client.get(f"/api/v1/jobs/{job}", headers=alice.auth).json()["state"] == "running"
    assert deliver_due(studio, sender) == 2
    states = sorted(r.event["data"]["state"] for r in hook.verified())
    assert states == ["queued", "running"]
    assert {r.event["data"]["job_id"] for r in hook.verified()} == {job}
    assert all(r.event["type"] == "job.state" for r in hook.verified())


def test_the_watcher_sends_while_the_app_serves_and_survives_a_failing_tick(
    studio: Studio, hook: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = account(studio, "alice")
    monkeypatch.delenv("PREFECT_API_URL", raising=False)  # no server: jobs are not refreshed
    failures = []
    real = watcher_module.deliver_due

    def flaky(*args: object, **kwargs: object) -> int:
        if not failures:
            failures.append(1)
            raise RuntimeError("the store went away for a moment")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watcher_module, "deliver_due", flaky)
    app = create_app(studio.settings, ApiSettings(watch_seconds=0.05))
    with TestClient(app) as client:
        _create(client, alice, hook)
        _consent(client, alice)
        assert client.post("/api/v1/models/andie/consent/revoke", headers=alice.auth).is_success
        (got,) = hook.wait_for(1)
        assert got.verified and got.event["type"] == "consent.revoked"
        watcher = app.state.watcher
        assert watcher._thread is not None and watcher._thread.is_alive()
    assert failures == [1] and watcher._thread is None  # stopped with the app


def test_the_known_event_types_are_the_ones_the_schema_offers() -> None:
    from typing import get_args

    from aistudio.api.schemas.webhooks import EventType

    assert set(get_args(EventType)) == {*outbox.EVENT_TYPES, outbox.ALL}


def test_the_watcher_sees_a_jobs_new_state_and_tells_the_receiver(
    studio: Studio, photos: dict[str, list[Path]], hook: Receiver
) -> None:
    alice = account(studio, "alice")
    prefect = FakePrefect()
    app = create_app(studio.settings, ApiSettings(watch_seconds=0.05))
    app.state.prefect = prefect.client()
    with TestClient(app) as client:
        _create(client, alice, hook, events=["job.state"])
        assert client.post("/api/v1/models", json={"name": "andie"}, headers=alice.auth).is_success
        make_model(studio, photos, sources=1, targets=1, create=False)
        started = client.post(
            "/api/v1/models/andie/jobs", json={"provider": "fake", "category": "sfw"},
            headers=alice.auth,
        )  # fmt: skip
        assert started.status_code == 201, started.text
        (run,) = prefect.runs
        prefect.set(run, "COMPLETED")  # no one asks the API about the job: the watcher looks
        got = hook.wait_for(2)
    # (Both may go in one tick, side by side: receivers order by the payload's timestamp.)
    assert sorted(r.event["data"]["state"] for r in got) == ["queued", "succeeded"]
    assert all(r.verified for r in got)
