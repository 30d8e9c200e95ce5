"""Point 4: every write that regenerates a programme is a compare-and-set on its version, so
concurrent writes never lose an adaptation or leave a plan that contradicts its request.

The check after each round: regenerating the stored programme from its stored request and all
its logs (a PUT of the same request from the week after the last logged one) changes nothing.
A lost update leaves a stored plan built from fewer logs, or from another request."""

from __future__ import annotations

import asyncio
import copy

import pytest

from app.schemas import PROGRAMME_EXAMPLE
from tests.conftest import _client

pytestmark = pytest.mark.anyio
# SQLite serialises writers, so the race is PostgreSQL's; SQLite runs fewer rounds.
ROUNDS = {"postgres": 50, "sqlite": 10}


async def _save(api, athlete: str) -> dict:
    r = await api.post("/v1/programmes", json={"athlete_id": athlete,
                                               "programme": PROGRAMME_EXAMPLE})
    assert r.status_code == 201, r.text
    return r.json()


async def _consistent(api, pid: str) -> bool:
    got = await api.get(f"/v1/programmes/{pid}")
    assert got.status_code == 200, got.text
    stored = got.json()
    logs = (await api.get(f"/v1/programmes/{pid}/logs")).json()["data"]
    last = max([log["week"] for log in logs], default=0)
    again = await api.put(f"/v1/programmes/{pid}", headers={"If-Match": f'"{stored["version"]}"'},
                          json={"programme": stored["request"], "from_week": last + 1})
    assert again.status_code == 200, again.text
    return bool(again.json()["programme"] == stored["programme"])


def _logs(saved: dict) -> list[dict]:
    weeks = saved["programme"]["weeks"]
    first = [s["id"] for s in weeks[0]["plan"]["sessions"]]
    second = [s["id"] for s in weeks[1]["plan"]["sessions"]]
    return [
        {"week": 1, "session_id": first[0], "status": "done", "rpe": 6},
        {"week": 1, "session_id": first[-1], "status": "skipped"},
        {"week": 2, "session_id": second[0], "status": "done", "rpe": 7, "pain": True},
    ]


@pytest.fixture
async def api(app, lane):
    """A key of its own: each test makes ~350 requests, more than one key's share of a minute
    in a full run (the limit is 600 a minute)."""
    async for c in _client(app, lane.new_key("race")):
        yield c


async def test_concurrent_log_posts_lose_no_adaptation(api, lane, report):
    lost = 0
    for i in range(ROUNDS[lane.name]):
        saved = await _save(api, f"race-{i}")
        posts = [api.post(f"/v1/programmes/{saved['id']}/logs", json=body)
                 for body in _logs(saved)]
        answers = await asyncio.gather(*posts)
        assert {r.status_code for r in answers} <= {201, 409}, [r.text for r in answers]
        assert all(r.status_code == 201 for r in answers)
        stored = (await api.get(f"/v1/programmes/{saved['id']}")).json()
        assert stored["version"] == 4  # three regenerating writes, each on the one before
        lost += not await _consistent(api, saved["id"])
    assert lost == 0
    report(f"[{lane.name}] {ROUNDS[lane.name]} rounds of 3 concurrent log posts: "
           f"{lost} lost adaptations")


async def test_a_put_racing_a_log_never_contradicts_its_request(api, lane, report):
    contradictions = 0
    for i in range(ROUNDS[lane.name]):
        saved = await _save(api, f"put-race-{i}")
        changed = copy.deepcopy(PROGRAMME_EXAMPLE)
        changed["profile"]["session_minutes"] = 45
        put = api.put(f"/v1/programmes/{saved['id']}", headers={"If-Match": "*"},
                      json={"programme": changed, "from_week": 1})
        log = api.post(f"/v1/programmes/{saved['id']}/logs", json=_logs(saved)[2])
        a, b = await asyncio.gather(put, log)
        assert (a.status_code, b.status_code) == (200, 201), (a.text, b.text)
        stored = (await api.get(f"/v1/programmes/{saved['id']}")).json()
        assert stored["request"]["profile"]["session_minutes"] == 45
        contradictions += not await _consistent(api, saved["id"])
    assert contradictions == 0
    report(f"[{lane.name}] {ROUNDS[lane.name]} rounds of a PUT racing a log: {contradictions} "
           "contradicting plans")
