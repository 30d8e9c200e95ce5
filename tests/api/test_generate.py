"""POST /v1/plans/generate: the contract, determinism and clear 422s."""

from __future__ import annotations

import copy

import pytest

from app.schemas import PROFILE_EXAMPLE, WeekPlanOut

pytestmark = pytest.mark.anyio


def body(**changes):
    b = copy.deepcopy(PROFILE_EXAMPLE)
    b.update(changes)
    return b


class TestGenerateWeekPlan:
    async def test_returns_a_week_plan_in_the_contract_shape(self, client):
        r = await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/json"
        plan = WeekPlanOut.model_validate(r.json())
        assert [d.day.value for d in plan.week] == ["mon", "tue", "wed", "thu", "fri", "sat",
                                                   "sun"]
        assert plan.phase.value == "base"
        session = plan.sessions[0]
        assert session.id == f"{session.day.value}-strength"
        assert session.exercises[0].target.unit.value in ("reps", "seconds", "meters")
        assert session.rationale
        ids = {s.id for s in plan.sessions}
        assert {d.session_id for d in plan.week if d.session_id} == ids
        assert plan.week[3].runs[0].kind.value == "quality"

    async def test_identical_input_gives_byte_identical_json(self, client):
        a = await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)
        b = await client.post("/v1/plans/generate", json=copy.deepcopy(PROFILE_EXAMPLE))
        assert a.content == b.content

    async def test_phase_is_derived_from_race_date(self, client):
        r = await client.post("/v1/plans/generate", json=body(
            phase=None, week_start="2026-03-02", race_date="2026-04-12"))
        assert r.status_code == 200
        assert r.json()["phase"] == "race_specific"
        assert r.json()["week"][0]["date"] == "2026-03-02"

    @pytest.mark.parametrize(("changes", "pointer", "words"), [
        ({"runs": [{"day": "tue", "kind": "easy"}, {"day": "tue", "kind": "long"}]},
         "/runs/1/day", "two runs on tue"),
        ({"unavailable_days": ["fri", "fri"]}, "/unavailable_days", "listed twice"),
        ({"runs": [{"day": "someday", "kind": "easy"}]}, "/runs/0/day", "'mon'"),
        ({"runs": [{"day": "tue", "kind": "jog"}]}, "/runs/0/kind", "'quality'"),
        ({"equipment": ["rowing_machine"]}, "/equipment/0", "'dumbbells'"),
        ({"injuries": [{"area": "elbow", "status": "current"}]}, "/injuries/0/area", "'knee'"),
        ({"session_minutes": 10}, "/session_minutes", "15"),
        ({"session_minutes": 121}, "/session_minutes", "120"),
        ({"session_minutes": True}, "/session_minutes", "integer"),
        ({"session_minutes": "35"}, "/session_minutes", "integer"),
        ({"sessions_per_week": 5}, "/sessions_per_week", "4"),
        ({"week_start": "2026-03-02", "race_date": "2026-03-01"}, "/race_date", "before"),
        ({"week_start": "2026-03-03"}, "/week_start", "Monday"),
        ({"week_start": 20260302}, "/week_start", "date"),
        ({"phase": "off_season", "week_start": "2026-03-02", "race_date": "2026-03-12"},
         "/phase", "taper"),
        ({"phase": "peak"}, "/phase", "'taper'"),
        ({"experience": "guru"}, "/experience", "'beginner'"),
        ({"sesion_minutes": 30}, "/sesion_minutes", "not a known field"),
        ({"phase": None}, "/phase", "required"),
    ])
    async def test_bad_input_is_a_422_naming_the_field_and_what_is_allowed(
        self, client, changes, pointer, words
    ):
        r = await client.post("/v1/plans/generate", json=body(**changes))
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        assert problem["type"].endswith("/problems/validation-error")
        assert problem["status"] == 422
        match = [e for e in problem["errors"] if e["pointer"] == pointer]
        assert match, problem["errors"]
        assert words in match[0]["detail"]

    async def test_raw_input_is_never_echoed(self, client):
        r = await client.post("/v1/plans/generate",
                              json=body(runs=[{"day": "<script>", "kind": "easy"}]))
        assert r.status_code == 422
        assert "<script>" not in r.text

    async def test_malformed_json_is_a_422_problem(self, client):
        r = await client.post("/v1/plans/generate", content=b"{not json",
                              headers={"content-type": "application/json"})
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
