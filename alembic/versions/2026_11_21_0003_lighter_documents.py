"""Plans as json rather than jsonb, stored idempotent responses as bytes.

The service reads and writes plans whole and never queries inside them, so PostgreSQL's jsonb
parsing on every save was work for nothing; the response kept for an Idempotency-Key is only ever
replayed byte for byte, so it is stored as the serialized JSON bytes it was sent as.

Revision ID: 0003_lighter_documents
Revises: 0002_session_logs
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0003_lighter_documents"
down_revision: str | None = "0002_session_logs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSONDoc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("saved_plans") as batch:
        batch.alter_column("plan", existing_type=JSONDoc, type_=sa.JSON(),
                           existing_nullable=False,
                           postgresql_using="plan::json" if postgres else None)
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.alter_column("response", existing_type=JSONDoc, type_=sa.LargeBinary(),
                           existing_nullable=False,
                           postgresql_using="convert_to(response::text, 'UTF8')"
                           if postgres else None)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:  # responses stored as bytes are not turned back into jsonb: forget them
        op.execute("DELETE FROM idempotency_keys")
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.alter_column("response", existing_type=sa.LargeBinary(), type_=JSONDoc,
                           existing_nullable=False,
                           postgresql_using="convert_from(response, 'UTF8')::jsonb"
                           if postgres else None)
    with op.batch_alter_table("saved_plans") as batch:
        batch.alter_column("plan", existing_type=sa.JSON(), type_=JSONDoc,
                           existing_nullable=False,
                           postgresql_using="plan::jsonb" if postgres else None)
