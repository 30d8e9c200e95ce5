"""Point 5: inputs that used to answer 500 now answer a 4xx problem (or 404), on both lanes."""

from __future__ import annotations

import asyncio
import base64
import copy
import json

import pytest

from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE

pytestmark = pytest.mark.anyio
PROBLEM = "application/problem+json"


def _raw(body: str) -> dict:
    return {"content": body.encode(), "headers": {"Content-Type": "application/json"}}


def _cursor(when: str) -> str:
    raw = json.dumps([when, "00000000-0000-0000-0000-000000000000"]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def _save_plan(api, **profile) -> dict:
    r = await api.post("/v1/plans", json={"athlete_id": "x",
                                          "profile": {**PROFILE_EXAMPLE, **profile}})
    assert r.status_code == 201, r.text
    return r.json()


def _assert_problem(r, *statuses: int) -> None:
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == PROBLEM


class TestNo500:
    @pytest.mark.parametrize("field", ["name", "athlete_id"])
    async def test_a_lone_surrogate_in_text_is_a_422(self, api, field):
        body = ('{"athlete_id": "a", "name": "n", "profile": ' + json.dumps(PROFILE_EXAMPLE)
                + "}").replace(f'"{field}": "{"a" if field == "athlete_id" else "n"}"',
                               f'"{field}": "x\\ud800"')
        r = await api.post("/v1/plans", **_raw(body))
        _assert_problem(r, 422)
        assert r.json()["errors"][0]["pointer"] == f"/{field}"
        programme = body.replace('"profile": ', '"programme": {"start_date": "2026-03-02", '
                                 '"weeks": 8, "profile": ') + "}"
        _assert_problem(await api.post("/v1/programmes", **_raw(programme)), 422)

    @pytest.mark.parametrize("path", ["/v1/plans/generate", "/v1/plans"])
    async def test_a_far_future_week_start_is_a_422(self, api, path):
        profile = {**PROFILE_EXAMPLE, "week_start": "9999-12-27"}
        body = profile if path.endswith("generate") else {"athlete_id": "a", "profile": profile}
        r = await api.post(path, json=body)
        _assert_problem(r, 422)
        assert "2099-12-31" in r.json()["errors"][0]["detail"]

    async def test_a_programme_in_9999_is_a_422(self, api):
        body = {**copy.deepcopy(PROGRAMME_EXAMPLE), "start_date": "9999-11-01",
                "race_date": "9999-12-26"}
        _assert_problem(await api.post("/v1/programmes/generate", json=body), 422)
        _assert_problem(await api.post("/v1/programmes",
                                       json={"athlete_id": "a", "programme": body}), 422)

    async def test_a_week_in_9999_cannot_be_saved_so_next_cannot_fail(self, api):
        r = await api.post("/v1/plans", json={"athlete_id": "a", "profile": {
            **PROFILE_EXAMPLE, "week_start": "9999-12-20"}})
        _assert_problem(r, 422)
        saved = await _save_plan(api, week_start="2099-12-28")  # the last Monday allowed
        nxt = await api.get(f"/v1/plans/{saved['id']}/next")
        assert nxt.status_code in (200, 422), nxt.text

    @pytest.mark.parametrize("tag", ['"2147483648"', '"9223372036854775808"',
                                     '"99999999999999999999999"', 'W/"1"'])
    async def test_an_out_of_range_if_match_is_a_412(self, api, tag):
        saved = await _save_plan(api)
        r = await api.put(f"/v1/plans/{saved['id']}", headers={"If-Match": tag},
                          json={"name": "n"})
        _assert_problem(r, 412)
        _assert_problem(await api.delete(f"/v1/plans/{saved['id']}",
                                         headers={"If-Match": tag}), 412)

    @pytest.mark.parametrize("athlete", ["\x00", "a\x00b", "\x1f"])
    async def test_control_characters_in_a_list_query_are_a_422(self, api, athlete):
        for path in ("/v1/plans", "/v1/programmes"):
            _assert_problem(await api.get(path, params={"athlete_id": athlete}), 422)

    @pytest.mark.parametrize("when", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00",
                                      "0001-01-01T00:00:00", "2026-01-01T00:00:00"])
    async def test_a_forged_cursor_is_a_422(self, api, when):
        for path in ("/v1/plans", "/v1/programmes"):
            _assert_problem(await api.get(path, params={"cursor": _cursor(when)}), 422)

    async def test_writes_racing_a_delete_are_404_never_500(self, api):
        statuses: set[int] = set()
        for _ in range(10):
            prog = (await api.post("/v1/programmes", json={
                "athlete_id": "d", "programme": PROGRAMME_EXAMPLE})).json()
            sid = prog["programme"]["weeks"][0]["plan"]["sessions"][0]["id"]
            url = f"/v1/programmes/{prog['id']}"
            plan = await _save_plan(api)
            purl = f"/v1/plans/{plan['id']}"
            answers = await asyncio.gather(
                api.post(f"{url}/logs", json={"week": 1, "session_id": sid, "status": "skipped"}),
                api.put(url, headers={"If-Match": "*"}, json={"name": "renamed"}),
                api.delete(url),
                api.post(f"{purl}/logs", json={"week": 1, "session_id": plan["plan"]["sessions"][0]
                                               ["id"], "status": "skipped"}),
                api.put(purl, headers={"If-Match": "*"}, json={"name": "renamed"}),
                api.delete(purl),
            )
            statuses |= {r.status_code for r in answers}
            assert all(r.status_code < 500 for r in answers), [r.text for r in answers]
        assert statuses <= {200, 201, 204, 404, 409}
