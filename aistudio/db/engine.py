"""The studio database: SQLite in AISTUDIO_HOME by default, PostgreSQL by AISTUDIO_DATABASE_URL.

Writes take the write lock up front (SQLite's BEGIN IMMEDIATE); reads do not, so a progress poll
never waits for a writer and never makes one wait. Alembic migrations bring any older database
to the current schema the first time a process opens it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from aistudio.core.config import Settings
from aistudio.db import api_tables, tables  # noqa: F401  # registers the tables on SQLModel.metadata
from aistudio.db.migrate import upgrade

_engines: dict[str, Engine] = {}
_lock = threading.Lock()
READ = "aistudio_read"  # execution option of read-only sessions


def database_url(settings: Settings) -> str:
    """The database to use: AISTUDIO_DATABASE_URL, else studio.db in the home folder."""
    url = settings.database_url
    if not url:
        return f"sqlite:///{(settings.home / 'studio.db').resolve()}"
    # SQLAlchemy's plain postgresql:// means psycopg2; the studio ships psycopg 3.
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event open transactions instead of pysqlite's deferred BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL lets readers (the CLI's progress bar) run beside writers (tasks in threads).
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    if conn.get_execution_options().get(READ):
        # A read sees a snapshot (WAL) and takes no lock that writers wait for.
        conn.exec_driver_sql("BEGIN")
        return
    # A deferred transaction that reads and then writes can fail at once with "database is
    # locked" when another writer got in between; taking the write lock up front makes it wait
    # (busy_timeout) instead.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        # Connections are checked before use: a server restart must not fail the next task.
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    upgrade(engine)
    return engine


def get_engine(url: str) -> Engine:
    """The engine for a database URL, created (and migrated to the current schema) once."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        return engine


@contextmanager
def session_scope(engine: Engine, *, read: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on error; `read` takes no write lock."""
    bind = engine.execution_options(**{READ: True}) if read else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
