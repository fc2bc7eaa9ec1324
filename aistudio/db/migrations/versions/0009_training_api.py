"""Training over the API: the GPU queue's order, requests to running jobs, webhooks, dataset
overrides and withdrawn LoRA versions.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS: dict[str, list[sa.Column[Any]]] = {
    "job": [
        sa.Column("pool", AutoString(), nullable=True),
        sa.Column("position", sa.Float(), nullable=True),
    ],
    "datasetitem": [
        sa.Column("auto_included", sa.Boolean(), nullable=True),
        sa.Column("override_by", AutoString(), nullable=True),
        sa.Column("override_reason", AutoString(), nullable=True),
    ],
    "loraversion": [
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_reason", AutoString(), nullable=True),
    ],
}


def _create(name: str, *items: Any) -> None:
    """Create a table unless it is there."""
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *items)


def _index(name: str, table: str, columns: list[str]) -> None:
    """Create an index unless it is there."""
    if name not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns, unique=False)


def upgrade() -> None:
    """Add the columns and the tables."""
    for table, columns in COLUMNS.items():
        have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
        for column in columns:
            if column.name not in have:  # plain nullable columns: one ALTER, SQLite too
                op.add_column(table, column)
    _index("ix_job_pool", "job", ["pool"])
    _create(
        "jobrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", AutoString(), nullable=False),
        sa.Column("action", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("done_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_jobrequest_job_id", "jobrequest", ["job_id"])
    _create(
        "webhookendpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("url", AutoString(), nullable=False),
        sa.Column("secret", AutoString(), nullable=False),
        sa.Column("events", AutoString(), nullable=False),
        sa.Column("description", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_webhookendpoint_owner_id", "webhookendpoint", ["owner_id"])
    _create(
        "webhookdelivery",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("event_type", AutoString(), nullable=False),
        sa.Column("payload_json", AutoString(), nullable=False),
        sa.Column("state", AutoString(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", AutoString(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["endpoint_id"], ["webhookendpoint.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_webhookdelivery_endpoint_id", "webhookdelivery", ["endpoint_id"])
    _index("ix_webhookdelivery_state", "webhookdelivery", ["state"])
    _index("ix_webhookdelivery_next_attempt_at", "webhookdelivery", ["next_attempt_at"])
    _create(
        "webhookattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", AutoString(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", AutoString(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["delivery_id"], ["webhookdelivery.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_webhookattempt_delivery_id", "webhookattempt", ["delivery_id"])


def downgrade() -> None:
    """Drop them again."""
    for table in ("webhookattempt", "webhookdelivery", "webhookendpoint", "jobrequest"):
        op.drop_table(table)
    op.drop_index("ix_job_pool", table_name="job")
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
