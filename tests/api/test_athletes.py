"""Erasure and export of one athlete's data: everything the app stored, nothing of another
app's athlete with the same id, on both databases."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from app.core.db import get_engine
from app.models import IdempotencyRecord, SavedPlan, SessionLog
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE

pytestmark = pytest.mark.anyio


async def _store(api, athlete: str) -> dict[str, str]:
    plan = await api.post("/v1/plans", json={"athlete_id": athlete, "profile": PROFILE_EXAMPLE},
                          headers={"Idempotency-Key": f"plan-{uuid.uuid4().hex}"})
    assert plan.status_code == 201, plan.text
    prog = await api.post("/v1/programmes", json={"athlete_id": athlete,
                                                  "programme": PROGRAMME_EXAMPLE},
                          headers={"Idempotency-Key": f"prog-{uuid.uuid4().hex}"})
    assert prog.status_code == 201, prog.text
    week1 = prog.json()["programme"]["weeks"][0]["plan"]["sessions"][0]["id"]
    logged = await api.post(f"/v1/programmes/{prog.json()['id']}/logs",
                            json={"week": 1, "session_id": week1, "status": "done", "rpe": 6})
    assert logged.status_code == 201, logged.text
    return {"plan": plan.json()["id"], "programme": prog.json()["id"]}


def _counts(athlete: str) -> tuple[int, int, int]:
    with Session(get_engine()) as s:
        ids = select(col(SavedPlan.id)).where(col(SavedPlan.athlete_id) == athlete)
        plans = s.scalar(select(func.count()).select_from(SavedPlan)
                         .where(col(SavedPlan.athlete_id) == athlete))
        logs = s.scalar(select(func.count()).select_from(SessionLog)
                        .where(col(SessionLog.plan_id).in_(ids)))
        records = s.scalar(select(func.count()).select_from(IdempotencyRecord)
                           .where(col(IdempotencyRecord.athlete_id) == athlete))
    return int(plans or 0), int(logs or 0), int(records or 0)


async def test_export_holds_everything_the_app_stored_and_nothing_else(api, other_api):
    athlete = f"ath-{uuid.uuid4().hex[:8]}"
    mine = await _store(api, athlete)
    await _store(other_api, athlete)
    r = await api.get(f"/v1/athletes/{athlete}/export")
    assert r.status_code == 200
    doc = r.json()
    assert doc["athlete_id"] == athlete
    assert [p["id"] for p in doc["plans"]] == [mine["plan"]]
    assert [p["id"] for p in doc["programmes"]] == [mine["programme"]]
    assert doc["plans"][0]["plan"]["sessions"]
    assert len(doc["programmes"][0]["logs"]) == 1
    assert doc["programmes"][0]["logs"][0]["rpe"] == 6
    empty = (await api.get("/v1/athletes/nobody-here/export")).json()
    assert empty == {"athlete_id": "nobody-here", "plans": [], "programmes": []}


async def test_erasure_removes_all_of_the_apps_athlete_and_spares_the_other_app(api, other_api):
    athlete = f"ath-{uuid.uuid4().hex[:8]}"
    mine = await _store(api, athlete)
    theirs = await _store(other_api, athlete)
    assert _counts(athlete) == (4, 2, 4)
    r = await api.delete(f"/v1/athletes/{athlete}")
    assert r.status_code == 204
    assert _counts(athlete) == (2, 1, 2)  # what is left is the other app's
    assert (await api.get(f"/v1/plans/{mine['plan']}")).status_code == 404
    assert (await api.get(f"/v1/programmes/{mine['programme']}")).status_code == 404
    assert (await other_api.get(f"/v1/plans/{theirs['plan']}")).status_code == 200
    other = (await other_api.get(f"/v1/athletes/{athlete}/export")).json()
    assert len(other["programmes"][0]["logs"]) == 1
    assert (await api.get(f"/v1/athletes/{athlete}/export")).json()["plans"] == []
    assert (await api.delete(f"/v1/athletes/{athlete}")).status_code == 204  # harmless again


async def test_an_erased_idempotency_key_saves_anew_instead_of_replaying(api):
    athlete = f"ath-{uuid.uuid4().hex[:8]}"
    body = {"athlete_id": athlete, "profile": PROFILE_EXAMPLE}
    first = await api.post("/v1/plans", json=body, headers={"Idempotency-Key": "erase-me"})
    assert (await api.delete(f"/v1/athletes/{athlete}")).status_code == 204
    again = await api.post("/v1/plans", json=body, headers={"Idempotency-Key": "erase-me"})
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert again.json()["id"] != first.json()["id"]


async def test_athlete_ids_are_checked(api):
    r = await api.delete("/v1/athletes/" + "x" * 129)
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "/athlete_id"
