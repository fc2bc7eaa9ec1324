"""A job's event log, written by the library as a run's pairs finish (CLI runs write none)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio import processing
from aistudio.db import events, queries
from aistudio.db.api_tables import Job, JobEvent
from aistudio.db.tables import AuditEvent
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import account
from tests.fakes.drive import run_all

pytestmark = pytest.mark.both_stores


def _job(studio: Studio, owner: int, model: str) -> str:
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        session.add(
            Job(id="j1", owner_id=owner, model_id=model_id, kind="process", params_json="{}",
                deployment="process-model/default")
        )  # fmt: skip
    return "j1"


def test_a_jobs_run_logs_its_start_every_pair_and_its_summary(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    make_model(studio, photos, sources=2, targets=2, create=False)
    job = _job(studio, alice.id, "andie")
    plan = processing.plan_pairs(studio, model="andie", provider="fake")
    estimate = processing.estimate_cost(studio, plan=plan)
    run_id = processing.start_run(
        studio, plan=plan, estimate=estimate, budget=None, category="both", job=job
    )
    for pair in plan.pairs[:3]:
        processing.process_pair(studio, run_id=run_id, pair=pair, tries=1)
    processing.fail_pair(studio, run_id=run_id, pair=plan.pairs[3], reason="swap: boom")
    processing.finish_run(studio, run_id=run_id)
    with studio.read() as session:
        log = list(events.since(session, job, 0, 100))
        assert session.get(Job, job).run_id == run_id  # type: ignore[union-attr]
        start = session.exec(select(AuditEvent).where(AuditEvent.action == "run.start")).one()
    assert [e.seq for e in log] == [1, 2, 3, 4, 5, 6]
    assert [e.type for e in log] == ["run", "pair", "pair", "pair", "pair", "summary"]
    first = events.data(log[0])
    assert first["pairs_total"] == 4 and first["estimate_credits"] == estimate.total == 48
    pairs = [events.data(e) for e in log[1:5]]
    assert [p["done"] for p in pairs] == [1, 2, 3, 4] and {p["total"] for p in pairs} == {4}
    assert [p["status"] for p in pairs] == ["done", "done", "done", "failed"]
    assert pairs[3]["reason"] == "swap: boom" and pairs[3]["pair"] == plan.pairs[3].pair
    assert [p["credits"] for p in pairs] == [12, 24, 36, 36]  # 10 swap + 2 enhance per pair
    summary = events.data(log[5])
    assert summary["done"] == 3 and summary["failed"] == 1 and summary["status"] == "failed"
    assert start.actor == "api:alice" and json.loads(start.detail)["job"] == job


def test_a_cli_run_writes_no_events(studio: Studio, photos: dict[str, list[Path]]) -> None:
    make_model(studio, photos, sources=1, targets=2)
    run_all(studio, "andie")
    with studio.read() as session:
        assert session.exec(select(JobEvent)).all() == []
        start = session.exec(select(AuditEvent).where(AuditEvent.action == "run.start")).one()
    assert not start.actor.startswith("api:")


def test_seqs_count_from_one_per_job_and_since_pages_them(studio: Studio) -> None:
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    with studio.session() as session:
        model_id = queries.get_model_id(session, name="andie")
        for job_id in ("a", "b"):
            session.add(
                Job(id=job_id, owner_id=alice.id, model_id=model_id, kind="process",
                    params_json="{}", deployment="process-model/default")
            )  # fmt: skip
    for n in range(5):
        with studio.session() as session:
            events.append(session, "a", "pair", n=n)
            if n % 2:
                events.append(session, "b", "pair", n=n)
    with studio.read() as session:
        assert [e.seq for e in events.since(session, "a", 0, 100)] == [1, 2, 3, 4, 5]
        assert [e.seq for e in events.since(session, "b", 0, 100)] == [1, 2]
        page = events.since(session, "a", 2, 2)
        assert [(e.seq, events.data(e)["n"]) for e in page] == [(3, 2), (4, 3)]


def test_concurrent_appenders_never_share_or_skip_a_seq(studio: Studio) -> None:
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    job = _job(studio, alice.id, "andie")

    def write(worker: int) -> None:
        for n in range(10):
            with studio.session() as session:
                events.append(session, job, "pair", worker=worker, n=n)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    with studio.read() as session:
        log = events.since(session, job, 0, 100)
    assert [e.seq for e in log] == list(range(1, 41))
    assert len({(events.data(e)["worker"], events.data(e)["n"]) for e in log}) == 40
