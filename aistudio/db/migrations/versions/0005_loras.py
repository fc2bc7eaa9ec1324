"""LoRA versions: one row per training, with its checkpoints' scores and its file.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the loraversion table."""
    op.create_table(
        "loraversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("run_key", AutoString(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("family", AutoString(), nullable=False),
        sa.Column("base", AutoString(), nullable=False),
        sa.Column("base_hash", AutoString(), nullable=False),
        sa.Column("params_json", AutoString(), nullable=False),
        sa.Column("status", AutoString(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("metrics_json", AutoString(), nullable=False),
        sa.Column("best_step", sa.Integer(), nullable=True),
        sa.Column("file", AutoString(), nullable=True),
        sa.Column("file_sha256", AutoString(), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasetversion.id"]),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_id", "number"),
        sa.UniqueConstraint("model_id", "run_key"),
    )
    op.create_index("ix_loraversion_model_id", "loraversion", ["model_id"], unique=False)
    op.create_index("ix_loraversion_dataset_id", "loraversion", ["dataset_id"], unique=False)


def downgrade() -> None:
    """Drop it again."""
    op.drop_index("ix_loraversion_dataset_id", table_name="loraversion")
    op.drop_index("ix_loraversion_model_id", table_name="loraversion")
    op.drop_table("loraversion")
