"""The catalogue endpoints."""

from __future__ import annotations

import pytest

from app.engine.types import Equipment
from app.schemas import ExerciseOut

pytestmark = pytest.mark.anyio


class TestListExercises:
    async def test_lists_with_total_count_and_pagination(self, client):
        first = (await client.get("/v1/exercises", params={"limit": 10})).json()
        second = (await client.get("/v1/exercises", params={"limit": 10, "offset": 10})).json()
        assert first["count"] >= 90
        assert len(first["data"]) == 10
        assert {e["slug"] for e in first["data"]}.isdisjoint(e["slug"] for e in second["data"])
        ExerciseOut.model_validate(first["data"][0])

    async def test_equipment_means_what_i_own(self, client):
        r = await client.get("/v1/exercises",
                             params={"equipment": ["dumbbells", "bench"], "limit": 200})
        data = r.json()["data"]
        assert all(set(e["equipment"]) <= {"dumbbells", "bench"} for e in data)
        assert any(e["equipment"] == [] for e in data)
        assert any(e["equipment"] == ["bench", "dumbbells"] for e in data)

    async def test_none_means_bodyweight_only(self, client):
        data = (await client.get("/v1/exercises",
                                 params={"equipment": "none", "limit": 200})).json()["data"]
        assert data
        assert all(e["equipment"] == [] for e in data)

    @pytest.mark.parametrize(("name", "value", "check"), [
        ("category", "calves_ankles", lambda e: "calves_ankles" in e["categories"]),
        ("pattern", "hinge", lambda e: e["pattern"] == "hinge"),
        ("level", "beginner", lambda e: e["level"] == "beginner"),
        ("muscle", "soleus", lambda e: "soleus" in e["primary_muscles"] + e["secondary_muscles"]),
        ("unilateral", "true", lambda e: e["unilateral"] is True),
        ("impact", "high", lambda e: e["impact"] == "high"),
    ])
    async def test_filters(self, client, name, value, check):
        r = await client.get("/v1/exercises", params={name: value, "limit": 200})
        body = r.json()
        assert body["count"] > 0
        assert all(check(e) for e in body["data"])
        everything = (await client.get("/v1/exercises", params={"limit": 200})).json()
        assert body["count"] < everything["count"]

    @pytest.mark.parametrize(("params", "pointer", "allowed"), [
        ({"equipment": "rowing_machine"}, "/equipment/0", "'suspension_trainer' or 'none'"),
        ({"category": "arms"}, "/category", "'glutes_hips'"),
        ({"level": "expert"}, "/level", "'advanced'"),
        ({"muscle": "pecs"}, "/muscle", "'chest'"),
        ({"impact": "extreme"}, "/impact", "'high'"),
        ({"limit": 0}, "/limit", "1"),
        ({"categroy": "core"}, "/categroy", "allowed: category"),
    ])
    async def test_unknown_filter_value_is_a_422_listing_allowed_values(
        self, client, params, pointer, allowed
    ):
        r = await client.get("/v1/exercises", params=params)
        assert r.status_code == 422
        err = next(e for e in r.json()["errors"] if e["pointer"] == pointer)
        assert err["location"] == "query"
        assert allowed in err["detail"]


class TestGetExercise:
    async def test_reads_one(self, client):
        r = await client.get("/v1/exercises/nordic-curl")
        assert r.status_code == 200
        e = ExerciseOut.model_validate(r.json())
        assert e.level.value == "advanced"
        assert e.instructions

    async def test_unknown_slug_is_404_problem(self, client):
        r = await client.get("/v1/exercises/moonwalk")
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/problems/not-found")


async def test_equipment_vocabulary(client):
    body = (await client.get("/v1/equipment")).json()
    assert [e["slug"] for e in body["data"]] == [e.value for e in Equipment]
    assert body["count"] == len(Equipment)
    loads = {e["slug"] for e in body["data"] if e["loads"]}
    assert loads == {"dumbbells", "kettlebell", "barbell", "cable_machine"}


async def test_unknown_route_and_method_are_problems(client):
    r = await client.get("/v2/nothing")
    assert (r.status_code, r.headers["content-type"]) == (404, "application/problem+json")
    r = await client.delete("/v1/equipment")
    assert (r.status_code, r.headers["content-type"]) == (405, "application/problem+json")
