"""Trainings through the API on a real Prefect server and gpu worker (a tiny SD 1.5 base built
from config): a training whose worker is killed mid-run reads `crashed`, and its retry resumes
to the very weights of a run never stopped; two trainings queued on the one-slot gpu pool run
one after the other, in the order the owner set."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from sqlalchemy import update
from sqlmodel import col, select

from aistudio import captions, dataset
from aistudio.db import events
from aistudio.db.tables import LoraVersion, Model
from aistudio.studio import Studio
from aistudio.training import TrainParams, train
from aistudio.training.loop import LORA_FILE
from aistudio.training.run import face_boxes
from tests.e2e.conftest import deploy, start_worker, stop_worker
from tests.fakes.api import Account, account
from tests.fakes.datasets import processed
from tests.fakes.processes import kill_machine
from tests.fakes.sd import shared_sd15
from tests.fakes.serving import serve_api

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TINY = {"rank": 4, "resolution": 32, "samples": 0, "seed": 3}


def _persona(studio: Studio, tmp_path: Path) -> tuple[Account, str]:
    """alice's model with a reviewed sd15 dataset version."""
    alice = account(studio, "alice")
    name = processed(studio, tmp_path)
    with studio.session() as session:
        session.execute(update(Model).where(col(Model.name) == name).values(owner_id=alice.id))
    dataset.build_dataset(studio, name, family="sd15")
    captions.caption_dataset(studio, name)
    captions.approve(studio, name)
    return alice, name


def _gpu_worker(server: dict[str, str], base: Path) -> subprocess.Popen[bytes]:
    # The killed run's hold on the gpu slot lapses after a minute (Prefect's least), not 5.
    env = {**server, "AISTUDIO_SD15_BASE": str(base), "AISTUDIO_GPU_LEASE_SECONDS": "60"}
    return start_worker(env, "gpu", log=Path(server["AISTUDIO_HOME"]).parent / "gpu-worker.log")


def _why(client: httpx.Client, studio: Studio, job: str) -> str:
    """The job, its events and the worker's log: what a failure message needs."""
    with studio.read() as session:
        log = [(e.type, e.data_json) for e in events.since(session, job, 0, 10_000)]
    worker = Path(studio.home).parent / "gpu-worker.log"
    tail = worker.read_text(errors="replace")[-4000:] if worker.is_file() else ""
    return f"{client.get(f'/api/v1/jobs/{job}').json()}\n{log[-10:]}\n{tail}"


def _wait(
    client: httpx.Client, studio: Studio, job: str, state: str, within: float
) -> dict[str, Any]:
    """The job once it reads `state` (fails at once if it fails)."""
    started = time.monotonic()
    deadline = time.monotonic() + within
    while (read := client.get(f"/api/v1/jobs/{job}").json())["state"] != state:
        assert read["state"] not in {"failed", "cancelled"}, _why(client, studio, job)
        assert time.monotonic() < deadline, f"the job is {read['state']}, not {state}: {read}"
        time.sleep(1)
    print(f"job {job[:8]} {state} after {time.monotonic() - started:.0f} s")
    return dict(read)


def _step(studio: Studio, job: str) -> int:
    with studio.read() as session:
        latest = events.latest(session, job, "progress")
    return int(events.data(latest)["step"]) if latest is not None else 0


