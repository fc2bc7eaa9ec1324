"""Captions: where a version was captioned from, its review, and the caption audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add datasetversion's caption columns and the captionedit table."""
    with op.batch_alter_table("datasetversion") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("captioner", AutoString(), nullable=True))
        batch.add_column(sa.Column("reviewed_by", AutoString(), nullable=True))
        batch.add_column(sa.Column("reviewed_at", UTCDateTime(), nullable=True))
        batch.create_index("ix_datasetversion_parent_id", ["parent_id"], unique=False)
    op.create_table(
        "captionedit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("image", AutoString(), nullable=False),
        sa.Column("caption", AutoString(), nullable=False),
        sa.Column("previous", AutoString(), nullable=True),
        sa.Column("source", AutoString(), nullable=False),
        sa.Column("author", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["datasetversion.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_captionedit_version_id", "captionedit", ["version_id"], unique=False)


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_captionedit_version_id", table_name="captionedit")
    op.drop_table("captionedit")
    with op.batch_alter_table("datasetversion") as batch:
        batch.drop_index("ix_datasetversion_parent_id")
        for column in ("reviewed_at", "reviewed_by", "captioner", "parent_id"):
            batch.drop_column(column)
