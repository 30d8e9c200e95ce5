"""Point 6: PostgreSQL hangs without closing its sockets. Requests that need it answer 503
within 5 s instead of waiting for as long as the hang lasts, the threads they held are freed,
the stateless endpoints keep answering meanwhile, and everything recovers afterwards."""

from __future__ import annotations

import asyncio
import copy
import time

import pytest
from sqlalchemy.engine import make_url

from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE
from tests.conftest import Lane, _client, _pg_ran
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.anyio


async def _timed(coro):
    started = time.monotonic()
    response = await coro
    return response.status_code, time.monotonic() - started


async def test_hung_postgres_gives_503_within_5_s_and_starves_nothing(app, postgres_lane,
                                                                     request, report):
    _pg_ran.append(request.node.nodeid)
    real = make_url(postgres_lane.url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    lane = Lane("postgres-hang", real.set(host="127.0.0.1", port=proxy.port)
                .render_as_string(hide_password=False))
    key = lane.new_key("hang")
    try:
        async for api in _client(app, key):
            saved = await api.post("/v1/plans", json={"athlete_id": "h",
                                                      "profile": PROFILE_EXAMPLE})
            assert saved.status_code == 201
            plan_url = f"/v1/plans/{saved.json()['id']}"
            assert (await api.get(plan_url)).status_code == 200

            proxy.pause()
            # 60 requests that need the database: more than the threadpool (40) holds
            hung = [asyncio.create_task(_timed(api.get(plan_url))) for _ in range(30)]
            hung += [asyncio.create_task(_timed(api.post(
                "/v1/plans", json={"athlete_id": f"h{i}", "profile": PROFILE_EXAMPLE})))
                for i in range(30)]
            await asyncio.sleep(0.5)
            # Stateless work that runs in a thread (a programme not seen before) is not
            # queued behind them
            other = copy.deepcopy(PROGRAMME_EXAMPLE)
            other["profile"]["session_minutes"] = 41
            status, stateless_s = await _timed(api.post("/v1/programmes/generate", json=other))
            assert status == 200
            assert stateless_s < 1.0
            results = await asyncio.wait_for(asyncio.gather(*hung), 15)
            statuses = {s for s, _ in results}
            slowest = max(t for _, t in results)
            assert statuses == {503}, statuses
            assert slowest < 5.0, str(sorted(round(t, 2) for _, t in results))
            status, after_s = await _timed(api.get(plan_url))  # still hung: 503 again, in time
            assert status == 503
            assert after_s < 5.0

            proxy.resume()
            for _ in range(20):
                if (await api.get(plan_url)).status_code == 200:
                    break
                await asyncio.sleep(0.25)
            assert (await api.get(plan_url)).status_code == 200
    finally:
        proxy.resume()
        proxy.stop()
        postgres_lane.activate()
    report(f"hung PostgreSQL: 60 requests answered 503, slowest {slowest:.2f} s; a stateless "
           f"programme meanwhile {stateless_s * 1000:.0f} ms")
