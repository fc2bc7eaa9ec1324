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


def upgrade() -> None:
    """Add the chain columns and loraversion.consent_hash."""
    for table in ("auditevent", "consent"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("prev_hash", AutoString(), nullable=True))
            batch.add_column(sa.Column("row_hash", AutoString(), nullable=True))
    with op.batch_alter_table("loraversion") as batch:
        batch.add_column(sa.Column("consent_hash", AutoString(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("loraversion") as batch:
        batch.drop_column("consent_hash")
    for table in ("consent", "auditevent"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_hash")
            batch.drop_column("prev_hash")
