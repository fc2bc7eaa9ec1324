"""A worker machine dies mid-run (SIGKILL of worker and run); the next run pays nothing twice.

The real path: a Prefect server, process-model deployed from prefect.yaml, a cpu worker running it
against the fake MaxStudio API (jobs that take a second) and S3 on moto.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from aistudio.studio import Studio
from tests.conftest import small_model
from tests.e2e.conftest import BIN, deploy, deployment_run, start_worker, stop_worker
from tests.fakes.maxstudio import ledger, serve
from tests.fakes.processes import kill_machine

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PARAMS = ("-p", "model=andie", "-p", "provider=maxstudio")
PASSED_ON = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")


def test_worker_killed_mid_run_then_a_new_run_resumes_without_paying_twice(
    server: dict[str, str],
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
) -> None:
    small_model(studio, small_photos, sources=4, targets=5)  # 20 pairs
    deploy(server)
    with serve(swap_latency=1.0, enhance_latency=0.5, max_concurrent=8, seed=11) as url:
        env = {
            **server,
            **{k: os.environ[k] for k in PASSED_ON},
            "AISTUDIO_S3_BUCKET": s3_bucket,
            "AISTUDIO_S3_PREFIX": "studio",
            "AISTUDIO_CONCURRENCY": "4",
            "MAXSTUDIO_BASE_URL": url,
            "MAXSTUDIO_API_KEY": "test-key",
            "MAXSTUDIO_MAX_CONCURRENT": "4",
            "MAXSTUDIO_POLL_INTERVAL": "0.1",
            "MAXSTUDIO_POLL_MAX_INTERVAL": "0.3",
        }
        first = start_worker(env)
        try:
            started = subprocess.run(
                [str(BIN / "prefect"), "deployment", "run", "process-model/default", *PARAMS],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert started.returncode == 0, started.stdout + started.stderr
            deadline = time.monotonic() + 180
            while len(ledger(url)["submitted"]) < 8:
                assert time.monotonic() < deadline, "the first run never got going"
                time.sleep(0.2)
        finally:
            killed = kill_machine(first)
        first_run = re.search(r"UUID: ([0-9a-f-]{36})", started.stdout)
        assert first_run, started.stdout
        at_kill = ledger(url)
        assert killed >= 2  # the worker and the flow run it started
        assert len(at_kill["submitted"]) < 40, "the run finished before the kill"
        second = start_worker(env)
        try:
            done = deployment_run(env, "model=andie", "provider=maxstudio")
        finally:
            stop_worker(second)
        billed = ledger(url)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    enhanced = list((studio.home / "models/andie/results/sfw").rglob("*-enhanced.jpg"))
    assert len(enhanced) == 20
    with sqlite3.connect(studio.home / "studio.db") as conn:
        recorded = {row[0] for row in conn.execute("select job_id from providerjob")}
        resumed = conn.execute(
            "select count(*) from providerjob j join output o on o.input_key = j.input_key "
            "where j.run_id != o.run_id"
        ).fetchone()[0]
    # Only a kill between the provider accepting a job and its journal write can lose one.
    unrecorded = [j for j in at_kill["submitted"] if j not in recorded]
    assert len(unrecorded) <= 1
    assert billed["swap"] + billed["enhance"] == 40 + len(unrecorded)
    assert resumed >= 1  # jobs paid for in the killed run were collected by the new one
    # The dead run does not stay Running in the dashboard: its heartbeats stopped, and the
    # automation deployments.setup created marks it Crashed.
    deadline = time.monotonic() + 240
    while (state := run_state(server, first_run.group(1)))["type"] != "CRASHED":
        assert time.monotonic() < deadline, f"the killed run is still {state['type']}"
        time.sleep(3)
    assert "heartbeat" in state["message"]


def run_state(env: dict[str, str], run_id: str) -> dict[str, str]:
    """A flow run's current state, from the server's API."""
    body = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{run_id}", timeout=10).json()
    return {"type": body["state"]["type"], "message": body["state"].get("message") or ""}
