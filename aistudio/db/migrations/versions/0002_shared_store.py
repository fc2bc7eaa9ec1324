"""A store that several processes and machines share: budget holds, run halts, stage claims.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add reservation, stageclaim and run.halted_reason."""
    with op.batch_alter_table("run") as batch:
        batch.add_column(sa.Column("halted_reason", AutoString(), nullable=True))
    op.create_table(
        "reservation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("pair", AutoString(), nullable=False),
        sa.Column("op", AutoString(), nullable=False),
        sa.Column("credits", sa.Float(), nullable=False),
        sa.Column("holder", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reservation_run_id", "reservation", ["run_id"], unique=False)
    op.create_table(
        "stageclaim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("stage", AutoString(), nullable=False),
        sa.Column("input_key", AutoString(), nullable=False),
        sa.Column("holder", AutoString(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_id", "stage", "input_key"),
    )
    op.create_index("ix_stageclaim_model_id", "stageclaim", ["model_id"], unique=False)


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_stageclaim_model_id", table_name="stageclaim")
    op.drop_table("stageclaim")
    op.drop_index("ix_reservation_run_id", table_name="reservation")
    op.drop_table("reservation")
    with op.batch_alter_table("run") as batch:
        batch.drop_column("halted_reason")
