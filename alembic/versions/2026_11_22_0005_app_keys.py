"""Apps own the data, keys only authenticate: api_keys, several per app.

Each existing client (an app with exactly one key) keeps its id - so every plan, log and
idempotency record stays where it is - and its key moves into api_keys unchanged: the same
hash, prefix and creation time, revoked if it was revoked. Idempotency records learn which
athlete they belong to, so erasing an athlete erases them too.

Downgrade puts one key back on each app (its newest live key, else its newest key); keys made
after the upgrade beyond that one are dropped with the table.

Revision ID: 0005_app_keys
Revises: 0003_lighter_documents
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005_app_keys"
down_revision: str | None = "0003_lighter_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["api_clients.id"], ondelete="CASCADE",
                                name=op.f("fk_api_keys_client_id_api_clients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("hash", name=op.f("uq_api_keys_hash")),
    )
    op.create_index("ix_api_keys_client", "api_keys", ["client_id", "id"])
    op.execute(
        "INSERT INTO api_keys (client_id, name, prefix, hash, created_at, revoked_at) "
        "SELECT id, 'first key', key_prefix, key_hash, created_at, revoked_at FROM api_clients"
    )
    with op.batch_alter_table("api_clients") as batch:
        batch.drop_constraint("uq_api_clients_key_hash", type_="unique")
        batch.drop_column("key_hash")
        batch.drop_column("key_prefix")
        batch.drop_column("revoked_at")
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("athlete_id", sa.String(length=128), nullable=True))
    op.execute(
        "UPDATE idempotency_keys SET athlete_id = (SELECT p.athlete_id FROM saved_plans p "
        "WHERE p.id = idempotency_keys.resource_id)"
    )
    op.create_index("ix_idempotency_keys_client_athlete", "idempotency_keys",
                    ["client_id", "athlete_id"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_client_athlete", table_name="idempotency_keys")
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("athlete_id")
    with op.batch_alter_table("api_clients") as batch:
        batch.add_column(sa.Column("key_prefix", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("key_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    # One key per app again: the newest live key, else the newest (then the app stays revoked).
    chosen = ("(SELECT k.{col} FROM api_keys k WHERE k.client_id = api_clients.id "
              "ORDER BY CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END, k.id DESC LIMIT 1)")
    op.execute(
        f"UPDATE api_clients SET key_prefix = {chosen.format(col='prefix')}, "
        f"key_hash = {chosen.format(col='hash')}, revoked_at = {chosen.format(col='revoked_at')}"
    )
    # An app without any key (cannot happen through the service) gets an unusable placeholder.
    op.execute(
        "UPDATE api_clients SET key_prefix = 'sk_none', key_hash = 'none-' || CAST(id AS "
        "VARCHAR(20)), revoked_at = created_at WHERE key_hash IS NULL"
    )
    with op.batch_alter_table("api_clients") as batch:
        batch.alter_column("key_prefix", existing_type=sa.String(length=16), nullable=False)
        batch.alter_column("key_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint("uq_api_clients_key_hash", ["key_hash"])
    op.drop_index("ix_api_keys_client", table_name="api_keys")
    op.drop_table("api_keys")
