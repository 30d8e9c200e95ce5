"""Point 9: nothing a client does makes stored data or memory grow without bound. Swaps of
one slot replace each other; logs are capped per plan and paginated; logged slugs must exist;
expired idempotency records are purged by the service and by a command; caches count their
keys' bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import Session

from app.api.routes import plans as plan_routes
from app.core.cache import BytesLRU
from app.core.db import get_engine
from app.models import ApiClient, IdempotencyRecord, utcnow
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE
from tests.security.server import serve

pytestmark = pytest.mark.anyio


async def test_swapping_one_slot_again_replaces_the_earlier_swap(api, lane, report):
    r = await api.post("/v1/programmes", json={"athlete_id": "s", "programme": PROGRAMME_EXAMPLE})
    saved = r.json()
    session = saved["programme"]["weeks"][4]["plan"]["sessions"][0]
    original = session["exercises"][0]["slug"]
    alts = (await api.get(f"/v1/exercises/{original}/alternatives",
                          params={"equipment": PROFILE_EXAMPLE["equipment"],
                                  "level": "intermediate"})).json()["data"]
    taken = {e["slug"] for e in session["exercises"]}
    choices = [a["slug"] for a in alts if a["slug"] not in taken]
    assert choices
    current, version = original, saved["version"]
    for i in range(12):  # back and forth: original -> choice -> original -> ...
        target = choices[0] if current == original else original
        r = await api.post(f"/v1/programmes/{saved['id']}/swap",
                           headers={"If-Match": f'"{version}"'},
                           json={"week": 5, "session_id": session["id"], "slug": current,
                                 "replacement": target})
        assert r.status_code == 200, (i, r.text)
        current, version = target, r.json()["version"]
    body = r.json()
    lines = [line for line in body["programme"]["weeks"][4]["plan"]["sessions"][0]["rationale"]
             if "was swapped for" in line]
    assert current == original
    assert lines == []  # back where it started: no swap, no swap line
    r = await api.post(f"/v1/programmes/{saved['id']}/swap", headers={"If-Match": f'"{version}"'},
                       json={"week": 5, "session_id": session["id"], "slug": original,
                             "replacement": choices[0]})
    lines = [line for line in r.json()["programme"]["weeks"][4]["plan"]["sessions"][0][
        "rationale"] if "was swapped for" in line]
    assert len(lines) == 1
    report(f"[{lane.name}] 13 swaps of one slot: {len(lines)} rationale line")


async def test_logs_are_capped_per_plan_and_paginated(api, lane, monkeypatch, report):
    monkeypatch.setattr(plan_routes, "MAX_LOGS", 25)
    plan = (await api.post("/v1/plans", json={"athlete_id": "l",
                                              "profile": PROFILE_EXAMPLE})).json()
    sid = plan["plan"]["sessions"][0]["id"]
    url = f"/v1/plans/{plan['id']}/logs"
    codes = [(await api.post(url, json={"week": 1, "session_id": sid, "status": "skipped"}))
             .status_code for _ in range(27)]
    assert codes == [201] * 25 + [409, 409]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 10} | ({"cursor": cursor} if cursor else {})
        page = (await api.get(url, params=params)).json()
        assert len(page["data"]) <= 10
        seen += [log["id"] for log in page["data"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 25
    assert pages == 3
    assert (await api.get(url, params={"limit": 501})).status_code == 422
    report(f"[{lane.name}] logs: capped at the limit (409 after), 25 read in 3 pages of 10")


async def test_logged_slugs_must_be_in_the_catalogue(api):
    plan = (await api.post("/v1/plans", json={"athlete_id": "l",
                                              "profile": PROFILE_EXAMPLE})).json()
    sid = plan["plan"]["sessions"][0]["id"]
    r = await api.post(f"/v1/plans/{plan['id']}/logs", json={
        "week": 1, "session_id": sid, "status": "done", "rpe": 6,
        "exercises": [{"slug": "goblet-squat", "sets_done": 3},
                      {"slug": "no-such-exercise", "sets_done": 3}]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "/exercises/1/slug"
    assert (await api.get(f"/v1/plans/{plan['id']}/logs")).json()["data"] == []


def _old_record(hours: int) -> tuple[int, str]:
    with Session(get_engine()) as s:
        client_id = s.scalars(select(ApiClient.id)).first()
        key = f"old-{uuid.uuid4().hex}"
        s.execute(insert(IdempotencyRecord).values(
            client_id=client_id, key=key, request_hash="0" * 64, status_code=201,
            response=b"{}", resource_id=None, created_at=utcnow() - timedelta(hours=hours)))
        s.commit()
    return client_id, key


def _exists(client_id: int, key: str) -> bool:
    with Session(get_engine()) as s:
        return bool(s.scalar(select(func.count()).select_from(IdempotencyRecord).where(
            IdempotencyRecord.client_id == client_id, IdempotencyRecord.key == key)))


def test_the_purge_command_removes_expired_idempotency_records(lane):
    lane.activate()
    old, fresh = _old_record(49), _old_record(1)
    out = subprocess.run([sys.executable, "-m", "app", "purge"], capture_output=True, text=True,
                         env={**os.environ, "DATABASE_URL": lane.url}, timeout=60, check=True)
    assert "removed" in out.stdout
    assert not _exists(*old)
    assert _exists(*fresh)


def test_the_service_purges_expired_idempotency_records_by_itself(lane, report):
    lane.activate()
    with serve(lane.url, IDEMPOTENCY_PURGE_SECONDS="0.5"):
        old = _old_record(49)
        started = time.monotonic()
        while _exists(*old) and time.monotonic() - started < 10:
            time.sleep(0.2)
        took = time.monotonic() - started
    assert not _exists(*old)
    report(f"[{lane.name}] running service purged an expired idempotency record in {took:.1f} s")


def test_cache_sizes_count_their_keys():
    cache = BytesLRU(max_entries=1000, max_bytes=1024 * 1024)
    for i in range(100):  # 60 KB request bodies as keys, tiny answers
        cache.put(bytes([i % 256]) * 60_000 + str(i).encode(), b"{}")
    assert cache.size <= 1024 * 1024
    assert len(cache) <= 1024 * 1024 // 60_000
