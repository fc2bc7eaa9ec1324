"""Alembic migrations: a Phase 1 studio.db upgrades in place; the schema matches the tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session, SQLModel, text

from aistudio import processing
from aistudio.db.migrate import current, head
from aistudio.studio import Studio
from tests.conftest import PG_OWNER_URL, REPO

PHASE1 = REPO / "tests" / "fixtures" / "phase1-studio.sql"


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def test_a_phase1_studio_db_upgrades_in_place(studio: Studio) -> None:
    db = studio.home / "studio.db"
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        conn.executescript(PHASE1.read_text())
        before = _counts(conn)
    assert "alembic_version" not in before and before["ledgerentry"] == 4
    assert current(studio.engine) == head() == "0009"
    with sqlite3.connect(db) as conn:
        after = _counts(conn)
        run_columns = {r[1] for r in conn.execute("PRAGMA table_info(run)")}
    assert {t: after[t] for t in before} == before  # every row kept
    assert after["reservation"] == after["datasetversion"] == 0 and "halted_reason" in run_columns
    with studio.read() as session:
        (run_id,) = session.exec(text("SELECT id FROM run")).one()
    summary = processing.summarize_run(studio, run_id=run_id)
    assert (summary.done, summary.failed, summary.credits) == (2, 0, 24.0)
    with pytest.raises(DatabaseError, match="append-only"), studio.session() as session:
        session.exec(text("DELETE FROM auditevent"))
    from aistudio.consent import audit

    with studio.read() as session:  # the rows written before the chain existed were linked
        report = audit.verify(session)
        unlinked = session.exec(text("SELECT count(*) FROM auditevent WHERE row_hash IS NULL"))
        assert unlinked.one()[0] == 0
    assert (report.events, report.consents, report.broken) == (3, 1, None)


@pytest.mark.both_stores
def test_migrations_arrive_at_exactly_the_tables_the_code_uses(studio: Studio) -> None:
    with studio.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    assert current(studio.engine) == head()


@pytest.mark.both_stores
def test_the_audit_log_is_append_only_on_every_store(
    studio: Studio, request: pytest.FixtureRequest
) -> None:
    from aistudio.consent import audit

    with studio.session() as session:
        audit.record(session, action="test.event", model_id=None, n=1)
    owner_url = request.node.stash.get(PG_OWNER_URL, None)
    if owner_url is not None:  # PostgreSQL: the studio's role has no UPDATE at all ...
        with pytest.raises(DatabaseError, match="permission denied"), studio.session() as s:
            s.exec(text("UPDATE auditevent SET actor = 'someone else'"))
        # ... and the trigger stops the tables' owner too.
        owner = create_engine(owner_url)
        with pytest.raises(DatabaseError, match="append-only"), owner.begin() as conn:
            conn.execute(text("UPDATE auditevent SET actor = 'someone else'"))
        owner.dispose()
    else:
        with pytest.raises(DatabaseError, match="append-only"), studio.session() as session:
            session.exec(text("UPDATE auditevent SET actor = 'someone else'"))
    with studio.read() as session:
        assert session.exec(text("SELECT count(*) FROM auditevent")).one()[0] == 1


def test_the_fixture_is_a_phase1_database() -> None:
    sql = Path(PHASE1).read_text()
    assert "CREATE TABLE alembic_version" not in sql and "halted_reason" not in sql


@pytest.mark.both_stores
def test_rows_from_before_the_chain_are_linked_by_the_upgrade(
    studio: Studio, request: pytest.FixtureRequest
) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from aistudio.consent import audit
    from aistudio.db import migrate

    studio.home.mkdir(parents=True, exist_ok=True)
    url = request.node.stash.get(PG_OWNER_URL, None) or f"sqlite:///{studio.home}/older.db"
    engine = create_engine(url)
    config = migrate._config()
    with engine.begin() as conn:  # a store at 0006 (before the chain) with a few events
        if url.startswith("postgresql"):  # start from an empty database
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO auditevent (model_id, at, actor, action, detail) "
                    "VALUES (NULL, :at, 'me', 'test.old', :d)"
                ),
                {"at": f"2026-0{n + 1}-02 03:04:05.000006+00:00", "d": f'{{"n": {n}}}'},
            )
    migrate.upgrade(engine)
    with Session(engine) as session:
        report = audit.verify(session)
        linked = session.exec(text("SELECT count(row_hash) FROM auditevent")).one()[0]
    assert (report.events, linked, report.broken) == (3, 3, None)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM auditevent"))  # the triggers are back after the pass
    engine.dispose()
