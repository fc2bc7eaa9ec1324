"""The studio store on SQLite and PostgreSQL: engine, concurrent writers, constraints, queries."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from aistudio.core.errors import ModelExists, ModelNotFound
from aistudio.db import queries
from aistudio.db.engine import database_url, get_engine, session_scope
from aistudio.db.tables import LedgerEntry, Model, Output, PairState, Photo, Run
from aistudio.ingest.importer import import_photos
from aistudio.studio import Studio
from tests.conftest import small_model

pytestmark = pytest.mark.both_stores


@pytest.fixture
def engine(studio: Studio) -> Engine:
    return studio.engine


def _model_and_run(engine: Engine, name: str = "andie", run_id: str = "andie-run-1") -> int:
    with session_scope(engine) as s:
        model = queries.create_model(s, name=name)
        assert model.id is not None
        s.add(Run(id=run_id, model_id=model.id, category="sfw", provider="fake", enhance=True))
        return model.id


def _photo(model_id: int, role: str, category: str | None, number: int) -> Photo:
    key = f"{role}-{category}-{number}"
    return Photo(
        model_id=model_id,
        role=role,
        category=category,
        number=number,
        path=f"models/x/{key}.jpg",
        sha256="s" + key,
        original_path=f"/in/{key}.jpg",
        original_sha256="o" + key,
        width=1024,
        height=1024,
        faces_json="[]",
    )


@pytest.mark.sqlite_only
def test_engine_sets_wal_busy_timeout_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_engine_is_cached_per_database(studio: Studio, db_backend: str) -> None:
    url = database_url(studio.settings)
    assert get_engine(url) is get_engine(url) is studio.engine
    assert url.startswith("sqlite:///" if db_backend == "sqlite" else "postgresql+psycopg://")
    assert (studio.home / "studio.db").is_file() == (db_backend == "sqlite")


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(
            LedgerEntry(
                model_id=999,
                run_id="nope",
                pair="s1-t001-sfw",
                op="swap",
                provider="fake",
                input_key="k",
                credits=1.0,
            )
        )
    with session_scope(engine) as s:
        assert s.exec(select(LedgerEntry)).all() == []


def test_two_threads_writing_concurrently_lose_nothing(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    per_thread = 50
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with session_scope(engine) as s:
                    s.add(
                        LedgerEntry(
                            model_id=model_id,
                            run_id="andie-run-1",
                            pair=f"{tag}-{i}",
                            op="swap",
                            provider="fake",
                            input_key=f"{tag}-{i}",
                            credits=1.0,
                        )
                    )
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == [], [str(e) for e in errors]
    with session_scope(engine) as s:
        pairs = {e.pair for e in queries.ledger(s, model_id=model_id)}
        assert len(pairs) == 2 * per_thread
        assert pairs == {f"{t}-{i}" for t in ("a", "b") for i in range(per_thread)}
        assert queries.run_credits(s, run_id="andie-run-1") == 2 * per_thread


def test_output_unique_per_model_stage_and_input_key(engine: Engine) -> None:
    model_id = _model_and_run(engine)

    def output(stage: str, key: str, path: str) -> Output:
        return Output(
            model_id=model_id,
            run_id="andie-run-1",
            pair="s1-t001-sfw",
            stage=stage,
            input_key=key,
            provider="fake",
            path=path,
            sha256="x",
            width=1,
            height=1,
        )

    with session_scope(engine) as s:
        s.add(output("swapped", "k1", "a.jpg"))
        s.add(output("enhanced", "k1", "b.jpg"))  # another stage, same key: allowed
        s.add(output("swapped", "k2", "c.jpg"))
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(output("swapped", "k1", "d.jpg"))
    with session_scope(engine) as s:
        assert len(s.exec(select(Output)).all()) == 3
        found = queries.find_output(s, model_id=model_id, stage="swapped", input_key="k1")
        assert found is not None and found.path == "a.jpg"
        assert queries.find_output(s, model_id=model_id, stage="enhanced", input_key="k2") is None


def test_pair_state_unique_per_run_and_pair(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    with session_scope(engine) as s:
        s.add(PairState(model_id=model_id, run_id="andie-run-1", pair="s1-t001-sfw", status="done"))
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(
            PairState(model_id=model_id, run_id="andie-run-1", pair="s1-t001-sfw", status="failed")
        )


def test_target_number_unique_per_category(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    with session_scope(engine) as s:
        s.add(_photo(model_id, "target", "sfw", 1))
        s.add(_photo(model_id, "target", "nsfw", 1))  # numbers are per category
    dup = _photo(model_id, "target", "sfw", 1)
    dup.original_sha256 = "other content"
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(dup)


def test_same_original_imported_once_per_role(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    with session_scope(engine) as s:
        s.add(_photo(model_id, "source", None, 1))
    again = _photo(model_id, "source", None, 2)
    again.original_sha256 = "osource-None-1"
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(again)


def test_source_number_unique_per_model(engine: Engine) -> None:
    """Two sources numbered 1 would both be written to andie-source-1.jpg.

    UniqueConstraint(model_id, role, category, number) does not cover sources: their category
    is NULL, and SQL treats NULLs as distinct in a UNIQUE constraint.
    """
    model_id = _model_and_run(engine)
    with session_scope(engine) as s:
        s.add(_photo(model_id, "source", None, 1))
    dup = _photo(model_id, "source", None, 1)
    dup.original_sha256 = "other content"
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(dup)


def test_create_and_get_model(engine: Engine) -> None:
    with session_scope(engine) as s:
        created = queries.create_model(s, name="andie")
        assert created.id is not None
    with session_scope(engine) as s:
        assert queries.get_model(s, name="andie").id == created.id
        assert queries.get_model_id(s, name="andie") == created.id
        with pytest.raises(ModelExists, match="'andie'"):
            queries.create_model(s, name="andie")
        with pytest.raises(ModelNotFound, match="'blondie'"):
            queries.get_model(s, name="blondie")
        with pytest.raises(ModelNotFound, match="'blondie'"):
            queries.get_model_id(s, name="blondie")
        queries.create_model(s, name="blondie")
        queries.create_model(s, name="alpha")
    with session_scope(engine) as s:
        assert [m.name for m in queries.list_models(s)] == ["alpha", "andie", "blondie"]
        assert len(s.exec(select(Model)).all()) == 3


def test_next_photo_number_is_per_model_role_and_category(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    other_id = _model_and_run(engine, "blondie", "blondie-run-1")
    with session_scope(engine) as s:
        assert queries.next_photo_number(s, model_id=model_id, role="source", category=None) == 1
        for p in (
            _photo(model_id, "source", None, 1),
            _photo(model_id, "source", None, 2),
            _photo(model_id, "target", "sfw", 1),
            _photo(model_id, "target", "sfw", 2),
            _photo(model_id, "target", "sfw", 3),
            _photo(other_id, "source", None, 7),
        ):
            s.add(p)
    with session_scope(engine) as s:
        assert queries.next_photo_number(s, model_id=model_id, role="source", category=None) == 3
        assert queries.next_photo_number(s, model_id=model_id, role="target", category="sfw") == 4
        assert queries.next_photo_number(s, model_id=model_id, role="target", category="nsfw") == 1
        assert queries.next_photo_number(s, model_id=other_id, role="source", category=None) == 8
        assert queries.next_photo_number(s, model_id=other_id, role="target", category="sfw") == 1
        sfw = queries.list_photos(s, model_id=model_id, role="target", category="sfw")
        assert [p.number for p in sfw] == [1, 2, 3]
        assert (
            queries.find_photo_by_number(
                s, model_id=model_id, role="target", category="sfw", number=2
            )
            is not None
        )
        assert (
            queries.find_photo(
                s, model_id=model_id, role="source", original_sha256="osource-None-2"
            )
            is not None
        )
        assert (
            queries.find_photo(
                s, model_id=model_id, role="target", original_sha256="osource-None-2"
            )
            is None
        )


def test_set_pair_state_creates_then_updates(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    with session_scope(engine) as s:
        queries.set_pair_state(
            s,
            model_id=model_id,
            run_id="andie-run-1",
            pair="s1-t001-sfw",
            status="failed",
            rule="face",
            reason="no face found",
        )
    with session_scope(engine) as s:
        (first,) = queries.pair_states(s, run_id="andie-run-1")
        assert (first.status, first.rule, first.reason) == ("failed", "face", "no face found")
        first_id, first_updated = first.id, first.updated_at
    with session_scope(engine) as s:
        queries.set_pair_state(
            s,
            model_id=model_id,
            run_id="andie-run-1",
            pair="s1-t001-sfw",
            status="done",
            output_path="models/andie/x.jpg",
        )
        queries.set_pair_state(
            s, model_id=model_id, run_id="andie-run-1", pair="s1-t002-sfw", status="skipped"
        )
    with session_scope(engine) as s:
        states = queries.pair_states(s, run_id="andie-run-1")
        assert [st.pair for st in states] == ["s1-t001-sfw", "s1-t002-sfw"]
        done = states[0]
        assert done.id == first_id
        assert (done.status, done.rule, done.reason, done.output_path) == (
            "done",
            None,
            None,
            "models/andie/x.jpg",
        )
        assert done.updated_at >= first_updated


def test_run_credits_sums_one_run_only(engine: Engine) -> None:
    model_id = _model_and_run(engine)
    with session_scope(engine) as s:
        s.add(
            Run(
                id="andie-run-2",
                model_id=model_id,
                category="sfw",
                provider="fake",
                enhance=False,
                started_at=datetime(2030, 1, 1, tzinfo=UTC),
            )
        )
        s.flush()  # no relationships are mapped, so the run must exist before its ledger rows
        for run_id, credits in (("andie-run-1", 10.0), ("andie-run-1", 2.5), ("andie-run-2", 7.0)):
            s.add(
                LedgerEntry(
                    model_id=model_id,
                    run_id=run_id,
                    pair="p",
                    op="swap",
                    provider="fake",
                    input_key="k",
                    credits=credits,
                )
            )
    with session_scope(engine) as s:
        assert queries.run_credits(s, run_id="andie-run-1") == pytest.approx(12.5)
        assert queries.run_credits(s, run_id="andie-run-2") == pytest.approx(7.0)
        assert queries.run_credits(s, run_id="no-such-run") == 0.0
        assert [r.id for r in queries.list_runs(s, model_id=model_id)] == [
            "andie-run-1",
            "andie-run-2",
        ]
        assert queries.ledger_pairs(s, run_id="andie-run-2") == {"p"}


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        queries.create_model(s, name="andie")
        raise RuntimeError("boom")
    with session_scope(engine) as s:
        assert queries.list_models(s) == []


def test_concurrent_imports_into_one_model_number_every_photo_once(
    studio: Studio, small_photos: dict[str, list[Path]]
) -> None:
    # Two API requests (or two machines) importing into one model at once: on PostgreSQL both
    # read the same highest number unless the second waits for the first.
    small_model(studio, small_photos, sources=1, targets=1)
    batches = [small_photos["targets"][i : i + 2] for i in range(1, 9, 2)]
    gate = threading.Barrier(len(batches))

    def work(batch: list[Path]) -> int:
        gate.wait()
        return len(import_photos(studio, "andie", batch, role="target", category="sfw").imported)

    with ThreadPoolExecutor(len(batches)) as pool:
        imported = sum(pool.map(work, batches))
    with studio.read() as session:
        model_id = queries.get_model_id(session, name="andie")
        numbers = [p.number for p in queries.list_photos(session, model_id=model_id, role="target")]
    assert imported == 8 and sorted(numbers) == list(range(1, 10))
