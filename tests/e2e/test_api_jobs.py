"""A 20-pair job through the API on a real Prefect server and worker: an SSE client and a
WebSocket client follow it, each dropping and resuming once; the worker machine dies mid-run,
the job reads `crashed` by itself, a retry resumes it and no operation is paid twice."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import select
from websockets.sync.client import connect

from aistudio.core.config import load_model_config, save_model_config
from aistudio.db import events
from aistudio.db.api_tables import JobEvent
from aistudio.db.tables import LedgerEntry
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.e2e.conftest import deploy, start_worker, stop_worker
from tests.fakes.api import Account, account
from tests.fakes.processes import kill_machine
from tests.fakes.serving import serve_api

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

Event = dict[str, Any]
Photos = dict[str, list[Path]]


class Follower(threading.Thread):
    """A stream client: follows a job until it succeeds, dropping the stream once on purpose
    after its third pair event and resuming from the last event it got."""

    def __init__(self, base: str, job: str, key: Account, kind: str) -> None:
        super().__init__(daemon=True, name=kind)
        self.base, self.job, self.auth, self.kind = base, job, key.auth, kind
        self.seen: list[Event] = []
        self.connections = 0
        self.dropped = False
        self.error: BaseException | None = None

    @property
    def last(self) -> int:
        return int(self.seen[-1]["seq"]) if self.seen else 0

    def take(self, event: Event) -> bool:
        """Keep an event; True when the connection is to be dropped now."""
        self.seen.append(event)
        pairs = sum(1 for e in self.seen if e["type"] == "pair")
        if pairs == 3 and not self.dropped:
            self.dropped = True
            return True
        return False

    def done(self) -> bool:
        states = [e for e in self.seen if e["type"] == "state"]
        return bool(states) and states[-1]["data"]["state"] == "succeeded"

    def run(self) -> None:
        deadline = time.monotonic() + 600
        try:
            while not self.done() and time.monotonic() < deadline:
                self.connections += 1
                (self.sse if self.kind == "sse" else self.ws)()
                time.sleep(0.5)
        except BaseException as exc:  # handed to the test
            self.error = exc

    def sse(self) -> None:
        headers = {**self.auth, **({"Last-Event-ID": str(self.last)} if self.seen else {})}
        url = f"{self.base}/api/v1/jobs/{self.job}/stream"
        timeout = httpx.Timeout(10, read=60)
        with httpx.stream("GET", url, headers=headers, timeout=timeout) as response:
            assert response.status_code == 200, response.read()
            data = ""
            for line in response.iter_lines():
                if line.startswith("data: "):
                    data = line.removeprefix("data: ")
                elif line == "" and data:
                    event, data = json.loads(data), ""
                    if self.take(event):
                        return

    def ws(self) -> None:
        url = f"{self.base.replace('http', 'ws', 1)}/api/v1/jobs/{self.job}/ws?after={self.last}"
        with connect(url, additional_headers=self.auth, open_timeout=10) as socket:
            for message in socket:
                if self.take(json.loads(message)):
                    return


def small_model(
    client: httpx.Client, studio: Studio, photos: Photos, sources: int, targets: int
) -> None:
    """The caller's model andie with 256 px photos (thresholds lowered to take them)."""
    made = client.post("/api/v1/models", json={"name": "andie"})
    assert made.status_code == 201, made.text
    config = studio.home / "models/andie/config.json"
    cfg = load_model_config(config)
    cfg.thresholds.min_side = 200
    save_model_config(config, cfg)
    make_model(studio, photos, sources=sources, targets=targets, create=False)


def pair_events(studio: Studio, job: str) -> int:
    with studio.read() as session:
        return int(
            session.exec(
                select(func.count())
                .select_from(JobEvent)
                .where(JobEvent.job_id == job, JobEvent.type == "pair")
            ).one()
        )


def wait_state(client: httpx.Client, job: str, state: str, within: float) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while (read := client.get(f"/api/v1/jobs/{job}").json())["state"] != state:
        assert time.monotonic() < deadline, f"the job is {read['state']}, not {state}: {read}"
        time.sleep(2)
    return dict(read)


