"""Hardening: the audit log and consent records are hash-chained; LoRA versions cite consent.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from aistudio.db import chain

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _add(table: str, *names: str) -> None:
    """Add nullable text columns a table lacks (a Phase 1 studio.db is levelled from 0001 on)."""
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    missing = [n for n in names if n not in have]
    if missing:
        with op.batch_alter_table(table) as batch:
            for name in missing:
                batch.add_column(sa.Column(name, AutoString(), nullable=True))


def _backfill(table: str) -> None:
    """Link the rows written before the chain existed, oldest first (auditevent's triggers
    forbid UPDATE, so they step aside for this one pass)."""
    bind = op.get_bind()
    rows = chain.rows(bind, table)
    if not rows or all(r["row_hash"] for r in rows):
        return
    _drop_triggers(table)
    prev = chain.GENESIS
    for row in rows:
        digest = chain.row_hash(table, prev, row)
        bind.execute(
            sa.text(f"UPDATE {table} SET prev_hash = :p, row_hash = :h WHERE id = :i"),
            {"p": prev, "h": digest, "i": row["id"]},
        )
        prev = digest


# Consent rows are kept: no DELETE, and an UPDATE may only set revoked_at, once.
_CONSENT_FROZEN = " OR ".join(
    f"NEW.{c} IS DISTINCT FROM OLD.{c}"
    for c in ("id", *chain.CONSENT_FIELDS, "prev_hash", "row_hash")
)


def _drop_triggers(table: str) -> None:
    """Drop a chained table's append-only triggers."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}" + ("" if sqlite else f" ON {table}"))


def _consent_triggers() -> None:
    """Consent rows are kept: no DELETE, and an UPDATE may only set revoked_at, once."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_triggers("consent")
    frozen = _CONSENT_FROZEN.replace("IS DISTINCT FROM", "IS NOT") if sqlite else _CONSENT_FROZEN
    when = f"OLD.revoked_at IS NOT NULL OR {frozen}"
    if sqlite:
        op.execute(
            "CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent "
            "BEGIN SELECT RAISE(ABORT, 'consent records are kept'); END"
        )
        op.execute(
            f"CREATE TRIGGER consent_no_update BEFORE UPDATE ON consent WHEN {when} "
            "BEGIN SELECT RAISE(ABORT, 'a consent record may only be revoked, once'); END"
        )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION consent_kept() RETURNS trigger AS $$ BEGIN "
        "IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'consent records are kept'; END IF; "
        f"IF {when} THEN RAISE EXCEPTION 'a consent record may only be revoked, once'; "
        "END IF; RETURN NEW; END; $$ LANGUAGE plpgsql"
    )
    for verb in ("update", "delete"):
        op.execute(
            f"CREATE TRIGGER consent_no_{verb} BEFORE {verb.upper()} ON consent "
            "FOR EACH ROW EXECUTE FUNCTION consent_kept()"
        )


def upgrade() -> None:
    """Add the chain columns and loraversion.consent_hash; link existing rows; keep consent."""
    for table in ("auditevent", "consent"):
        _add(table, "prev_hash", "row_hash")
    _add("loraversion", "consent_hash")
    for table in ("auditevent", "consent"):
        _backfill(table)
    _append_only_events()
    _consent_triggers()


def _append_only_events() -> None:
    """auditevent's triggers as 0001 made them (a backfill dropped them for its pass)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS auditevent_no_{verb.lower()} BEFORE {verb} "
                "ON auditevent BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS auditevent_no_{verb.lower()} ON auditevent")
        op.execute(
            f"CREATE TRIGGER auditevent_no_{verb.lower()} BEFORE {verb} ON auditevent "
            "FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()"
        )


def downgrade() -> None:
    """Drop them again."""
    _drop_triggers("consent")
    with op.batch_alter_table("loraversion") as batch:
        batch.drop_column("consent_hash")
    for table in ("consent", "auditevent"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_hash")
            batch.drop_column("prev_hash")
