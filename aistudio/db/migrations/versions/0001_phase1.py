"""Phase 1: the schema as the last Phase 1 release left it.

On an empty database this creates every table. A studio.db that Phase 1 made with create_all
(no alembic_version yet) is brought level in place: missing tables are created and columns
added by later Phase 1 releases are added with their defaults; rows are kept.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

# Defaults for NOT NULL columns added to tables that already hold rows.
_FILL = {"labels_json": "'[]'"}


def _table(name: str, *items: Any) -> None:
    """Create the table, or add the columns an older Phase 1 table lacks."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(name):
        op.create_table(name, *items)
        return
    have = {c["name"] for c in inspector.get_columns(name)}
    for column in items:
        if not isinstance(column, sa.Column) or column.name in have:
            continue
        if not column.nullable:
            fill = _FILL.get(column.name)
            if fill is None:
                fill = "0" if isinstance(column.type, sa.Boolean | sa.Integer | sa.Float) else "''"
            column.server_default = sa.DefaultClause(sa.text(fill))
        with op.batch_alter_table(name) as batch:
            batch.add_column(column)


def _index(name: str, table: str, columns: list[str], **kw: Any) -> None:
    """Create an index unless it is there."""
    have = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(table)}
    if name not in have:
        op.create_index(name, table, columns, **kw)


def _audit_is_append_only() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS auditevent_no_{verb.lower()} BEFORE {verb} "
                "ON auditevent BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION auditevent_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS auditevent_no_{verb.lower()} ON auditevent")
        op.execute(
            f"CREATE TRIGGER auditevent_no_{verb.lower()} BEFORE {verb} ON auditevent "
            "FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()"
        )


def upgrade() -> None:
    """Create or level the Phase 1 tables."""
    _table(
        "auditevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", AutoString(), nullable=False),
        sa.Column("action", AutoString(), nullable=False),
        sa.Column("detail", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_auditevent_model_id", "auditevent", ["model_id"], unique=False)
    _table(
        "model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_model_name", "model", ["name"], unique=True)
    _table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(), nullable=False),
        sa.Column("scopes", AutoString(), nullable=False),
        sa.Column("subject", AutoString(), nullable=True),
        sa.Column("attested_adult", sa.Boolean(), nullable=False),
        sa.Column("release_path", AutoString(), nullable=True),
        sa.Column("release_sha256", AutoString(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("record_hash", AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_consent_model_id", "consent", ["model_id"], unique=False)
    _index("ix_consent_record_hash", "consent", ["record_hash"], unique=False)
    _table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("role", AutoString(), nullable=False),
        sa.Column("category", AutoString(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("path", AutoString(), nullable=False),
        sa.Column("sha256", AutoString(), nullable=False),
        sa.Column("original_path", AutoString(), nullable=False),
        sa.Column("original_sha256", AutoString(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("faces_json", AutoString(), nullable=False),
        sa.Column("labels_json", AutoString(), nullable=False),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.Column("descriptor_json", AutoString(), nullable=False),
        sa.Column("identity_distance", sa.Float(), nullable=True),
        sa.Column("identity_flag", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_id", "role", "category", "number"),
        sa.UniqueConstraint("model_id", "role", "original_sha256"),
    )
    _index("ix_photo_model_id", "photo", ["model_id"], unique=False)
    _index(
        "ux_photo_source_number",
        "photo",
        ["model_id", "number"],
        unique=True,
        sqlite_where=sa.text("role = 'source'"),
        postgresql_where=sa.text("role = 'source'"),
    )
    _table(
        "provenancemark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("pair", AutoString(), nullable=False),
        sa.Column("stage", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_provenancemark_model_id", "provenancemark", ["model_id"], unique=False)
    _table(
        "providerjob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("pair", AutoString(), nullable=False),
        sa.Column("provider", AutoString(), nullable=False),
        sa.Column("op", AutoString(), nullable=False),
        sa.Column("input_key", AutoString(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("job_id", AutoString(), nullable=False),
        sa.Column("status", AutoString(), nullable=False),
        sa.Column("reason", AutoString(), nullable=True),
        sa.Column("billed_credits", sa.Float(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "op", "input_key", "attempt"),
    )
    _index("ix_providerjob_input_key", "providerjob", ["input_key"], unique=False)
    _index("ix_providerjob_model_id", "providerjob", ["model_id"], unique=False)
    _index("ix_providerjob_run_id", "providerjob", ["run_id"], unique=False)
    _table(
        "rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("run_id", AutoString(), nullable=True),
        sa.Column("path", AutoString(), nullable=False),
        sa.Column("rule", AutoString(), nullable=False),
        sa.Column("detail", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_rejection_model_id", "rejection", ["model_id"], unique=False)
    _table(
        "run",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("category", AutoString(), nullable=False),
        sa.Column("provider", AutoString(), nullable=False),
        sa.Column("enhance", sa.Boolean(), nullable=False),
        sa.Column("budget_credits", sa.Float(), nullable=True),
        sa.Column("estimate_credits", sa.Float(), nullable=False),
        sa.Column("pairs_total", sa.Integer(), nullable=False),
        sa.Column("status", AutoString(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_run_model_id", "run", ["model_id"], unique=False)
    _table(
        "storedobject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=True),
        sa.Column("key", AutoString(), nullable=False),
        sa.Column("path", AutoString(), nullable=False),
        sa.Column("sha256", AutoString(), nullable=False),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    _index("ix_storedobject_model_id", "storedobject", ["model_id"], unique=False)
    _index("ix_storedobject_run_id", "storedobject", ["run_id"], unique=False)
    _table(
        "ledgerentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("pair", AutoString(), nullable=False),
        sa.Column("op", AutoString(), nullable=False),
        sa.Column("provider", AutoString(), nullable=False),
        sa.Column("input_key", AutoString(), nullable=False),
        sa.Column("credits", sa.Float(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ix_ledgerentry_model_id", "ledgerentry", ["model_id"], unique=False)
    _index("ix_ledgerentry_run_id", "ledgerentry", ["run_id"], unique=False)
    _table(
        "output",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("pair", AutoString(), nullable=False),
        sa.Column("stage", AutoString(), nullable=False),
        sa.Column("input_key", AutoString(), nullable=False),
        sa.Column("provider", AutoString(), nullable=False),
        sa.Column("path", AutoString(), nullable=False),
        sa.Column("sha256", AutoString(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_id", "stage", "input_key"),
    )
    _index("ix_output_model_id", "output", ["model_id"], unique=False)
    _index("ix_output_run_id", "output", ["run_id"], unique=False)
    _table(
        "pairstate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(), nullable=False),
        sa.Column("pair", AutoString(), nullable=False),
        sa.Column("status", AutoString(), nullable=False),
        sa.Column("rule", AutoString(), nullable=True),
        sa.Column("reason", AutoString(), nullable=True),
        sa.Column("output_path", AutoString(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "pair"),
    )
    _index("ix_pairstate_model_id", "pairstate", ["model_id"], unique=False)
    _index("ix_pairstate_run_id", "pairstate", ["run_id"], unique=False)

    _audit_is_append_only()


def downgrade() -> None:
    """Phase 1 is the first revision: there is nothing to go back to."""
    raise NotImplementedError("the Phase 1 schema is the oldest one")
