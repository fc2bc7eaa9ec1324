"""Webhooks in the library: the outbox queues what happens for the endpoints that want it, the
sender signs (a real receiver on loopback verifies with the Standard Webhooks library), retries
with backoff, logs each try, and never posts one try twice; URLs are checked."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from aistudio.consent.records import revoke_consent, set_consent
from aistudio.core.errors import UserError
from aistudio.db import events, outbox, queries
from aistudio.db.api_tables import Job, WebhookAttempt, WebhookDelivery
from aistudio.db.tables import utcnow
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from aistudio.webhooks import endpoints, sender
from aistudio.webhooks.rules import SendRules
from aistudio.webhooks.sender import deliver_due
from tests.fakes.api import account
from tests.fakes.webhook_receiver import Receiver, receiver

FAST = SendRules(backoff=(0.01, 0.01), timeout=5)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as made:
        yield made


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as made:
        yield made


def _owner(studio: Studio, name: str = "alice", model: str = "andie") -> int:
    who = account(studio, name)
    create_model(studio, model, owner_id=who.id)
    return who.id


def _endpoint(studio: Studio, owner: int, url: str, events: str = "*") -> endpoints.NewEndpoint:
    with studio.session() as session:
        return endpoints.create_endpoint(
            session, owner_id=owner, url=url, events=events, allow_private=True
        )


def _job(studio: Studio, owner: int, model: str = "andie") -> str:
    job_id = uuid.uuid4().hex
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        session.add(
            Job(
                id=job_id,
                owner_id=owner,
                model_id=model_id,
                kind="train",
                params_json="{}",
                deployment="train-lora/default",
            )
        )
    return job_id


def _deliveries(studio: Studio) -> list[WebhookDelivery]:
    with studio.read() as session:
        return list(session.exec(select(WebhookDelivery)).all())


def _due_later(seconds: float = 1.0) -> datetime:
    return utcnow() + timedelta(seconds=seconds)


def test_a_revoked_consent_reaches_a_receiver_that_verifies_its_signature(
    studio: Studio, client: httpx.Client, hook: Receiver
) -> None:
    owner = _owner(studio)
    made = _endpoint(studio, owner, hook.url)
    hook.secret = made.secret
    assert made.secret.startswith("whsec_") and len(Webhook(made.secret)._whsecret) == 24
    set_consent(studio, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
    record = revoke_consent(studio, "andie", actor="api:alice")
    (delivery,) = _deliveries(studio)
    assert delivery.id.startswith("msg_") and delivery.state == "pending"
    assert deliver_due(studio, client, rules=FAST) == 1
    (got,) = hook.verified()
    assert got.headers["webhook-id"] == delivery.id
    assert got.event["type"] == "consent.revoked"
    assert got.event["data"]["model"] == "andie"
    assert got.event["data"]["record_hash"] == record.record_hash
    assert {"type", "timestamp", "data"} == set(got.event)
    (after,) = _deliveries(studio)
    assert (after.state, after.attempts, after.last_status) == ("delivered", 1, 200)
    assert after.next_attempt_at is None and after.delivered_at is not None
    assert deliver_due(studio, client, rules=FAST) == 0  # nothing left to send


def test_a_receiver_that_answers_500_twice_gets_the_event_on_the_third_try(
    studio: Studio, client: httpx.Client, hook: Receiver
) -> None:
    owner = _owner(studio)
    hook.secret = _endpoint(studio, owner, hook.url).secret
    hook.script = [500, 500]
    job = _job(studio, owner)
    with studio.session() as session:
        events.append(session, job, "state", state="running", attempt=1)
    assert deliver_due(studio, client, rules=FAST) == 1
    (first,) = _deliveries(studio)
    assert (first.state, first.attempts, first.last_status) == ("pending", 1, 500)
    assert first.next_attempt_at is not None
    # Not due until its backoff has passed.
    assert deliver_due(studio, client, now=utcnow() - timedelta(seconds=5), rules=FAST) == 0
    for _ in range(2):
        assert deliver_due(studio, client, now=_due_later(), rules=FAST) == 1  # type: ignore[arg-type]
    assert [r.answered for r in hook.got] == [500, 500, 200]
    assert all(r.verified for r in hook.got)
    assert len({r.headers["webhook-id"] for r in hook.got}) == 1  # one message, three tries
    event = hook.got[-1].event
    assert event["type"] == "job.state"
    assert event["data"] == {
        "job_id": job, "kind": "train", "model": "andie", "state": "running", "attempt": 1
    }  # fmt: skip
    (done,) = _deliveries(studio)
    assert (done.state, done.attempts) == ("delivered", 3)
    with studio.read() as session:
        tries = session.exec(select(WebhookAttempt).order_by(WebhookAttempt.id)).all()  # type: ignore[arg-type]
    assert [t.status_code for t in tries] == [500, 500, 200]
    assert tries[0].error == "answered 500" and tries[2].error is None


def test_a_delivery_fails_when_its_tries_run_out_and_an_unreachable_one_logs_why(
    studio: Studio, client: httpx.Client, hook: Receiver
) -> None:
    owner = _owner(studio)
    hook.secret = _endpoint(studio, owner, hook.url).secret
    hook.script = [503, 503, 503]
    with studio.session() as session:
        endpoints.ping(session, endpoints.list_endpoints(session, owner)[0])
    for _ in range(3):
        deliver_due(studio, client, now=_due_later(), rules=FAST)
    (failed,) = _deliveries(studio)
    assert (failed.state, failed.attempts, failed.next_attempt_at) == ("failed", 3, None)
    assert len(hook.got) == 3  # 1 + len(backoff) tries, no more
    # Nothing listens on port 9: the try is logged with the error, and retried later.
    dead = _endpoint(studio, owner, "http://127.0.0.1:9/hook")
    with studio.session() as session:
        row = endpoints.ping(session, endpoints.owned_endpoint(session, owner, dead.endpoint.id))  # type: ignore[arg-type]
    deliver_due(studio, client, rules=FAST)
    with studio.read() as session:
        missed = session.get(WebhookDelivery, row.id)
        assert missed is not None and missed.state == "pending"
        assert missed.last_status is None and "ConnectError" in (missed.last_error or "")


def test_a_forged_signature_is_what_the_receivers_check_rejects(
    studio: Studio, client: httpx.Client, hook: Receiver
) -> None:
    owner = _owner(studio)
    hook.secret = _endpoint(studio, owner, hook.url).secret
    item = sender.Claimed(id="msg_1", attempts=0, payload='{"type":"ping"}', url=hook.url,
                          secret=hook.secret, disabled=False)  # fmt: skip
    signed = sender.headers(item, utcnow())
    assert client.post(hook.url, content=item.payload, headers=signed).status_code == 200
    # Another secret, a changed body, a replayed old timestamp: each is refused.
    forged = sender.headers(
        sender.Claimed(**{**item.__dict__, "secret": endpoints.new_secret()}), utcnow()
    )
    assert client.post(hook.url, content=item.payload, headers=forged).status_code == 400
    changed = '{"type":"lora.published"}'
    assert client.post(hook.url, content=changed, headers=signed).status_code == 400
    old = sender.headers(item, utcnow() - timedelta(minutes=10))
    assert client.post(hook.url, content=item.payload, headers=old).status_code == 400
    assert [r.verified for r in hook.got] == [True, False, False, False]
    with pytest.raises(WebhookVerificationError):
        Webhook(hook.secret).verify(changed, signed)


def test_the_event_filter_disabled_endpoints_and_owners_decide_who_hears(
    studio: Studio, client: httpx.Client, hook: Receiver
) -> None:
    alice = _owner(studio)
    bob = _owner(studio, "bob", "bobbie")
    create_model(studio, "cli-made")  # no owner: no one to tell
    consent_only = _endpoint(studio, alice, hook.url, "consent.revoked").endpoint
    everything = _endpoint(studio, alice, hook.url).endpoint
    off = _endpoint(studio, alice, hook.url).endpoint
    bobs = _endpoint(studio, bob, hook.url).endpoint
    job = _job(studio, alice)
    with studio.session() as session:
        endpoints.update_endpoint(session, off, disabled=True, allow_private=True)
        events.append(session, job, "progress", step=1, steps=10)  # no webhook
        events.append(session, job, "checkpoint", step=5, samples=["u"])
    for name in ("andie", "cli-made"):
        set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True)
        revoke_consent(studio, name)
    got = sorted((d.endpoint_id, d.event_type) for d in _deliveries(studio))
    assert got == sorted(
        [
            (consent_only.id, "consent.revoked"),
            (everything.id, "checkpoint.ready"),
            (everything.id, "consent.revoked"),
        ]
    )
    assert bobs.id not in {d.endpoint_id for d in _deliveries(studio)}
    with studio.session() as session:
        assert not outbox.emit(session, None, "consent.revoked", {})
    assert endpoints.parse_events(["lora.published", "job.state"]) == "job.state,lora.published"
    assert endpoints.parse_events("*,job.state") == "*"
    with pytest.raises(UserError, match="unknown webhook event"):
        endpoints.parse_events(["job.done"])


@pytest.mark.both_stores
def test_two_senders_at_once_post_each_try_once(studio: Studio, hook: Receiver) -> None:
    owner = _owner(studio)
    hook.secret = _endpoint(studio, owner, hook.url).secret
    with studio.session() as session:
        endpoint = endpoints.list_endpoints(session, owner)[0]
        for _ in range(6):
            endpoints.ping(session, endpoint)
    clients = [httpx.Client(), httpx.Client()]
    counts: list[int] = []
    start = threading.Barrier(2)

    def run(c: httpx.Client) -> None:
        start.wait()
        counts.append(deliver_due(studio, c, rules=FAST))

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for c in clients:
        c.close()
    assert sum(counts) == 6
    assert sorted(r.headers["webhook-id"] for r in hook.got) == sorted(
        d.id for d in _deliveries(studio)
    )  # each once
    assert {d.state for d in _deliveries(studio)} == {"delivered"}


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/h", "http://localhost:8000/h", "http://10.1.2.3/h", "http://[::1]/h",
     "http://169.254.169.254/latest", "http://[::ffff:192.168.0.1]/h", "http://0.0.0.0/h"],
)  # fmt: skip
def test_production_refuses_private_receivers(url: str) -> None:
    assert endpoints.check_url(url, allow_private=True) == url
    with pytest.raises(UserError, match="private"):
        endpoints.check_url(url, allow_private=False)


def test_urls_must_be_http_with_a_host_and_public_ones_pass() -> None:
    for bad in ("ftp://example.com/h", "file:///etc/passwd", "http:///h", "example.com"):
        with pytest.raises(UserError, match="http"):
            endpoints.check_url(bad, allow_private=True)
    assert endpoints.check_url("https://93.184.215.14/h", allow_private=False)


def test_the_sender_refuses_a_private_receiver_when_not_allowed(
    studio: Studio, client: httpx.Client, hook: Receiver
) -> None:
    owner = _owner(studio)
    hook.secret = _endpoint(studio, owner, hook.url).secret  # made in development
    with studio.session() as session:
        endpoints.ping(session, endpoints.list_endpoints(session, owner)[0])
    deliver_due(studio, client, rules=SendRules(allow_private=False))
    (held,) = _deliveries(studio)
    assert hook.got == [] and "private address: not sent" in (held.last_error or "")


@pytest.mark.slow
def test_a_published_lora_is_announced_to_its_models_owner(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from aistudio import dataset
    from aistudio.training import TrainParams, show_lora, train_model
    from tests.fakes.datasets import processed
    from tests.fakes.sd import shared_sd15

    base = shared_sd15(tmp_path_factory.getbasetemp())
    name = processed(studio, tmp_path)
    alice = account(studio, "alice")
    with studio.session() as session:  # as if made over the API
        model = queries.get_model(session, name=name)
        model.owner_id = alice.id
        session.add(model)
    made = _endpoint(studio, alice.id, "http://127.0.0.1:9/hook", "lora.published").endpoint
    dataset.build_dataset(studio, name)
    params = TrainParams(family="sd15", rank=4, alpha=2, steps=2, lr=1e-3, resolution=32,
                         checkpoint_every=2, seed=3, samples=0, sample_steps=2)  # fmt: skip
    train_model(studio, name, str(base), params, device="cpu", unreviewed=True)
    info = show_lora(studio, name)
    (delivery,) = _deliveries(studio)
    assert delivery.endpoint_id == made.id and delivery.event_type == "lora.published"
    data = json.loads(delivery.payload_json)["data"]
    assert data == {
        "model": name, "version": info.version, "step": info.best_step, "family": "sd15",
        "sha256": info.file_sha256, "size": info.file_size,
    }  # fmt: skip
