"""The SQLite engine: WAL and a busy timeout, so parallel tasks and runs share one file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from aistudio.db import tables  # noqa: F401  # registers the tables on SQLModel.metadata

_engines: dict[str, Engine] = {}


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


def _add_missing_columns(engine: Engine) -> None:
    # create_all makes missing tables but never new columns of an older studio.db.
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            have = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table.name})")}
            for column in table.columns:
                if column.name in have:
                    continue
                ddl = f"ALTER TABLE {table.name} ADD COLUMN {column.name} "
                ddl += column.type.compile(dialect=engine.dialect)
                default = getattr(column.default, "arg", None)
                if isinstance(default, bool):
                    ddl += f" DEFAULT {int(default)}"
                elif isinstance(default, int | float):
                    ddl += f" DEFAULT {default}"
                elif isinstance(default, str):
                    ddl += " DEFAULT '" + default.replace("'", "''") + "'"
                conn.exec_driver_sql(ddl)
            for index in table.indexes:  # an added column may carry an index
                index.create(conn, checkfirst=True)


def _begin_immediate(conn: Any) -> None:
    # A deferred transaction that reads and then writes can fail at once with "database is
    # locked" when another writer got in between; taking the write lock up front makes it wait
    # (busy_timeout) instead.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def get_engine(home: Path) -> Engine:
    """The engine for studio.db in home, created (with its tables) once per process."""
    db = (home / "studio.db").resolve()
    key = str(db)
    engine = _engines.get(key)
    if engine is None:
        db.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            f"sqlite:///{db}", connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        SQLModel.metadata.create_all(engine)
        _add_missing_columns(engine)
        with engine.begin() as conn:
            for verb in ("UPDATE", "DELETE"):
                # The audit log is append-only, whatever code (or person) holds the database.
                conn.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS auditevent_no_{verb.lower()} BEFORE {verb} "
                    "ON auditevent BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); "
                    "END"
                )
        _engines[key] = engine
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
