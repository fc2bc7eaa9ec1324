"""Hardening: the audit log and consent records are hash-chained; LoRA versions cite consent.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

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


def upgrade() -> None:
    """Add the chain columns and loraversion.consent_hash."""
    for table in ("auditevent", "consent"):
        _add(table, "prev_hash", "row_hash")
    _add("loraversion", "consent_hash")


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("loraversion") as batch:
        batch.drop_column("consent_hash")
    for table in ("consent", "auditevent"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_hash")
            batch.drop_column("prev_hash")
