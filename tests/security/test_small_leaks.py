"""Point 10: the small leaks. Another app's plan costs the same queries as a random id; query
validation runs after authentication; problem details never echo raw input; If-Match compares
strongly; calendar text is escaped and cannot split lines."""

from __future__ import annotations

import uuid

import pytest
from icalendar import Calendar
from sqlalchemy import event

from app.core.db import get_engine
from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio
MARK = "zq9marker"


def _statements(engine):
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen, lambda: event.remove(engine, "before_cursor_execute", record)


async def test_another_apps_plan_costs_the_same_queries_as_a_random_id(api, other_api, lane):
    saved = (await api.post("/v1/plans", json={"athlete_id": "a",
                                               "profile": PROFILE_EXAMPLE})).json()
    await other_api.get("/v1/equipment")  # B's key verified: no key lookup below
    engine = get_engine()
    seen, stop = _statements(engine)
    try:
        theirs = await other_api.get(f"/v1/plans/{saved['id']}")
        theirs_sql = list(seen)
        seen.clear()
        random = await other_api.get(f"/v1/plans/{uuid.uuid4()}")
        random_sql = list(seen)
    finally:
        stop()
    assert theirs.status_code == random.status_code == 404
    assert theirs.json() == random.json()
    assert theirs_sql == random_sql  # same statements: the owner is part of the query
    assert any("client_id" in s for s in theirs_sql)


async def test_unknown_query_parameters_are_checked_after_the_key(anon, client):
    for path in ("/v1/plans", "/v1/exercises", "/v1/equipment"):
        r = await anon.get(path, params={"secret_param": "1"})
        assert r.status_code == 401
        assert "allowed" not in r.text
    r = await client.get("/v1/plans", params={"secret_param": "1"})
    assert r.status_code == 422


@pytest.mark.parametrize(("method", "path", "params"), [
    ("GET", f"/v1/nothing-{MARK}", None),
    ("GET", f"/v1/exercises/{MARK}", None),
    ("GET", f"/v1/plans/{MARK}", None),
    ("GET", "/v1/plans", {f"{MARK}<script>": "1"}),
    ("GET", "/v1/plans", {f"{MARK}": "1"}),
    ("GET", "/v1/exercises", {f"{MARK}-x": "1"}),
    ("PATCH", f"/v1/plans/{MARK}", None),
    ("GET", f"/problems/{MARK}", None),
])
async def test_problem_details_never_echo_raw_input(client, method, path, params):
    r = await client.request(method, path, params=params)
    assert r.status_code in (404, 405, 422)
    assert r.headers["content-type"] == "application/problem+json"
    assert "<script>" not in r.text
    if params is None or "<" in next(iter(params)) or "-" in next(iter(params)):
        assert MARK not in r.text


async def test_if_match_compares_strongly(api):
    saved = (await api.post("/v1/plans", json={"athlete_id": "a",
                                               "profile": PROFILE_EXAMPLE})).json()
    url = f"/v1/plans/{saved['id']}"
    weak = await api.put(url, headers={"If-Match": 'W/"1"'}, json={"name": "n"})
    assert weak.status_code == 412
    strong = await api.put(url, headers={"If-Match": '"1"'}, json={"name": "n"})
    assert strong.status_code == 200


async def test_calendar_names_are_escaped_and_cannot_split_lines(api):
    name = "Ann; Bob, C\\D\u2028X-EVIL:1\u0085END:VCALENDAR"
    saved = (await api.post("/v1/plans", json={"athlete_id": "a", "name": name, "profile": {
        **PROFILE_EXAMPLE, "week_start": "2026-03-02"}})).json()
    r = await api.get(f"/v1/plans/{saved['id']}/calendar.ics")
    assert r.status_code == 200
    lines = r.content.split(b"\r\n")
    assert not any(line.startswith((b"X-EVIL", b"END:VCALENDAR\xc2")) for line in lines)
    assert lines.count(b"END:VCALENDAR") == 1
    assert all("\u2028" not in line and "\x85" not in line for line in r.text.splitlines())
    assert "X-WR-CALNAME:Ann\\; Bob\\, C\\\\D X-EVIL:1 END:VCALENDAR" in r.text.splitlines()
    cal = Calendar.from_ical(r.content)
    assert "X-EVIL" not in cal
