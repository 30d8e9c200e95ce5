"""Alembic environment: metadata from the SQLModel models, the URL from settings.

The URL can be overridden by setting the main option sqlalchemy.url (app.core.migrate does, so
tests can migrate any database). SQLite runs in batch mode so ALTERs work there too.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from sqlalchemy import pool
from sqlmodel import SQLModel, create_engine

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from alembic import context
from app.core.config import get_settings
from app.core.db import normalise_url

config = context.config
# Configured from pyproject's [tool.alembic], config_file_name is still "alembic.ini".
if config.config_file_name is not None and os.path.exists(config.config_file_name):
    fileConfig(config.config_file_name)

target_metadata = SQLModel.metadata


def _url() -> str:
    return normalise_url(config.get_main_option("sqlalchemy.url") or get_settings().database_url)


def run_migrations_offline() -> None:
    url = _url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=url.startswith("sqlite"), compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
