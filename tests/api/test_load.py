"""Training load over HTTP (DOMAIN §10): on every session, on the week, in the programme summary,
and planned against logged for a saved programme."""

from __future__ import annotations

import copy

import pytest

from app.engine import load as ld
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE, WeekPlanOut
from app.schemas.load import ACWR_NOTE, ProgrammeLoadOut

pytestmark = pytest.mark.anyio
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def profile(**changes):
    body = copy.deepcopy(PROFILE_EXAMPLE)
    body.update(changes)
    return body


async def plan_for(client, body):
    r = await client.post("/v1/plans/generate", json=body)
    assert r.status_code == 200, r.text
    return r.json()


async def test_every_session_carries_its_foster_load(client):
    plan = await plan_for(client, PROFILE_EXAMPLE)
    WeekPlanOut.model_validate(plan)
    for s in plan["sessions"]:
        tl = s["training_load"]
        assert tl["minutes"] == s["estimated_minutes"]
        assert tl["load"] == round(tl["session_rpe"] * tl["minutes"])
        rpes = [(x["sets"], x["load"]["rpe"]) for x in s["exercises"]]
        intensity = {"light": 1, "moderate": 2, "heavy": 3}[s["intensity"]]
        assert tl["session_rpe"] == ld.session_rpe(rpes, intensity)


async def test_the_week_load_without_run_minutes_is_the_strength_sessions(client):
    plan = await plan_for(client, PROFILE_EXAMPLE)
    week = plan["training_load"]
    assert len(week["per_day"]) == 7
    expected = [0] * 7
    for s in plan["sessions"]:
        expected[DAYS.index(s["day"])] += s["training_load"]["load"]
    assert week["per_day"] == expected
    assert week["total"] == week["strength"] == sum(expected)
    assert week["running"] == 0
    assert week["monotony"] == ld.monotony(expected)
    assert week["strain"] == ld.strain(week["total"], week["monotony"])


async def test_runs_with_minutes_and_rpe_join_the_week_load(client):
    runs = [{"day": "tue", "kind": "easy", "minutes": 40, "rpe": 3},
            {"day": "thu", "kind": "quality", "minutes": 60, "rpe": 7},
            {"day": "sat", "kind": "long", "minutes": 100, "rpe": 5},
            {"day": "sun", "kind": "easy"}]
    plan = await plan_for(client, profile(runs=runs))
    week = plan["training_load"]
    assert week["running"] == 40 * 3 + 60 * 7 + 100 * 5
    strength = [0] * 7
    for s in plan["sessions"]:
        strength[DAYS.index(s["day"])] += s["training_load"]["load"]
    assert week["per_day"][DAYS.index("sat")] == 500 + strength[DAYS.index("sat")]
    assert week["per_day"][DAYS.index("thu")] == 420 + strength[DAYS.index("thu")]
    assert week["total"] == week["running"] + week["strength"]
    # the sessions themselves do not change with run minutes
    plain = await plan_for(client, PROFILE_EXAMPLE)
    assert [s["exercises"] for s in plan["sessions"]] == \
        [s["exercises"] for s in plain["sessions"]]


async def test_a_monotonous_week_says_so(client):
    runs = [{"day": d, "kind": "easy", "minutes": 60, "rpe": 5} for d in DAYS]
    plan = await plan_for(client, profile(runs=runs, unavailable_days=[]))
    assert plan["training_load"]["monotony"] >= 2
    assert any("monotony" in note for note in plan["notes"])
    quiet = await plan_for(client, PROFILE_EXAMPLE)
    assert not any("monotony" in note for note in quiet["notes"])


async def test_the_monotony_note_speaks_the_plans_language(client):
    runs = [{"day": d, "kind": "easy", "minutes": 60, "rpe": 5} for d in DAYS]
    r = await client.post("/v1/plans/generate?lang=de", json=profile(runs=runs,
                                                                      unavailable_days=[]))
    assert r.status_code == 200
    notes = r.json()["notes"]
    assert any("Monotonie" in note for note in notes)
    assert not any("monotony" in note for note in notes)


