"""The studio API: users, keys, browser sessions, request budgets, jobs, their events, uploads;
models get an owner.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _create(name: str, *items: Any) -> None:
    """Create a table unless it is there (an old studio.db levelled from 0001 on may hold it)."""
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *items)


def _index(name: str, table: str, columns: list[str], *, unique: bool) -> None:
    """Create an index unless it is there."""
    if name not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns, unique=unique)


def upgrade() -> None:
    """Create the API's tables and model.owner_id."""
    _create(
        "ratewindow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", AutoString(), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject", "window"),
    )
    _create(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("role", AutoString(), nullable=False),
        sa.Column("password_hash", AutoString(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_user_name", "user", ["name"], unique=True)
    _create(
        "apikey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("prefix", AutoString(), nullable=False),
        sa.Column("secret_hash", AutoString(), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("scopes", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_apikey_prefix", "apikey", ["prefix"], unique=True)
    _index("ix_apikey_user_id", "apikey", ["user_id"], unique=False)
    _create(
        "browsersession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", AutoString(), nullable=False),
        sa.Column("csrf_token", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_browsersession_token_hash", "browsersession", ["token_hash"], unique=True)
    _index("ix_browsersession_user_id", "browsersession", ["user_id"], unique=False)
    _create(
        "job",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(), nullable=False),
        sa.Column("params_json", AutoString(), nullable=False),
        sa.Column("deployment", AutoString(), nullable=False),
        sa.Column("flow_run_id", AutoString(), nullable=True),
        sa.Column("run_id", AutoString(), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("state", AutoString(), nullable=False),
        sa.Column("state_message", AutoString(), nullable=True),
        sa.Column("idempotency_key", AutoString(), nullable=True),
        sa.Column("request_hash", AutoString(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_id", "idempotency_key"),
    )
    _index("ix_job_flow_run_id", "job", ["flow_run_id"], unique=False)
    _index("ix_job_model_id", "job", ["model_id"], unique=False)
    _index("ix_job_owner_id", "job", ["owner_id"], unique=False)
    _index("ix_job_run_id", "job", ["run_id"], unique=False)
    _create(
        "upload",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("role", AutoString(), nullable=False),
        sa.Column("category", AutoString(), nullable=True),
        sa.Column("filename", AutoString(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("verdict_json", AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_upload_model_id", "upload", ["model_id"], unique=False)
    _index("ix_upload_owner_id", "upload", ["owner_id"], unique=False)
    _create(
        "jobevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", AutoString(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", AutoString(), nullable=False),
        sa.Column("data_json", AutoString(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "seq"),
    )
    _index("ix_jobevent_job_id", "jobevent", ["job_id"], unique=False)
    _create(
        "streamticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", AutoString(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("job_id", AutoString(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_streamticket_token_hash", "streamticket", ["token_hash"], unique=True)
    _index("ix_streamticket_user_id", "streamticket", ["user_id"], unique=False)
    if "owner_id" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("model")}:
        return
    if op.get_bind().dialect.name == "sqlite":
        # A nullable column with a reference is one ALTER on SQLite (a batch copy of model
        # would drop a table every other table references).
        op.execute('ALTER TABLE model ADD COLUMN owner_id INTEGER REFERENCES "user" (id)')
    else:
        op.add_column("model", sa.Column("owner_id", sa.Integer(), nullable=True))
        op.create_foreign_key("model_owner_id_fkey", "model", "user", ["owner_id"], ["id"])
    _index("ix_model_owner_id", "model", ["owner_id"], unique=False)


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_model_owner_id", table_name="model")
    with op.batch_alter_table("model") as batch:
        batch.drop_column("owner_id")
    op.drop_index(op.f("ix_streamticket_token_hash"), table_name="streamticket")
    op.drop_index(op.f("ix_streamticket_user_id"), table_name="streamticket")
    op.drop_table("streamticket")
    op.drop_index(op.f("ix_jobevent_job_id"), table_name="jobevent")
    op.drop_table("jobevent")
    op.drop_index(op.f("ix_upload_model_id"), table_name="upload")
    op.drop_index(op.f("ix_upload_owner_id"), table_name="upload")
    op.drop_table("upload")
    op.drop_index(op.f("ix_job_flow_run_id"), table_name="job")
    op.drop_index(op.f("ix_job_model_id"), table_name="job")
    op.drop_index(op.f("ix_job_owner_id"), table_name="job")
    op.drop_index(op.f("ix_job_run_id"), table_name="job")
    op.drop_table("job")
    op.drop_index(op.f("ix_browsersession_token_hash"), table_name="browsersession")
    op.drop_index(op.f("ix_browsersession_user_id"), table_name="browsersession")
    op.drop_table("browsersession")
    op.drop_index(op.f("ix_apikey_prefix"), table_name="apikey")
    op.drop_index(op.f("ix_apikey_user_id"), table_name="apikey")
    op.drop_table("apikey")
    op.drop_index(op.f("ix_user_name"), table_name="user")
    op.drop_table("user")
    op.drop_table("ratewindow")
