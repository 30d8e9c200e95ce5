"""Every /v1 endpoint needs a key; health and docs do not; revocation is immediate."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app import crud
from app.core.db import get_engine
from app.core.security import hash_key
from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio

V1 = [
    ("GET", "/v1/exercises", None),
    ("GET", "/v1/exercises/nordic-curl", None),
    ("GET", "/v1/equipment", None),
    ("POST", "/v1/plans/generate", PROFILE_EXAMPLE),
    ("POST", "/v1/plans", {"athlete_id": "a", "profile": PROFILE_EXAMPLE}),
    ("GET", "/v1/plans", None),
    ("GET", "/v1/plans/00000000-0000-0000-0000-000000000000", None),
    ("PUT", "/v1/plans/00000000-0000-0000-0000-000000000000", {"name": "x"}),
    ("DELETE", "/v1/plans/00000000-0000-0000-0000-000000000000", None),
]


@pytest.mark.parametrize(("method", "path", "body"), V1)
async def test_missing_key_is_401_problem(anon, method, path, body):
    r = await anon.request(method, path, json=body)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("/problems/unauthorized")


@pytest.mark.parametrize(("method", "path", "body"), V1)
async def test_wrong_key_is_401(anon, method, path, body):
    r = await anon.request(method, path, json=body, headers={"X-API-Key": "sk_nope_nope"})
    assert r.status_code == 401


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/docs", "/openapi.json"])
async def test_health_and_docs_need_no_key(anon, path):
    assert (await anon.get(path)).status_code == 200


async def test_revoked_key_is_refused_at_once(anon, sqlite_lane):
    key = sqlite_lane.new_key("short-lived")
    ok = await anon.get("/v1/equipment", headers={"X-API-Key": key})
    assert ok.status_code == 200
    with Session(get_engine()) as s:
        row = next(k for k in crud.list_keys(s) if k.hash == hash_key(key))
        assert crud.revoke_key(s, client_id=row.client_id, key_id=row.id,
                               keep_one=False) == "revoked"
    refused = await anon.get("/v1/equipment", headers={"X-API-Key": key})
    assert refused.status_code == 401


async def test_keys_are_stored_only_as_hashes(sqlite_lane):
    key = sqlite_lane.new_key("hashed")
    with Session(get_engine()) as s:
        rows = crud.list_keys(s)
    assert all(key not in (r.hash, r.prefix, r.name) for r in rows)
    assert any(key.startswith(r.prefix) for r in rows)


async def test_docs_offer_the_api_key_scheme(anon):
    spec = (await anon.get("/openapi.json")).json()
    scheme = spec["components"]["securitySchemes"]["ApiKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-Key"}