@pytest.mark.parametrize("run", [
    {"day": "tue", "kind": "easy", "minutes": 40},
    {"day": "tue", "kind": "easy", "rpe": 4},
])
async def test_run_minutes_and_rpe_come_together(client, run):
    r = await client.post("/v1/plans/generate", json=profile(runs=[run]))
    assert r.status_code == 422
    problem = r.json()
    assert any(e["pointer"].startswith("/runs/0") and "minutes and rpe" in e["detail"]
               for e in problem["errors"]), problem


async def test_programme_summary_carries_each_weeks_planned_load(client):
    r = await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE)
    prog = r.json()
    for summary, week in zip(prog["summary"]["weeks"], prog["weeks"], strict=True):
        assert summary["planned_load"] == week["plan"]["training_load"]["total"]
    loads = [w["planned_load"] for w in prog["summary"]["weeks"]]
    assert loads[-1] < max(loads)  # the taper carries less than the heaviest week


async def test_saved_programme_reports_planned_and_actual_load(api, other_api):
    body = {"athlete_id": "runner-load", "programme": PROGRAMME_EXAMPLE}
    saved = (await api.post("/v1/programmes", json=body)).json()
    pid = saved["id"]
    week1 = saved["programme"]["weeks"][0]["plan"]["sessions"]
    first, second = week1[0], week1[1]
    logs = [
        {"week": 1, "session_id": first["id"], "status": "done", "rpe": 8, "minutes": 40},
        {"week": 1, "session_id": second["id"], "status": "skipped"},
        {"week": 2, "session_id": first["id"], "status": "done", "rpe": 6},
    ]
    for log in logs:
        r = await api.post(f"/v1/programmes/{pid}/logs", json=log)
        assert r.status_code == 201, r.text
        assert r.json()["minutes"] == log.get("minutes")
    r = await api.get(f"/v1/programmes/{pid}/load")
    assert r.status_code == 200
    report = ProgrammeLoadOut.model_validate(r.json())
    w1, w2, w3 = report.weeks[:3]
    assert w1.sessions[0].actual == 320  # 8 x 40
    assert w1.sessions[1].actual == 0
    assert w1.sessions[1].status == "skipped"
    assert w1.actual == 320
    assert w1.planned == sum(s["training_load"]["load"] for s in week1)
    week2 = (await api.get(f"/v1/programmes/{pid}/weeks/2")).json()["plan"]["sessions"]
    planned_minutes = week2[0]["training_load"]["minutes"]
    assert w2.sessions[0].actual == 6 * planned_minutes  # no minutes logged: the plan's
    assert w3.actual is None
    assert w3.sessions[0].status is None
    assert [v.week for v in report.acute_chronic] == [1, 2]
    # hand-check week 1's view: 320 on the first session's day, nothing else that week
    daily = [0.0] * 7
    daily[DAYS.index(first["day"])] = 320
    expected = ld.acute_chronic(daily)[-1]
    assert (report.acute_chronic[0].acute, report.acute_chronic[0].chronic) == \
        (expected.acute, expected.chronic)
    assert report.note == ACWR_NOTE
    assert "does not predict injury" in report.note
    assert (await other_api.get(f"/v1/programmes/{pid}/load")).status_code == 404


async def test_saved_plan_reports_planned_and_actual_load(api):
    r = await api.post("/v1/plans", json={"athlete_id": "runner-load", "profile": PROFILE_EXAMPLE})
    saved = r.json()
    first = saved["plan"]["sessions"][0]
    log = {"week": 1, "session_id": first["id"], "status": "done", "rpe": 5, "minutes": 30}
    assert (await api.post(f"/v1/plans/{saved['id']}/logs", json=log)).status_code == 201
    report = (await api.get(f"/v1/plans/{saved['id']}/load")).json()
    (week,) = report["weeks"]
    assert week["planned"] == saved["plan"]["training_load"]["strength"]
    assert week["actual"] == 150
    assert [v["week"] for v in report["acute_chronic"]] == [1]
