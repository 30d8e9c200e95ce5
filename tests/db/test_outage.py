"""PostgreSQL goes away and comes back: stateless endpoints keep answering, plan storage
answers 503 with a problem body, and everything recovers without a restart."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy.engine import make_url

from app.schemas import PROFILE_EXAMPLE
from tests.conftest import Lane, _client, _pg_ran
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.anyio


async def test_database_outage_and_recovery(app, postgres_lane, request):
    _pg_ran.append(request.node.nodeid)
    real = make_url(postgres_lane.url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    lane = Lane("postgres-via-proxy", real.set(host="127.0.0.1", port=proxy.port)
                .render_as_string(hide_password=False))
    key = lane.new_key("outage")  # activates the proxied engine
    try:
        async for api in _client(app, key):
            first = {"athlete_id": "o", "profile": PROFILE_EXAMPLE}
            saved = await api.post("/v1/plans", json=first)
            assert saved.status_code == 201
            assert (await api.get("/v1/equipment")).status_code == 200  # key now known

            proxy.stop()
            gen = await api.post("/v1/plans/generate", json=PROFILE_EXAMPLE)
            assert gen.status_code == 200
            assert (await api.get("/v1/exercises", params={"limit": 3})).status_code == 200
            down = await api.post("/v1/plans", json={"athlete_id": "o",
                                                     "profile": copy.deepcopy(PROFILE_EXAMPLE)})
            assert down.status_code == 503
            assert down.headers["content-type"] == "application/problem+json"
            assert down.headers["retry-after"]
            assert "unavailable" in down.json()["detail"]
            assert (await api.get(f"/v1/plans/{saved.json()['id']}")).status_code == 503
            assert (await app_ready(api)) == 503

            proxy.start()  # same port: the database is back
            again = await api.post("/v1/plans", json={"athlete_id": "o",
                                                      "profile": PROFILE_EXAMPLE})
            assert again.status_code == 201
            back = await api.get(f"/v1/plans/{saved.json()['id']}")
            assert back.status_code == 200
            assert back.json() == saved.json()
            assert (await app_ready(api)) == 200
    finally:
        proxy.stop()
        postgres_lane.activate()


async def app_ready(api) -> int:
    return (await api.get("/readyz")).status_code