def test_streams_miss_nothing_and_a_crashed_job_reads_crashed_then_resumes_on_retry(
    server: dict[str, str], studio: Studio, small_photos: Photos
) -> None:
    alice = account(studio, "alice")
    deploy(server)
    worker: subprocess.Popen[bytes] | None = None
    with serve_api(studio) as base:
        client = httpx.Client(base_url=base, headers=alice.auth, timeout=30)
        small_model(client, studio, small_photos, sources=4, targets=5)  # 20 pairs
        try:
            worker = start_worker({**server, "AISTUDIO_CONCURRENCY": "2"})
            started = client.post("/api/v1/models/andie/jobs", json={"category": "sfw"})
            assert started.status_code == 201, started.text
            job = started.json()["id"]
            followers = [Follower(base, job, alice, "sse"), Follower(base, job, alice, "ws")]
            for f in followers:
                f.start()
            deadline = time.monotonic() + 300
            while pair_events(studio, job) < 6:
                assert time.monotonic() < deadline, "the job never got going"
                time.sleep(0.1)
            kill_machine(worker)
            worker = None
            assert pair_events(studio, job) < 20, "the run finished before the kill"
            # No one touches the job: Prefect's zombie automation crashes the run.
            crashed = wait_state(client, job, "crashed", within=300)
            assert "heartbeat" in (crashed["state_message"] or "")
            worker = start_worker(server)
            retried = client.post(f"/api/v1/jobs/{job}/retry")
            assert retried.status_code == 200, retried.text
            assert retried.json()["attempt"] == 2
            done = wait_state(client, job, "succeeded", within=300)
            for f in followers:
                f.join(60)
        finally:
            if worker is not None:
                stop_worker(worker)
    with studio.read() as session:
        log = list(events.since(session, job, 0, 1000))
        ledger = session.exec(select(LedgerEntry)).all()
    for f in followers:
        assert f.error is None, f"{f.kind}: {f.error!r}"
        assert [e["seq"] for e in f.seen] == [e.seq for e in log], f.kind  # no gap, no repeat
        # Its own drop (a stream may also end at `crashed`, or run on into the retry).
        assert f.dropped and f.connections >= 2, f.kind
    planned = {f"s{s}-t{t:03d}-sfw" for s in range(1, 5) for t in range(1, 6)}
    last_run = [events.data(e) for e in log if e.type == "run"][-1]["run"]
    assert {events.data(e)["pair"] for e in log if e.type == "pair"} == planned
    finals = [events.data(e) for e in log if e.type == "pair" and events.data(e)["run"] == last_run]
    assert len(finals) == 20 and finals[-1]["done"] == 20
    states = [events.data(e)["state"] for e in log if e.type == "state"]
    assert "crashed" in states and states[-1] == "succeeded"
    summary = [events.data(e) for e in log if e.type == "summary"][-1]
    assert summary["done"] == 20 and summary["cached"] >= 1  # the first attempt's work reused
    assert done["pairs_done"] == 20 and done["attempt"] == 2
    booked = [(e.op, e.input_key) for e in ledger]
    assert len(booked) == len(set(booked)) == 40  # 20 swaps and 20 enhances, each paid once


@pytest.mark.both_stores
def test_a_job_started_through_one_api_process_streams_through_another(
    server: dict[str, str], studio: Studio, small_photos: Photos
) -> None:
    alice = account(studio, "alice")
    deploy(server)
    # The worker writes to the store the API processes read (PostgreSQL: by its URL).
    store = {k: v for k, v in os.environ.items() if k == "AISTUDIO_DATABASE_URL"}
    worker = start_worker({**server, **store})
    try:
        with serve_api(studio) as one, serve_api(studio) as other:
            client = httpx.Client(base_url=one, headers=alice.auth, timeout=30)
            small_model(client, studio, small_photos, sources=2, targets=3)  # 6 pairs
            started = client.post("/api/v1/models/andie/jobs", json={"category": "sfw"})
            assert started.status_code == 201, started.text
            job = started.json()["id"]
            followers = [Follower(other, job, alice, "sse"), Follower(other, job, alice, "ws")]
            for f in followers:
                f.start()
            for f in followers:
                f.join(300)
            read = httpx.get(f"{other}/api/v1/jobs/{job}", headers=alice.auth, timeout=30).json()
    finally:
        stop_worker(worker)
    assert read["state"] == "succeeded" and read["pairs_done"] == 6
    with studio.read() as session:
        log = [e.seq for e in events.since(session, job, 0, 1000)]
    for f in followers:
        assert f.error is None, f"{f.kind}: {f.error!r}"
        assert [e["seq"] for e in f.seen] == log and f.dropped, f.kind
        assert len({e["data"]["pair"] for e in f.seen if e["type"] == "pair"}) == 6, f.kind
