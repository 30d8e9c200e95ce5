"""Plan shares: signed links to a saved plan or programme that open without an API key.

Each row is owned by the app that made it (client_id) and points at one saved plan; the link
itself carries the share id and its expiry, signed. The row lets the app revoke a link before
it expires. Deleting the plan or the app deletes its shares.

Revision ID: 0007
Revises: 0006_log_minutes
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006_log_minutes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_shares",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["api_clients.id"], ondelete="CASCADE",
                                name=op.f("fk_plan_shares_client_id_api_clients")),
        sa.ForeignKeyConstraint(["plan_id"], ["saved_plans.id"], ondelete="CASCADE",
                                name=op.f("fk_plan_shares_plan_id_saved_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_shares")),
    )
    op.create_index("ix_plan_shares_client_plan", "plan_shares", ["client_id", "plan_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_shares_client_plan", table_name="plan_shares")
    op.drop_table("plan_shares")
