"""Migrations are the only way the schema is made: up, down, up again, and no pending diff."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.core import migrate
from app.core.db import normalise_url


def test_upgrade_downgrade_upgrade_and_models_match(lane):
    migrate.downgrade(lane.url, "base")
    engine = create_engine(normalise_url(lane.url))
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(lane.url)
        assert {"api_clients", "saved_plans", "idempotency_keys"} <= set(
            inspect(engine).get_table_names())
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, SQLModel.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
        migrate.upgrade(lane.url)
    # The lane's clients were dropped with the tables: make them again for later tests.
    lane.keys["a"] = lane.new_key("app-a")
    lane.keys["b"] = lane.new_key("app-b")
