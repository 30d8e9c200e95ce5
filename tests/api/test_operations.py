"""Request ids, JSON logs, body and media-type limits, rate limits, CORS and metrics."""

from __future__ import annotations

import json
import logging
import socket
import uuid

import httpx
import pytest
from pydantic import ValidationError

from app.core.config import Settings, get_settings
from app.core.logging import JsonFormatter
from app.main import create_app
from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio


def make(sqlite_lane, **overrides):
    sqlite_lane.activate()
    settings = get_settings().model_copy(update=overrides)
    return create_app(settings)


async def call(app, method, path, key=None, **kw):
    headers = kw.pop("headers", {})
    if key:
        headers["X-API-Key"] = key
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        return await c.request(method, path, headers=headers, **kw)


class TestRequestId:
    async def test_generated_when_absent_and_echoed_when_given(self, client):
        r = await client.get("/v1/equipment")
        assert len(r.headers["x-request-id"]) == 32
        r = await client.get("/v1/equipment", headers={"X-Request-ID": "abc-123"})
        assert r.headers["x-request-id"] == "abc-123"

    async def test_unsafe_request_id_is_replaced(self, client):
        r = await client.get("/v1/equipment", headers={"X-Request-ID": "a b\tc"})
        assert r.headers["x-request-id"] != "a b\tc"

    async def test_errors_carry_it_too(self, anon):
        r = await anon.get("/v1/equipment", headers={"X-Request-ID": "err-1"})
        assert r.status_code == 401
        assert r.headers["x-request-id"] == "err-1"


async def test_json_logs_carry_the_request_id_and_no_secrets(client, caplog, sqlite_lane):
    caplog.set_level(logging.INFO, logger="app.access")
    await client.post("/v1/plans", headers={"X-Request-ID": "log-1"},
                      json={"athlete_id": "secret-athlete-77", "profile": PROFILE_EXAMPLE})
    await client.get("/v1/plans", params={"athlete_id": "secret-athlete-77"},
                     headers={"X-Request-ID": "log-2"})
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "app.access"]
    parsed = [json.loads(line) for line in lines]
    mine = [p for p in parsed if p["request_id"] in ("log-1", "log-2")]
    assert {p["route"] for p in mine} == {"/v1/plans"}
    assert {p["status"] for p in mine} == {201, 200}
    text = "\n".join(lines)
    assert "secret-athlete-77" not in text
    assert sqlite_lane.keys["a"] not in text
    assert "achilles" not in text  # no profile content


class TestLimits:
    async def test_body_over_64_kib_is_413(self, client):
        big = {**PROFILE_EXAMPLE, "padding": "x" * 70_000}
        r = await client.post("/v1/plans/generate", json=big)
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/problems/payload-too-large")

    async def test_chunked_body_over_the_limit_is_413(self, client):
        async def chunks():
            for _ in range(20):
                yield b"x" * 8192

        r = await client.post("/v1/plans/generate", content=chunks(),
                              headers={"content-type": "application/json"})
        assert r.status_code == 413

    async def test_non_json_body_is_415(self, client):
        r = await client.post("/v1/plans/generate", content=b"experience=beginner",
                              headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415
        assert r.json()["type"].endswith("/problems/unsupported-media-type")


class TestRateLimit:
    async def test_every_v1_response_carries_ratelimit_headers(self, client):
        r = await client.get("/v1/equipment")
        assert r.headers["ratelimit-policy"].startswith('"per-key";q=')
        assert r.headers["ratelimit"].startswith('"per-key";r=')

    async def test_over_the_limit_is_429_with_retry_after(self, sqlite_lane):
        app = make(sqlite_lane, rate_limit_requests=3, rate_limit_window_seconds=60,
                   redis_url=None)
        key = sqlite_lane.new_key("limited")
        codes = [(await call(app, "GET", "/v1/equipment", key)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = await call(app, "GET", "/v1/equipment", key)
        assert r.headers["content-type"] == "application/problem+json"
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.headers["ratelimit"].startswith('"per-key";r=0;')
        other = sqlite_lane.new_key("unlimited")
        assert (await call(app, "GET", "/v1/equipment", other)).status_code == 200

    async def test_two_instances_share_one_limit_in_redis(self, sqlite_lane, redis_url):
        settings = {"rate_limit_requests": 4, "rate_limit_window_seconds": 60,
                    "redis_url": redis_url}
        first, second = make(sqlite_lane, **settings), make(sqlite_lane, **settings)
        key = sqlite_lane.new_key("shared-limit")
        codes = []
        for i in range(6):
            codes.append((await call(first if i % 2 else second, "GET", "/v1/equipment",
                                     key)).status_code)
        assert codes == [200, 200, 200, 200, 429, 429]

    @pytest.mark.parametrize(("fail_open", "status"), [(True, 200), (False, 503)])
    async def test_redis_down_fails_open_or_closed_as_configured(
        self, sqlite_lane, fail_open, status
    ):
        with socket.socket() as s:  # a port nobody listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        app = make(sqlite_lane, redis_url=f"redis://127.0.0.1:{port}/0",
                   rate_limit_fail_open=fail_open)
        r = await call(app, "GET", "/v1/equipment", sqlite_lane.keys["a"])
        assert r.status_code == status
        if status == 503:
            assert r.headers["content-type"] == "application/problem+json"


@pytest.fixture
def redis_url():
    url = "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        pytest.skip("Redis lane: no Redis at 127.0.0.1:6379")
    return url


class TestCors:
    async def test_allowed_origin_gets_exposed_headers(self, sqlite_lane):
        app = make(sqlite_lane, cors_origins=["https://app.example.com"])
        r = await call(app, "GET", "/v1/equipment", sqlite_lane.keys["a"],
                       headers={"Origin": "https://app.example.com"})
        assert r.headers["access-control-allow-origin"] == "https://app.example.com"
        exposed = r.headers["access-control-expose-headers"].lower()
        for name in ("etag", "location", "retry-after", "ratelimit", "x-request-id"):
            assert name in exposed
        pre = await call(app, "OPTIONS", "/v1/plans", headers={
            "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-API-Key,Content-Type"})
        assert pre.status_code == 200

    async def test_other_origins_get_nothing(self, sqlite_lane):
        app = make(sqlite_lane, cors_origins=["https://app.example.com"])
        r = await call(app, "GET", "/v1/equipment", sqlite_lane.keys["a"],
                       headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers

    def test_wildcard_with_credentials_is_refused(self):
        with pytest.raises(ValidationError, match="CORS_ORIGINS"):
            Settings(cors_origins=["*"], cors_allow_credentials=True)


async def test_metrics_count_requests_and_plans(client, anon):
    await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)
    await client.post("/v1/plans", json={"athlete_id": f"m-{uuid.uuid4().hex[:6]}",
                                         "profile": PROFILE_EXAMPLE})
    body = (await anon.get("/metrics")).text
    assert 'http_requests_total{method="POST",route="/v1/plans/generate",status="200"}' in body
    assert "http_request_duration_seconds_bucket" in body
    generated = next(line for line in body.splitlines()
                     if line.startswith("plans_generated_total "))
    saved = next(line for line in body.splitlines() if line.startswith("plans_saved_total "))
    assert float(generated.split()[1]) >= 2
    assert float(saved.split()[1]) >= 1
