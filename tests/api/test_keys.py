"""Apps own the data, keys only authenticate: rotation keeps every plan, on both databases."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from app import crud
from app.__main__ import main as cli
from app.api import deps
from app.core import migrate
from app.core.db import get_engine
from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio


def _client(app, key: str, bearer: bool = False) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {key}"} if bearer else {"X-API-Key": key}
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test",
                             headers=headers)


async def test_rotation_keeps_the_data_and_refuses_the_old_key(app, lane):
    old = lane.new_key("rotating")
    async with _client(app, old) as before:
        saved = await before.post("/v1/plans", json={"athlete_id": "r1",
                                                     "profile": PROFILE_EXAMPLE})
        assert saved.status_code == 201
        made = await before.post("/v1/keys", json={"name": "production 2026-11"})
        assert made.status_code == 201
        new = made.json()["key"]
        assert made.headers["location"] == f"/v1/keys/{made.json()['id']}"
        assert new != old
        assert new.startswith(made.json()["prefix"])
        listed = (await before.get("/v1/keys")).json()["data"]
        assert [k["current"] for k in listed] == [True, False]
        assert all("key" not in k for k in listed)
        old_id = listed[0]["id"]
    async with _client(app, new) as after:
        assert (await after.get(f"/v1/plans/{saved.json()['id']}")).status_code == 200
        assert (await after.delete(f"/v1/keys/{old_id}")).status_code == 204
        plans = (await after.get("/v1/plans?athlete_id=r1")).json()["data"]
        assert [p["id"] for p in plans] == [saved.json()["id"]]
        keys = (await after.get("/v1/keys")).json()["data"]
        assert keys[0]["revoked_at"] is not None
        assert keys[1]["revoked_at"] is None
    async with _client(app, old) as stale:
        refused = await stale.get(f"/v1/plans/{saved.json()['id']}")
        assert refused.status_code == 401


async def test_the_last_live_key_cannot_be_revoked(app, lane):
    key = lane.new_key("lonely")
    async with _client(app, key) as api:
        mine = (await api.get("/v1/keys")).json()["data"]
        assert len(mine) == 1
        r = await api.delete(f"/v1/keys/{mine[0]['id']}")
        assert r.status_code == 409
        assert r.headers["content-type"] == "application/problem+json"
        assert (await api.get("/v1/keys")).status_code == 200  # still live


async def test_another_apps_key_is_a_404_and_stays_live(app, lane, api, other_api):
    theirs = (await other_api.get("/v1/keys")).json()["data"]
    r = await api.delete(f"/v1/keys/{theirs[0]['id']}")
    assert r.status_code == 404
    assert (await other_api.get("/v1/keys")).status_code == 200


async def test_bearer_authorization_is_accepted_like_x_api_key(app, lane):
    key = lane.new_key("bearer")
    async with _client(app, key, bearer=True) as api:
        r = await api.get("/v1/keys")
        assert r.status_code == 200
        assert r.headers["ratelimit"]
    async with _client(app, "sk_nope_nope", bearer=True) as wrong:
        r = await wrong.get("/v1/keys")
        assert r.status_code == 401
        assert "Bearer" in r.headers["www-authenticate"]


async def test_last_used_is_recorded_at_most_once_a_minute(app, lane):
    key = lane.new_key("used")
    async with _client(app, key) as api:
        assert (await api.get("/v1/keys")).json()["data"][0]["last_used_at"] is not None
        first = (await api.get("/v1/keys")).json()["data"][0]["last_used_at"]
        for _ in range(3):
            await api.get("/v1/equipment")
        assert (await api.get("/v1/keys")).json()["data"][0]["last_used_at"] == first
        deps._touched[crud.hash_key(key)] -= deps.TOUCH_EVERY  # a minute later
        later = (await api.get("/v1/keys")).json()["data"][0]["last_used_at"]
        assert later >= first


def test_cli_makes_apps_and_keys_and_revokes_one(lane, capsys):
    lane.activate()
    name = f"cli-{uuid.uuid4().hex[:6]}"
    assert cli(["apps", "create", "--name", name]) == 0
    first = re.search(r"key \(shown once\): (\S+)", capsys.readouterr().out)
    assert first is not None
    assert cli(["apps", "create", "--name", name]) == 1  # names are unique
    assert cli(["keys", "create", "--app", name, "--name", "ci"]) == 0
    second = re.search(r"key (\d+) 'ci'.*\nkey \(shown once\): (\S+)", capsys.readouterr().out)
    assert second is not None
    assert cli(["keys", "list", "--app", name]) == 0
    listing = capsys.readouterr().out
    assert listing.count(name) == 2
    assert first.group(1) not in listing  # never the secret
    assert cli(["keys", "revoke", "--app", name, "--key", second.group(1)]) == 0
    with Session(get_engine()) as s:
        assert crud.key_for_secret(s, key=second.group(2)) is None
        found = crud.key_for_secret(s, key=first.group(1))
        assert found is not None
        assert found[1].name == name


def test_migration_moves_each_client_and_its_key_into_apps(lane):
    """From the one-key-per-client schema (0003) to apps with keys, and back, losing nothing."""
    key, prefix = "sk_0123abcd_migrated-secret", "sk_0123abcd"
    digest = crud.hash_key(key)
    plan_id = uuid.uuid4()
    engine = get_engine()
    migrate.downgrade(lane.url, "0003_lighter_documents")
    try:
        with engine.begin() as conn:
            client_id = conn.execute(text(
                "INSERT INTO api_clients (name, key_prefix, key_hash, created_at) VALUES "
                "(:n, :p, :h, CURRENT_TIMESTAMP) RETURNING id"),
                {"n": f"legacy-{uuid.uuid4().hex[:6]}", "p": prefix, "h": digest}).scalar_one()
            conn.execute(text(
                "INSERT INTO saved_plans (id, client_id, athlete_id, name, kind, profile, plan, "
                "engine_version, version, created_at, updated_at) VALUES (:id, :c, 'ath', 'p', "
                "'week', '{}', '{}', 'x', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"id": plan_id if lane.name == "postgres" else plan_id.hex, "c": client_id})
        migrate.upgrade(lane.url)
        with Session(engine) as s:
            found = crud.key_for_secret(s, key=key)
            assert found is not None
            assert found[1].id == client_id
            assert found[0].prefix == prefix
            plan = crud.get_plan(s, client_id=client_id, plan_id=plan_id)
            assert plan is not None
            assert plan.athlete_id == "ath"
        migrate.downgrade(lane.url, "0003_lighter_documents")
        with engine.connect() as conn:
            back = conn.execute(text("SELECT id FROM api_clients WHERE key_hash = :h"),
                                {"h": digest}).scalar_one()
            assert back == client_id
    finally:
        migrate.upgrade(lane.url)
        engine.dispose()
