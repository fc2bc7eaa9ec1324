"""Jobs over the API against an in-process Prefect API: idempotency, dry runs, limits, states,
cancel and retry, tenancy; events as a page, an SSE stream and a WebSocket, with replay."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from starlette.websockets import WebSocketDisconnect

from aistudio import processing
from aistudio.api import jobs
from aistudio.api.prefect_api import PrefectApi, PrefectError
from aistudio.api.routes import streams
from aistudio.db.api_tables import Job, StreamTicket
from aistudio.db.tables import utcnow
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import PASSWORD, Account, account, api_client
from tests.fakes.prefect_server import FakePrefect

pytestmark = pytest.mark.both_stores
BODY = {"provider": "fake", "category": "sfw"}


@pytest.fixture
def prefect() -> FakePrefect:
    return FakePrefect()


def _setup(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect, **settings: object
) -> tuple[TestClient, Account, Account]:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    client = api_client(studio, **settings)
    client.app.state.prefect = prefect.client()  # type: ignore[attr-defined]
    made = client.post("/api/v1/models", json={"name": "andie"}, headers=alice.auth)
    assert made.status_code == 201, made.text
    make_model(studio, photos, sources=2, targets=2, create=False)
    return client, alice, bob


def test_a_job_starts_a_flow_run_once_per_idempotency_key(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect)
    url, key = "/api/v1/models/andie/jobs", {"Idempotency-Key": "k1", **alice.auth}
    made = client.post(url, json=BODY, headers=key)
    assert made.status_code == 201, made.text
    job = made.json()
    assert job["state"] == "queued" and job["attempt"] == 1 and job["model"] == "andie"
    (run,) = prefect.runs.values()
    assert run["tags"] == [f"aistudio-job:{job['id']}"]
    assert run["parameters"] == {
        "model": "andie", "category": "sfw", "sources": None, "enhance": True,
        "provider": "fake", "budget_credits": None,
    }  # fmt: skip
    assert job["prefect_url"] == f"http://prefect.test/runs/flow-run/{run['id']}"
    again = client.post(url, json=BODY, headers=key)
    assert again.status_code == 200 and again.json()["id"] == job["id"]
    other = client.post(url, json={**BODY, "enhance": False}, headers=key)
    assert other.status_code == 409 and "different request" in other.json()["detail"]
    assert len(prefect.runs) == 1


def test_dry_run_and_estimates_start_nothing_and_mistakes_answer_4xx(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect)
    dry = client.post("/api/v1/models/andie/jobs?dry_run=true", json=BODY, headers=alice.auth)
    assert dry.status_code == 200, dry.text
    estimate = dry.json()["estimate"]
    assert estimate["credits"] == 48 and estimate["pairs"] == 4 and estimate["already_done"] == 0
    same = client.post("/api/v1/models/andie/estimates", json=BODY, headers=alice.auth)
    assert same.status_code == 200 and same.json() == estimate
    over = client.post(
        "/api/v1/models/andie/jobs", json={**BODY, "budget_credits": 10}, headers=alice.auth
    )
    assert over.status_code == 409 and "budget" in over.json()["detail"]
    wrong = client.post(
        "/api/v1/models/andie/jobs", json={**BODY, "sources": [9]}, headers=alice.auth
    )
    assert wrong.status_code == 422 and "no source number" in wrong.json()["detail"]
    assert (
        prefect.runs == {} and client.get("/api/v1/jobs", headers=alice.auth).json()["items"] == []
    )


def test_jobs_in_flight_are_limited_per_user(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect, jobs_in_flight=1)
    url = "/api/v1/models/andie/jobs"
    first = client.post(url, json=BODY, headers=alice.auth).json()
    refused = client.post(url, json=BODY, headers=alice.auth)
    assert refused.status_code == 429 and "limit is 1" in refused.json()["detail"]
    assert refused.headers["Retry-After"]
    prefect.set(first_run(prefect, first["id"]), "CRASHED")
    second = client.post(url, json=BODY, headers=alice.auth)
    assert second.status_code == 201
    again = client.post(f"/api/v1/jobs/{first['id']}/retry", headers=alice.auth)
    assert again.status_code == 429  # a retry is a job in flight too
    prefect.set(first_run(prefect, second.json()["id"]), "COMPLETED")
    assert client.post(f"/api/v1/jobs/{first['id']}/retry", headers=alice.auth).status_code == 200


def test_prefect_without_the_deployment_answers_503_and_keeps_no_job(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect)
    prefect.deployments.clear()
    key = {"Idempotency-Key": "k1", **alice.auth}
    refused = client.post("/api/v1/models/andie/jobs", json=BODY, headers=key)
    assert refused.status_code == 503 and "prefect deploy" in refused.json()["detail"]
    assert client.get("/api/v1/jobs", headers=alice.auth).json()["items"] == []
    prefect.deployments["process-model/default"] = "d1"
    assert client.post("/api/v1/models/andie/jobs", json=BODY, headers=key).status_code == 201


def first_run(prefect: FakePrefect, job_id: str) -> str:
    """The flow run made for a job (the newest, after retries)."""
    return str(
        [r["id"] for r in prefect.runs.values() if r["tags"] == [f"aistudio-job:{job_id}"]][-1]
    )


def test_states_follow_prefect_logged_once_then_cancel_and_retry(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect)
    job = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth).json()
    one = f"/api/v1/jobs/{job['id']}"
    prefect.set(first_run(prefect, job["id"]), "RUNNING")
    assert client.get(one, headers=alice.auth).json()["state"] == "running"
    assert client.get(one, headers=alice.auth).json()["state"] == "running"
    prefect.set(first_run(prefect, job["id"]), "CRASHED", "no heartbeat for 90 s")
    crashed = client.get(one, headers=alice.auth).json()
    assert crashed["state"] == "crashed" and crashed["state_message"] == "no heartbeat for 90 s"
    assert crashed["finished_at"] is not None
    assert client.post(f"{one}/cancel", headers=alice.auth).status_code == 409
    retried = client.post(f"{one}/retry", headers=alice.auth)
    assert retried.status_code == 200, retried.text
    assert retried.json()["attempt"] == 2 and retried.json()["state"] == "queued"
    assert (
        len(prefect.runs) == 2
        and len({json.dumps(r["parameters"]) for r in prefect.runs.values()}) == 1
    )
    assert client.post(f"{one}/retry", headers=alice.auth).status_code == 409  # queued
    cancelled = client.post(f"{one}/cancel", headers=alice.auth)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    log = client.get(f"{one}/events", headers=alice.auth).json()["items"]
    states = [(e["data"]["state"], e["data"]["attempt"]) for e in log if e["type"] == "state"]
    assert states == [
        ("queued", 1), ("running", 1), ("crashed", 1), ("queued", 2), ("cancelled", 2)
    ]  # fmt: skip
    listed = client.get("/api/v1/jobs?state=cancelled&model=andie", headers=alice.auth).json()
    assert [j["id"] for j in listed["items"]] == [job["id"]]
    assert client.get("/api/v1/jobs?state=running", headers=alice.auth).json()["items"] == []
    audit = client.get("/api/v1/models/andie/audit", headers=alice.auth).json()["items"]
    acted = [(e["action"], e["actor"]) for e in audit if e["action"].startswith("job.")]
    assert acted == [
        ("job.create", "api:alice"),
        ("job.retry", "api:alice"),
        ("job.cancel", "api:alice"),
    ]


def test_another_users_job_answers_404_on_every_route(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, bob = _setup(studio, photos, prefect)
    job = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth).json()
    one = f"/api/v1/jobs/{job['id']}"
    for method, path in [
        ("GET", one), ("POST", f"{one}/cancel"), ("POST", f"{one}/retry"),
        ("POST", f"{one}/tickets"), ("GET", f"{one}/events"), ("GET", f"{one}/stream"),
        ("POST", "/api/v1/models/andie/jobs"), ("POST", "/api/v1/models/andie/estimates"),
    ]:  # fmt: skip
        answer = client.request(method, path, headers=bob.auth, json=BODY)
        assert answer.status_code == 404, (method, path, answer.text)
    assert client.get(f"/api/v1/jobs?after={job['id']}", headers=bob.auth).status_code == 404
    assert client.get("/api/v1/jobs", headers=bob.auth).json()["items"] == []
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect(f"{one}/ws", headers=bob.auth) as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 1008
    assert [r["id"] for r in prefect.runs.values()] == [first_run(prefect, job["id"])]


def _run_job(studio: Studio, client: TestClient, alice: Account, prefect: FakePrefect) -> str:
    """A job whose run the library carries out here (as the flow would), then completes."""
    job = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth).json()
    plan = processing.plan_pairs(studio, model="andie", provider="fake", category="sfw")
    estimate = processing.estimate_cost(studio, plan=plan)
    run_id = processing.start_run(
        studio, plan=plan, estimate=estimate, budget=None, category="sfw", job=job["id"]
    )
    for pair in plan.pairs:
        processing.process_pair(studio, run_id=run_id, pair=pair, tries=1)
    processing.finish_run(studio, run_id=run_id)
    prefect.set(first_run(prefect, job["id"]), "COMPLETED")
    return str(job["id"])


def _sse(client: TestClient, url: str, **headers: str) -> list[dict[str, object]]:
    with client.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    out = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "id" in fields:
            assert json.loads(fields["data"])["seq"] == int(fields["id"])
            out.append({"id": int(fields["id"]), "event": fields["event"]})
    return out


def test_sse_and_websocket_replay_after_the_last_event_and_end_with_the_job(
    studio: Studio,
    photos: dict[str, list[Path]],
    prefect: FakePrefect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streams, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(streams, "REFRESH_SECONDS", 0.0)
    client, alice, _ = _setup(studio, photos, prefect)
    job_id = _run_job(studio, client, alice, prefect)
    url = f"/api/v1/jobs/{job_id}"
    seen = _sse(client, f"{url}/stream", **alice.auth)
    kinds = [e["event"] for e in seen]
    assert kinds == ["state", "run", "pair", "pair", "pair", "pair", "summary", "state"]
    assert [e["id"] for e in seen] == list(range(1, 9))
    resumed = _sse(client, f"{url}/stream", **{"Last-Event-ID": "5", **alice.auth})
    assert [e["id"] for e in resumed] == [6, 7, 8]
    messages = []
    with (
        client.websocket_connect(f"{url}/ws?after=3", headers=alice.auth) as ws,
        pytest.raises(WebSocketDisconnect),
    ):
        while True:
            messages.append(ws.receive_json())
    assert [m["seq"] for m in messages] == [4, 5, 6, 7, 8]
    assert messages[-1]["data"]["state"] == "succeeded"
    assert messages[0]["data"]["done"] == 2 and messages[0]["data"]["total"] == 4
    page = client.get(f"{url}/events?after=2&limit=3", headers=alice.auth).json()
    assert [e["seq"] for e in page["items"]] == [3, 4, 5] and page["next"] == "5"
    read = client.get(url, headers=alice.auth).json()
    assert read["state"] == "succeeded" and read["pairs_done"] == read["pairs_total"] == 4
    assert read["credits"] == 48 and read["estimate_credits"] == 48


def test_stream_tickets_open_one_jobs_streams_until_they_expire(
    studio: Studio,
    photos: dict[str, list[Path]],
    prefect: FakePrefect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streams, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(streams, "REFRESH_SECONDS", 0.0)
    client, alice, _ = _setup(studio, photos, prefect, jobs_in_flight=5)
    job_id = _run_job(studio, client, alice, prefect)
    other = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth).json()["id"]
    made = client.post(f"/api/v1/jobs/{job_id}/tickets", headers=alice.auth)
    assert made.status_code == 201
    ticket = made.json()["ticket"]
    assert len(_sse(client, f"/api/v1/jobs/{job_id}/stream?ticket={ticket}")) == 8
    with client.websocket_connect(f"/api/v1/jobs/{job_id}/ws?ticket={ticket}&after=7") as ws:
        assert ws.receive_json()["seq"] == 8
    wrong = client.get(f"/api/v1/jobs/{other}/stream?ticket={ticket}")
    assert wrong.status_code == 401 and "ticket" in wrong.json()["detail"]
    assert client.get(f"/api/v1/jobs/{job_id}/stream").status_code == 401
    with studio.session() as session:
        session.exec(update(StreamTicket).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = client.get(f"/api/v1/jobs/{job_id}/stream?ticket={ticket}")
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]


def test_a_signed_in_browser_streams_with_its_cookie_from_its_own_origin_only(
    studio: Studio,
    photos: dict[str, list[Path]],
    prefect: FakePrefect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streams, "POLL_SECONDS", 0.01)
    client, alice, _ = _setup(studio, photos, prefect)
    job_id = _run_job(studio, client, alice, prefect)
    signed = client.post("/api/v1/session", json={"name": "alice", "password": PASSWORD})
    jar = {"Cookie": f"aistudio_session={signed.cookies['aistudio_session']}"}
    client.cookies.clear()
    assert len(_sse(client, f"/api/v1/jobs/{job_id}/stream", **jar)) == 8
    url = f"/api/v1/jobs/{job_id}/ws?after=7"
    with client.websocket_connect(url, headers={**jar, "Origin": "http://testserver"}) as ws:
        assert ws.receive_json()["seq"] == 8
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect(url, headers={**jar, "Origin": "https://evil.example"}) as ws,
    ):
        ws.receive_json()
    assert refused.value.code == 1008


def test_two_api_processes_seeing_one_change_log_it_once(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect)
    job_id = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth).json()["id"]
    with studio.read() as session:  # what each process read before either stored the change
        here, there = session.get(Job, job_id), session.get(Job, job_id)
    assert here is not None and there is not None
    there = there.model_copy()
    prefect.set(first_run(prefect, job_id), "RUNNING")
    jobs.refresh(studio, prefect.client(), [here])
    jobs.refresh(studio, prefect.client(), [there])
    log = client.get(f"/api/v1/jobs/{job_id}/events", headers=alice.auth).json()["items"]
    assert [e["data"]["state"] for e in log] == ["queued", "running"]


def test_the_prefect_client_honours_prefect_api_url_and_auth_string(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "r1", "state": {"type": "RUNNING"}})

    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api/")
    monkeypatch.setenv("PREFECT_API_AUTH_STRING", "admin:s3cret-pass")
    client = PrefectApi(transport=httpx.MockTransport(server))
    assert client.flow_run("r1").state_type == "RUNNING"
    assert str(seen[0].url) == "http://prefect.example:4200/api/flow_runs/r1"
    assert seen[0].headers["authorization"] == "Basic YWRtaW46czNjcmV0LXBhc3M="
    assert client.ui_url("r1") == "http://prefect.example:4200/runs/flow-run/r1"
    monkeypatch.delenv("PREFECT_API_URL")
    with pytest.raises(PrefectError, match="set PREFECT_API_URL"):
        PrefectApi()


def test_a_job_whose_flow_run_was_never_made_fails_and_can_be_retried(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect, jobs_in_flight=1)
    job_id = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth).json()["id"]
    with studio.session() as session:  # as if its API process died before Prefect answered
        session.exec(update(Job).values(flow_run_id=None))
    assert client.get(f"/api/v1/jobs/{job_id}", headers=alice.auth).json()["state"] == "queued"
    with studio.session() as session:
        session.exec(update(Job).values(updated_at=utcnow() - jobs.START_GRACE))
    read = client.get(f"/api/v1/jobs/{job_id}", headers=alice.auth).json()
    assert read["state"] == "failed" and "never created" in read["state_message"]
    assert client.post(f"/api/v1/jobs/{job_id}/retry", headers=alice.auth).status_code == 200


def test_a_busy_prefect_is_asked_again_and_a_lost_answer_makes_no_second_run(
    studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    client, alice, _ = _setup(studio, photos, prefect)
    prefect.busy = 1  # refused before making a run: the second try makes it
    first = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth)
    assert first.status_code == 201, first.text
    prefect.lost = 1  # made, but the answer was lost: the second try finds the same run
    second = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth)
    assert second.status_code == 201, second.text
    runs = list(prefect.runs.values())
    assert len(runs) == 2, runs
    assert [r["idempotency_key"] for r in runs] == [
        f"aistudio-job:{first.json()['id']}:1", f"aistudio-job:{second.json()['id']}:1",
    ]  # fmt: skip
    prefect.busy = 3  # busy beyond the retries: 503, and no job is left behind
    refused = client.post("/api/v1/models/andie/jobs", json=BODY, headers=alice.auth)
    assert refused.status_code == 503, refused.text
    assert len(client.get("/api/v1/jobs", headers=alice.auth).json()["items"]) == 2
