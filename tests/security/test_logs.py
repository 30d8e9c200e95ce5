"""Point 8: no request data in any log line, database errors included. A constraint added for
the test makes the database refuse a save; the log lines written meanwhile are read back."""

from __future__ import annotations

import io
import logging

import httpx
import pytest
from sqlalchemy import text

from app.core.db import get_engine
from app.core.logging import JsonFormatter
from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio
SECRET = "Secret-Name-7f3a"


@pytest.fixture
def refusing_db(lane):
    """The database refuses any plan named SECRET, with an error that quotes the row."""
    engine = get_engine()
    with engine.begin() as conn:
        if lane.name == "postgres":
            conn.execute(text("ALTER TABLE saved_plans ADD CONSTRAINT ck_test_no_secret "
                              f"CHECK (name IS NULL OR name <> '{SECRET}') NOT VALID"))
        else:
            conn.execute(text("CREATE TRIGGER test_no_secret BEFORE INSERT ON saved_plans "
                              f"WHEN NEW.name = '{SECRET}' BEGIN "
                              "SELECT RAISE(ABORT, 'refused'); END"))
    yield
    with engine.begin() as conn:
        if lane.name == "postgres":
            conn.execute(text("ALTER TABLE saved_plans DROP CONSTRAINT ck_test_no_secret"))
        else:
            conn.execute(text("DROP TRIGGER test_no_secret"))


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


async def test_a_database_error_is_logged_without_the_request_data(app, refusing_db,
                                                                  log_lines, lane, report):
    body = {"athlete_id": "athlete-9c1e", "name": SECRET,
            "profile": {**PROFILE_EXAMPLE, "session_minutes": 47}}
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test",
                                 headers={"X-API-Key": lane.keys["a"]}) as api:
        r = await api.post("/v1/plans", json=body, headers={"Idempotency-Key": "idem-5d2b"})
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert SECRET not in r.text
    logged = log_lines.getvalue()
    assert "unhandled error" in logged  # the error was logged...
    assert "IntegrityError" in logged  # ...with its type...
    for value in (SECRET, "athlete-9c1e", "idem-5d2b", "session_minutes"):
        assert value not in logged, value  # ...but none of what the request carried
    report(f"[{lane.name}] forced database error: logged {len(logged.splitlines())} lines, "
           "no request value in them")
