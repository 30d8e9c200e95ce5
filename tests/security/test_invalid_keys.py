"""Point 7: made-up API keys are limited per client address in bounded memory, with no Redis
key and no database lookup of their own past the address's limit; the in-memory limiter does a
constant amount of work per request however many identities it has seen."""

from __future__ import annotations

import secrets
import time
import tracemalloc
import uuid

import httpx
import pytest

from app.api.middleware import ServiceMiddleware
from app.core.config import get_settings
from app.core.ratelimit import MemoryLimiter
from app.main import create_app

pytestmark = pytest.mark.anyio


def _random_key() -> str:
    return f"sk_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"


async def _hammer(app, n: int, *, valid: str | None = None) -> list[int]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        if valid is not None:  # the app's key is in use before the attack starts
            assert (await c.get("/v1/equipment", headers={"X-API-Key": valid})).status_code == 200
        codes = [(await c.get("/v1/equipment", headers={"X-API-Key": _random_key()})).status_code
                 for _ in range(n)]
        if valid is not None:
            codes.append((await c.get("/v1/equipment", headers={"X-API-Key": valid})).status_code)
    return codes


async def test_random_keys_share_their_address_bucket(lane, report):
    lane.activate()
    app = create_app(get_settings().model_copy(update={
        "rate_limit_requests": 50, "rate_limit_window_seconds": 60, "redis_url": None}))
    codes = await _hammer(app, 300, valid=lane.keys["a"])
    refused, limited = codes[:-1].count(401), codes[:-1].count(429)
    assert refused <= 50  # at most the address's limit ever reached the key store
    assert limited >= 250
    assert codes[-1] == 200  # a key in use, even from that address, still gets through
    report(f"[{lane.name}] 300 random keys from one address: {refused} looked up (401), "
           f"{limited} answered 429 without a lookup")


async def test_random_keys_make_no_redis_key_each(sqlite_lane, report):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        pytest.skip("Redis lane: no Redis at 127.0.0.1:6379")
    sqlite_lane.activate()
    app = create_app(get_settings().model_copy(update={
        "rate_limit_requests": 10**6, "rate_limit_window_seconds": 60, "redis_url": url}))
    store = redis.Redis.from_url(url)
    before = len(store.keys("stride:rl:*"))
    await _hammer(app, 500)
    after = len(store.keys("stride:rl:*"))
    store.close()
    assert after - before <= 2  # the address's key (and one more if a window turned over)
    report(f"500 random keys with Redis: {after - before} new Redis keys")


async def test_100000_random_keys_stay_in_bounded_memory(report):
    limiter = MemoryLimiter(600, 60)
    middleware = ServiceMiddleware(lambda *_: None, max_body=1, limiter=limiter,  # type: ignore[arg-type]
                                   fail_open=True)
    keys = [_random_key().encode() for _ in range(100_000)]
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for key in keys:  # a scope lives for one request, as with a server
        await middleware._limit({"type": "http", "client": ("198.51.100.9", 1),
                                 "headers": [(b"x-api-key", key)]})
    grown = (tracemalloc.get_traced_memory()[0] - base) / 1024 / 1024
    tracemalloc.stop()
    assert len(limiter) == 1
    assert grown < 10, grown
    report(f"100,000 random keys through the limiter: +{grown:.2f} MB, {len(limiter)} bucket")


async def test_memory_limiter_is_constant_time_past_its_table_size(report):
    limiter = MemoryLimiter(600, 3600, max_entries=100_000)
    started = time.perf_counter()
    slowest = 0.0
    for i in range(150_000):
        t0 = time.perf_counter()
        await limiter.hit(f"id-{i}-{uuid.uuid4().hex[:6]}")
        slowest = max(slowest, time.perf_counter() - t0)
    total = time.perf_counter() - started
    assert len(limiter) == 100_001  # bounded: newcomers past the table share one bucket
    # Copying a 100,000-entry table on each request (the old way) would take minutes here.
    assert total < 10, total
    report(f"150,000 identities: {total:.2f} s in all, slowest hit {slowest * 1000:.2f} ms, "
           f"table {len(limiter)} entries")
