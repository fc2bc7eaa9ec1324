"""LoRA versions record their base model's license.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add loraversion.base_license (earlier rows: unknown)."""
    with op.batch_alter_table("loraversion") as batch:
        batch.add_column(
            sa.Column("base_license", AutoString(), nullable=False, server_default="unknown")
        )


def downgrade() -> None:
    """Drop it again."""
    with op.batch_alter_table("loraversion") as batch:
        batch.drop_column("base_license")
