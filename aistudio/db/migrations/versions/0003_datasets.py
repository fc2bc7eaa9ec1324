"""Training datasets: image scores, dataset versions and their items.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add imagescore, datasetversion and datasetitem."""
    op.create_table(
        "imagescore",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("scores_json", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "version"),
    )
    op.create_index("ix_imagescore_sha256", "imagescore", ["sha256"], unique=False)
    op.create_table(
        "datasetversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", AutoString(), nullable=False),
        sa.Column("path", AutoString(), nullable=False),
        sa.Column("family", AutoString(), nullable=False),
        sa.Column("settings_json", AutoString(), nullable=False),
        sa.Column("holdout_json", AutoString(), nullable=False),
        sa.Column("included", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_id", "number"),
        sa.UniqueConstraint("model_id", "content_hash"),
    )
    op.create_index("ix_datasetversion_model_id", "datasetversion", ["model_id"], unique=False)
    op.create_table(
        "datasetitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("file", AutoString(), nullable=False),
        sa.Column("sha256", AutoString(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("reason", AutoString(), nullable=True),
        sa.Column("detail", AutoString(), nullable=True),
        sa.Column("scores_json", AutoString(), nullable=False),
        sa.Column("image", AutoString(), nullable=True),
        sa.Column("crop_json", AutoString(), nullable=True),
        sa.Column("caption", AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["version_id"], ["datasetversion.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_datasetitem_version_id", "datasetitem", ["version_id"], unique=False)


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_datasetitem_version_id", table_name="datasetitem")
    op.drop_table("datasetitem")
    op.drop_index("ix_datasetversion_model_id", table_name="datasetversion")
    op.drop_table("datasetversion")
    op.drop_index("ix_imagescore_sha256", table_name="imagescore")
    op.drop_table("imagescore")
