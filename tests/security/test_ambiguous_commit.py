"""Point 11: a save the database committed but never acknowledged (the connection is cut after
the INSERT reached PostgreSQL) answers 503 saying the write may have been stored and how to
retry safely; the retry with the same Idempotency-Key replays the stored plan instead of saving
it twice, and Location says where it is when no key was sent."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.schemas import PROFILE_EXAMPLE
from tests.conftest import Lane, _client, _pg_ran
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.anyio


def _rows(url: str, athlete: str) -> int:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM saved_plans WHERE athlete_id = :a"),
                             {"a": athlete}).scalar_one()
    engine.dispose()
    return int(count)


async def test_a_lost_commit_acknowledgement_is_safe_to_retry(app, postgres_lane, request,
                                                              report):
    _pg_ran.append(request.node.nodeid)
    real = make_url(postgres_lane.url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    lane = Lane("postgres-ack", real.set(host="127.0.0.1", port=proxy.port)
                .render_as_string(hide_password=False))
    key = lane.new_key("ack")
    try:
        async for api in _client(app, key):
            assert (await api.get("/v1/equipment")).status_code == 200  # key verified
            body = {"athlete_id": "ack-1", "profile": PROFILE_EXAMPLE}
            headers = {"Idempotency-Key": "ack-key-1"}

            proxy.swallow_reply_after(b"INSERT INTO saved_plans")
            lost = await api.post("/v1/plans", json=body, headers=headers)
            assert lost.status_code == 503
            assert "Idempotency-Key" in lost.json()["detail"]
            assert "may or may not have been stored" in lost.json()["detail"]
            assert _rows(postgres_lane.url, "ack-1") == 1  # it was stored after all

            retry = await api.post("/v1/plans", json=body, headers=headers)
            assert retry.status_code == 201
            assert retry.headers["idempotent-replayed"] == "true"
            assert retry.headers["location"] == lost.headers["location"]
            assert _rows(postgres_lane.url, "ack-1") == 1  # not saved twice

            proxy.swallow_reply_after(b"INSERT INTO saved_plans")
            keyless = await api.post("/v1/plans", json={**body, "athlete_id": "ack-2"})
            assert keyless.status_code == 503
            found = await api.get(keyless.headers["location"])
            assert found.status_code == 200  # Location says where the stored plan is
            assert found.json()["athlete_id"] == "ack-2"
    finally:
        proxy.stop()
        postgres_lane.activate()
    report("lost commit acknowledgement: 503 naming the retry, the retry replayed, 1 row")
