"""Alembic, run from code: bring a database to the newest revision when a process opens it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision the code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The revision a database is at (None: never migrated, e.g. a Phase 1 studio.db)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate to head; a no-op when already there. Safe when processes start together."""
    target = head()
    if current(engine) == target:
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # One process migrates; the others wait here, then find nothing left to do.
            conn.execute(text("SELECT pg_advisory_xact_lock(7345001)"))
        # (SQLite: this transaction began IMMEDIATE, which serialises migrating processes.)
        config = _config()
        config.attributes["connection"] = conn
        command.upgrade(config, target)
