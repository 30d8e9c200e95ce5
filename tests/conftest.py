"""Fixtures: an app per database lane, API clients with keys, and the PostgreSQL lane guard.

Lanes: every test that takes `lane` runs once on SQLite (a file per run) and once on
PostgreSQL when TEST_DATABASE_URL is set (a fresh database per run, dropped at the end).
With REQUIRE_POSTGRES_LANE=1 (set by .ci/run) the run fails if no PostgreSQL test ran.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session

os.environ.setdefault("HYPOTHESIS_PROFILE", "dev")

from app import crud  # noqa: E402
from app.core import migrate  # noqa: E402
from app.core.config import get_settings  # noqa: E402
from app.core.db import get_engine  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("REQUIRE_POSTGRES_LANE") == "1"
_pg_ran: list[str] = []


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Lane:
    """One configured database with two API clients."""

    name: str
    url: str
    keys: dict[str, str] = field(default_factory=dict)

    def activate(self) -> None:
        if os.environ.get("DATABASE_URL") != self.url:
            os.environ["DATABASE_URL"] = self.url
            if get_engine.cache_info().currsize:
                get_engine().dispose()
            get_settings.cache_clear()
            get_engine.cache_clear()

    def new_key(self, name: str) -> str:
        self.activate()
        with Session(get_engine()) as s:
            _, key = crud.create_client(s, name=f"{name}-{uuid.uuid4().hex[:8]}")
        return key


def _make_lane(name: str, url: str) -> Lane:
    migrate.upgrade(url)
    lane = Lane(name, url)
    lane.keys["a"] = lane.new_key("app-a")
    lane.keys["b"] = lane.new_key("app-b")
    return lane


@pytest.fixture(scope="session")
def sqlite_lane(tmp_path_factory: pytest.TempPathFactory) -> Lane:
    path = tmp_path_factory.mktemp("db") / "stride.db"
    return _make_lane("sqlite", f"sqlite:///{path}")


def _admin_url() -> str:
    return make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_lane() -> Iterator[Lane]:
    if not PG_URL:
        pytest.skip("PostgreSQL lane: TEST_DATABASE_URL is not set")
    import psycopg

    dbname = f"stride_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(_admin_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    except psycopg.OperationalError as exc:
        if REQUIRE_PG:
            raise
        pytest.skip(f"PostgreSQL lane: cannot reach TEST_DATABASE_URL ({exc.__class__.__name__})")
    url = make_url(PG_URL).set(database=dbname).render_as_string(hide_password=False)
    yield _make_lane("postgres", url)
    from app.core import keycache

    keycache.close_all()
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def lane(request: pytest.FixtureRequest) -> Lane:
    chosen: Lane = request.getfixturevalue(f"{request.param}_lane")
    chosen.activate()
    if chosen.name == "postgres":
        _pg_ran.append(request.node.nodeid)
    return chosen


@pytest.fixture(scope="session")
def app():
    """One app for the session. Its per-key rate limit is out of reach: every test on a lane
    shares that lane's keys, so with the default 600 a minute the suite itself ran into 429s
    when it ran fast (tests of the limits build their own apps with small ones)."""
    from app.core.config import get_settings
    from app.main import create_app

    return create_app(get_settings().model_copy(update={"rate_limit_requests": 10**9}))


async def _client(app, key: str | None) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"X-API-Key": key} if key else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test",
                                 headers=headers) as c:
        yield c


@pytest.fixture
async def client(app, sqlite_lane: Lane) -> AsyncIterator[httpx.AsyncClient]:
    """An authenticated client on the SQLite lane (for endpoints that store nothing)."""
    sqlite_lane.activate()
    async for c in _client(app, sqlite_lane.keys["a"]):
        yield c


@pytest.fixture
async def api(app, lane: Lane) -> AsyncIterator[httpx.AsyncClient]:
    """App A's client on the current lane."""
    async for c in _client(app, lane.keys["a"]):
        yield c


@pytest.fixture
async def other_api(app, lane: Lane) -> AsyncIterator[httpx.AsyncClient]:
    """App B's client on the same lane: it must never see A's data."""
    async for c in _client(app, lane.keys["b"]):
        yield c


@pytest.fixture
async def anon(app, sqlite_lane: Lane) -> AsyncIterator[httpx.AsyncClient]:
    sqlite_lane.activate()
    async for c in _client(app, None):
        yield c


_reports: list[str] = []


@pytest.fixture
def report():
    """Record a measured figure; all of them are listed at the end of the run."""
    return _reports.append


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _reports:
        terminalreporter.section("measured")
        for line in _reports:
            terminalreporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_PG and not _pg_ran:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(  # type: ignore[union-attr]
            "REQUIRE_POSTGRES_LANE=1 but no PostgreSQL lane test ran", red=True
        )
        session.exitstatus = 1
    elif _pg_ran:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(  # type: ignore[union-attr]
            f"PostgreSQL lane: {len(_pg_ran)} tests ran"
        )
