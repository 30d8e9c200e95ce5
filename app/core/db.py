"""The database engine from settings, and sessions for the routes.

Sync SQLModel sessions: routes that touch the database are plain `def` functions, which FastAPI
runs in its threadpool, so a slow query never stalls the event loop serving other requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_core import from_json, to_json
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from app.core import dbguard
from app.core.config import get_settings


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// both mean psycopg 3 here."""
    u = make_url(url)
    if u.drivername in ("postgres", "postgresql"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def ensure_sqlite_folder(url: str) -> None:
    """An SQLite file's folder must exist before anything (migrations included) opens it."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        Path(u.database).parent.mkdir(parents=True, exist_ok=True)


def build_engine(url: str) -> Engine:
    url = normalise_url(url)
    ensure_sqlite_folder(url)
    u = make_url(url)
    # pydantic-core reads and writes the JSON columns: several times faster than json for the
    # 20 KB plans every save stores.
    # hide_parameters: a database error's message never carries the values it was given
    # (plan names, athlete ids, whole plans) into a log line.
    kwargs: dict[str, Any] = {"json_deserializer": from_json, "hide_parameters": True,
                              "json_serializer": lambda obj: to_json(obj).decode()}
    settings = get_settings()
    if u.get_backend_name() == "sqlite":
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        # As many pooled connections as threadpool workers (40), so none is opened per request.
        # Every wait is bounded: a new connection (2 s, libpq's minimum), a free pooled one
        # (pool timeout), a statement (server-side statement_timeout), a dead peer (TCP
        # keepalives) and a hung one (the watchdog in app.core.dbguard, which also pings).
        statement_ms = int(settings.db_statement_timeout_seconds * 1000)
        kwargs.update(
            pool_size=40, max_overflow=10, pool_timeout=settings.db_pool_timeout_seconds,
            connect_args={
                "connect_timeout": 2, "keepalives": 1, "keepalives_idle": 10,
                "keepalives_interval": 3, "keepalives_count": 3,
                "options": f"-c statement_timeout={statement_ms} "
                           f"-c idle_in_transaction_session_timeout={statement_ms * 4}",
            },
        )
    engine = create_engine(url, **kwargs)
    if u.get_backend_name() == "postgresql":
        dbguard.install(engine, settings.db_request_timeout_seconds)
    if u.get_backend_name() == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Take the write lock when a transaction begins: concurrent writers then wait their
            # turn (busy_timeout) instead of failing on a read snapshot that went stale.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    return engine


@lru_cache
def get_engine() -> Engine:
    return build_engine(get_settings().database_url)


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
