"""Nothing lost, nothing doubled: concurrent saves, retries and updates on both lanes."""

from __future__ import annotations

import asyncio
import copy
import time
import uuid

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from app.core.db import get_engine
from app.models import SavedPlan
from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio


def body(athlete: str) -> dict:
    return {"athlete_id": athlete, "profile": copy.deepcopy(PROFILE_EXAMPLE)}


def count(athlete: str) -> int:
    with Session(get_engine()) as s:
        stmt = select(func.count()).select_from(SavedPlan).where(SavedPlan.athlete_id == athlete)
        return int(s.scalar(stmt) or 0)


async def test_200_concurrent_posts_all_land_exactly_once(api, lane, report):
    athlete = f"burst-{uuid.uuid4().hex[:8]}"
    t0 = time.perf_counter()
    rs = await asyncio.gather(*[
        api.post("/v1/plans", json=body(athlete), headers={"Idempotency-Key": f"k{i}-{athlete}"})
        for i in range(200)
    ])
    elapsed = time.perf_counter() - t0
    assert [r.status_code for r in rs] == [201] * 200
    ids = {r.json()["id"] for r in rs}
    assert len(ids) == 200
    assert count(athlete) == 200
    report(f"[{lane.name}] 200 concurrent POST /v1/plans: {elapsed:.2f} s, 200 rows")


async def test_50_concurrent_retries_of_one_key_create_one_plan(api, lane, report):
    athlete = f"retry-{uuid.uuid4().hex[:8]}"
    key = {"Idempotency-Key": f"one-{athlete}"}
    rs = await asyncio.gather(*[api.post("/v1/plans", json=body(athlete), headers=key)
                                for _ in range(50)])
    assert {r.status_code for r in rs} == {201}
    assert len({r.json()["id"] for r in rs}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in rs) == 49
    assert count(athlete) == 1
    report(f"[{lane.name}] 50 concurrent retries, one key: 1 row, 49 replays")


async def test_two_concurrent_puts_with_one_etag_one_wins(api, lane):
    created = (await api.post("/v1/plans", json=body("race"))).json()
    url = f"/v1/plans/{created['id']}"
    a, b = await asyncio.gather(
        api.put(url, json={"name": "from phone"}, headers={"If-Match": '"1"'}),
        api.put(url, json={"name": "from watch"}, headers={"If-Match": '"1"'}),
    )
    assert sorted([a.status_code, b.status_code]) == [200, 412]
    winner = a if a.status_code == 200 else b
    final = (await api.get(url)).json()
    assert final["name"] == winner.json()["name"]
    assert final["version"] == 2