@pytest.mark.timeout(900)  # most of it Prefect's heartbeat window and the slot's lease
def test_a_killed_training_reads_crashed_and_its_retry_ends_with_the_unstopped_weights(
    server: dict[str, str],
    studio: Studio,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from safetensors.torch import load_file

    base = shared_sd15(tmp_path_factory.getbasetemp())
    alice, name = _persona(studio, tmp_path)
    deploy(server)
    params = {**TINY, "steps": 400, "checkpoint_every": 50}
    worker: subprocess.Popen[bytes] | None = _gpu_worker(server, base)
    with serve_api(studio) as url:
        client = httpx.Client(base_url=url, headers=alice.auth, timeout=30)
        try:
            started = client.post(f"/api/v1/models/{name}/trainings", json={"params": params})
            assert started.status_code == 201, started.text
            job = started.json()["id"]
            deadline = time.monotonic() + 300
            while _step(studio, job) < 120:  # past the checkpoints of steps 50 and 100
                assert time.monotonic() < deadline, _why(client, studio, job)
                if _step(studio, job) == 0 and time.monotonic() > deadline - 290:
                    state = client.get(f"/api/v1/jobs/{job}").json()["state"]
                    assert state in {"queued", "running"}, _why(client, studio, job)
                time.sleep(0.05)
            assert worker is not None
            kill_machine(worker)
            worker = None
            killed_at = _step(studio, job)
            assert killed_at < 400, "the training ended before the kill"
            crashed = _wait(client, studio, job, "crashed", within=300)
            assert "heartbeat" in (crashed["state_message"] or "")
            worker = _gpu_worker(server, base)
            retried = client.post(f"/api/v1/jobs/{job}/retry")
            assert retried.status_code == 200, retried.text
            done = _wait(client, studio, job, "succeeded", within=300)
        finally:
            if worker is not None:
                stop_worker(worker)
    assert done["attempt"] == 2 and done["progress"]["step"] == 400
    with studio.read() as session:
        log = [(e.type, events.data(e)) for e in events.since(session, job, 0, 10_000)]
        (version,) = session.exec(select(LoraVersion)).all()
    retry = next(i for i, (t, d) in enumerate(log) if t == "state" and d.get("retry"))
    first = next(d["step"] for t, d in log[retry:] if t == "progress")
    # the retry began right after the last checkpoint before the kill
    assert (first - 1) % 50 == 0 and 100 <= first - 1 <= killed_at, (first, killed_at)
    assert [d["lora_version"] for t, d in log if t == "result"] == [version.number]
    # The same training never stopped, in this process: the very same weights.
    info = dataset.show_dataset(studio, name)
    whole = train(
        str(base), Path(info.path), tmp_path / "whole", TrainParams(family="sd15", **params),
        device="cpu", faces=face_boxes(info),
    )  # fmt: skip
    job_file = studio.paths(name).training_dir(version.run_key) / LORA_FILE
    a, b = load_file(whole.path), load_file(job_file)
    assert a.keys() == b.keys() and all(np.array_equal(a[k].numpy(), b[k].numpy()) for k in a)


def test_two_trainings_on_the_one_slot_pool_run_in_the_order_their_owner_set(
    server: dict[str, str],
    studio: Studio,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = shared_sd15(tmp_path_factory.getbasetemp())
    alice, name = _persona(studio, tmp_path)
    deploy(server)
    worker = _gpu_worker(server, base)
    try:
        with serve_api(studio) as url:
            client = httpx.Client(base_url=url, headers=alice.auth, timeout=30)
            made = [
                client.post(
                    f"/api/v1/models/{name}/trainings",
                    json={"params": {**TINY, "steps": 40, "checkpoint_every": 20, "seed": s}},
                )
                for s in (1, 2, 3)
            ]
            assert [m.status_code for m in made] == [201, 201, 201], made[0].text
            first, second, third = (m.json()["id"] for m in made)
            waiting = client.get("/api/v1/queues/gpu").json()
            assert waiting["slots"] == 1
            assert [e["job"]["id"] for e in waiting["waiting"]] == [second, third]
            moved = client.put("/api/v1/queues/gpu", json={"jobs": [third, second]})
            assert moved.status_code == 200, moved.text
            ends = {
                j: _wait(client, studio, j, "succeeded", within=400) for j in (first, third, second)
            }
    finally:
        stop_worker(worker)
    with studio.read() as session:  # when each trained: its first and last step
        steps = {
            j: [e.at for e in events.since(session, j, 0, 1000) if e.type == "progress"]
            for j in (first, second, third)
        }
    assert all(len(s) == 40 for s in steps.values()), {j: len(s) for j, s in steps.items()}
    # one after the other, in the order set: the third before the second
    assert steps[first][-1] < steps[third][0] and steps[third][-1] < steps[second][0], steps
    assert all(e["attempt"] == 1 for e in ends.values())
