"""PostgreSQL goes away and comes back: stateless endpoints keep answering, plan storage
answers 503 with a problem body, and everything recovers without a restart."""

from __future__ import annotations

import copy

import httpx
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


async def test_postgres_outage_under_load_loses_no_accepted_save(postgres_lane, request, report):
    """Saves keep arriving while PostgreSQL goes away and comes back: during the outage they get
    503 with Retry-After, afterwards they succeed again without a restart, and every save that
    got a 201 is there at the end."""
    import asyncio

    _pg_ran.append(request.node.nodeid)
    real = make_url(postgres_lane.url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    lane = Lane("postgres-load", real.set(host="127.0.0.1", port=proxy.port)
                .render_as_string(hide_password=False))
    key = lane.new_key("outage-load")
    from app.core.config import get_settings
    from app.main import create_app

    app = create_app(get_settings().model_copy(update={"rate_limit_requests": 10**9}))
    accepted: list[str] = []
    statuses: dict[int, int] = {}
    stop = asyncio.Event()
    try:
        async for api in _client(app, key):
            async def saver(api: object, i: int) -> None:
                assert isinstance(api, httpx.AsyncClient)
                n = 0
                while not stop.is_set():
                    n += 1
                    r = await api.post("/v1/plans", json={"athlete_id": f"load-{i}-{n}",
                                                          "profile": PROFILE_EXAMPLE})
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code == 201:
                        accepted.append(r.json()["id"])
                    else:
                        assert r.status_code == 503, r.text
                        assert r.headers["retry-after"]
                    await asyncio.sleep(0.005)

            async def outage() -> None:
                await asyncio.sleep(0.6)
                proxy.stop()
                await asyncio.sleep(1.0)
                proxy.start()
                await asyncio.sleep(1.5)
                stop.set()

            before = len(accepted)
            await asyncio.gather(outage(), *[saver(api, i) for i in range(8)])
            assert statuses.get(503, 0) > 0, statuses  # the outage was seen
            assert len(accepted) > before
            recovered = await api.post("/v1/plans", json={"athlete_id": "after",
                                                          "profile": PROFILE_EXAMPLE})
            assert recovered.status_code == 201
            missing = [pid for pid in accepted
                       if (await api.get(f"/v1/plans/{pid}")).status_code != 200]
            assert missing == []
            report(f"outage under load: {statuses.get(201, 0)} saves accepted, "
                   f"{statuses.get(503, 0)} refused with 503 during the outage, 0 lost")
    finally:
        proxy.stop()
        postgres_lane.activate()
