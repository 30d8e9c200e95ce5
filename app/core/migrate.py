"""Apply Alembic migrations from code (the run command and the container start do this)."""

from __future__ import annotations

import os
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql
from sqlalchemy.engine import Engine, make_url

from alembic import command
from app.core.db import ensure_sqlite_folder, normalise_url

# The repository's alembic/ folder; an installed package (the Docker image) names it by env.
SCRIPT_LOCATION = Path(
    os.environ.get("ALEMBIC_SCRIPT_LOCATION") or Path(__file__).resolve().parents[2] / "alembic"
)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def ensure_database(url: str) -> str | None:
    """A PostgreSQL database that does not exist yet is made (as `createdb` would), so a first
    `migrate` on a fresh server works; returns a line saying so, or None when nothing was done.
    Without the right to create it, the error says what to run instead."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or not u.database:
        return None
    import psycopg

    dsn = u.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(dsn, connect_timeout=5).close()
        return None
    except psycopg.OperationalError as exc:
        if f'database "{u.database}" does not exist' not in str(exc):
            raise
    admin = u.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(u.database)))
    except psycopg.Error as exc:
        raise SystemExit(
            f"database {u.database!r} does not exist and could not be created "
            f"({type(exc).__name__}); create it with: createdb -h {u.host or 'localhost'} "
            f"-U {u.username or 'postgres'} {u.database}") from None
    return f"created database {u.database}"


def upgrade(url: str, revision: str = "head") -> None:
    ensure_sqlite_folder(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
