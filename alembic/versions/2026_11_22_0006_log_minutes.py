"""Session logs carry optional minutes: with the session RPE they give the actual training load.

Revision ID: 0006_log_minutes
Revises: 0005_app_keys
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006_log_minutes"
down_revision: str | None = "0005_app_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("session_logs") as batch:
        batch.add_column(sa.Column("minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("session_logs") as batch:
        batch.drop_column("minutes")
