"""Saved plans on both database lanes: CRUD, ETags, idempotency, pagination and isolation."""

from __future__ import annotations

import copy
import uuid

import pytest

from app.schemas import PROFILE_EXAMPLE, SavedPlanOut

pytestmark = pytest.mark.anyio


def new_plan(athlete: str = "runner-1", **changes):
    body = {"athlete_id": athlete, "name": "Spring 10k", "profile": copy.deepcopy(PROFILE_EXAMPLE)}
    body.update(changes)
    return body


async def create(api, athlete="runner-1", **changes):
    r = await api.post("/v1/plans", json=new_plan(athlete, **changes))
    assert r.status_code == 201, r.text
    return r


class TestCreatePlan:
    async def test_saves_profile_and_generated_plan(self, api):
        r = await create(api)
        body = SavedPlanOut.model_validate(r.json())
        assert r.headers["location"] == f"/v1/plans/{body.id}"
        assert r.headers["etag"] == '"1"'
        assert body.plan.sessions
        assert body.profile.experience.value == "intermediate"
        assert body.engine_version == body.plan.engine_version
        gen = await api.post("/v1/plans/generate", json=PROFILE_EXAMPLE)
        assert r.json()["plan"] == gen.json()  # the same engine, the same plan

    async def test_same_idempotency_key_and_body_returns_the_first_response(self, api):
        key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
        athlete = f"idem-{uuid.uuid4().hex[:6]}"
        first = await api.post("/v1/plans", json=new_plan(athlete), headers=key)
        again = await api.post("/v1/plans", json=new_plan(athlete), headers=key)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        listed = (await api.get("/v1/plans", params={"athlete_id": athlete})).json()
        assert len(listed["data"]) == 1

    async def test_same_idempotency_key_with_another_body_is_a_422(self, api):
        key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
        athlete = f"idem-{uuid.uuid4().hex[:6]}"
        await api.post("/v1/plans", json=new_plan(athlete), headers=key)
        r = await api.post("/v1/plans", json=new_plan(athlete, name="Other"), headers=key)
        assert r.status_code == 422
        assert r.json()["type"].endswith("/problems/idempotency-key-reused")
        listed = (await api.get("/v1/plans", params={"athlete_id": athlete})).json()
        assert len(listed["data"]) == 1

    async def test_idempotency_keys_are_scoped_to_the_client(self, api, other_api):
        key = {"Idempotency-Key": f"shared-{uuid.uuid4()}"}
        a = await api.post("/v1/plans", json=new_plan("x"), headers=key)
        b = await other_api.post("/v1/plans", json=new_plan("x"), headers=key)
        assert a.status_code == b.status_code == 201
        assert a.json()["id"] != b.json()["id"]

    @pytest.mark.parametrize(("body", "pointer"), [
        ({"athlete_id": "", "profile": PROFILE_EXAMPLE}, "/athlete_id"),
        ({"athlete_id": "a" * 129, "profile": PROFILE_EXAMPLE}, "/athlete_id"),
        ({"athlete_id": 42, "profile": PROFILE_EXAMPLE}, "/athlete_id"),
        ({"athlete_id": "a\x00b", "profile": PROFILE_EXAMPLE}, "/athlete_id"),
        ({"athlete_id": "a", "name": "x" * 201, "profile": PROFILE_EXAMPLE}, "/name"),
        ({"athlete_id": "a"}, "/profile"),
        ({"athlete_id": "a", "profile": {**PROFILE_EXAMPLE, "week_start": "2026-03-03"}},
         "/profile/week_start"),
    ])
    async def test_bad_input_is_a_422_and_saves_nothing(self, api, body, pointer):
        before = (await api.get("/v1/plans", params={"limit": 100})).json()["data"]
        r = await api.post("/v1/plans", json=body)
        assert r.status_code == 422
        assert pointer in [e["pointer"] for e in r.json()["errors"]]
        after = (await api.get("/v1/plans", params={"limit": 100})).json()["data"]
        assert after == before


class TestReadPlans:
    async def test_get_with_etag_and_304(self, api):
        created = (await create(api)).json()
        r = await api.get(f"/v1/plans/{created['id']}")
        assert r.status_code == 200
        assert r.json() == created
        etag = r.headers["etag"]
        cached = await api.get(f"/v1/plans/{created['id']}", headers={"If-None-Match": etag})
        assert cached.status_code == 304
        assert cached.content == b""
        stale = await api.get(f"/v1/plans/{created['id']}", headers={"If-None-Match": '"99"'})
        assert stale.status_code == 200

    async def test_list_is_newest_first_with_a_cursor(self, api):
        athlete = f"paged-{uuid.uuid4().hex[:6]}"
        ids = [(await create(api, athlete, name=f"n{i}")).json()["id"] for i in range(5)]
        seen, cursor = [], None
        while True:
            params = {"athlete_id": athlete, "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = (await api.get("/v1/plans", params=params)).json()
            seen += [p["id"] for p in page["data"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(reversed(ids))

    async def test_bad_cursor_is_a_422(self, api):
        r = await api.get("/v1/plans", params={"cursor": "not-a-cursor"})
        assert r.status_code == 422
        assert r.json()["errors"][0]["pointer"] == "/cursor"

    async def test_unknown_or_malformed_id_is_404(self, api):
        assert (await api.get(f"/v1/plans/{uuid.uuid4()}")).status_code == 404
        assert (await api.get("/v1/plans/not-a-uuid")).status_code == 404


class TestUpdatePlan:
    async def test_put_regenerates_and_bumps_the_etag(self, api):
        created = (await create(api)).json()
        profile = copy.deepcopy(PROFILE_EXAMPLE)
        profile["phase"] = "build"
        r = await api.put(f"/v1/plans/{created['id']}", json={"profile": profile},
                          headers={"If-Match": '"1"'})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["version"] == 2
        assert r.headers["etag"] == '"2"'
        assert body["plan"]["phase"] == "build"
        assert body["name"] == created["name"]
        assert body["created_at"] == created["created_at"]
        assert body["updated_at"] >= created["updated_at"]

    async def test_put_name_only_keeps_the_profile(self, api):
        created = (await create(api)).json()
        r = await api.put(f"/v1/plans/{created['id']}", json={"name": "Renamed"},
                          headers={"If-Match": '"1"'})
        assert r.status_code == 200
        assert r.json()["name"] == "Renamed"
        assert r.json()["profile"] == created["profile"]

    async def test_put_needs_if_match(self, api):
        created = (await create(api)).json()
        r = await api.put(f"/v1/plans/{created['id']}", json={"name": "x"})
        assert r.status_code == 428
        assert r.headers["content-type"] == "application/problem+json"

    async def test_stale_etag_is_412_and_changes_nothing(self, api):
        created = (await create(api)).json()
        r = await api.put(f"/v1/plans/{created['id']}", json={"name": "x"},
                          headers={"If-Match": '"7"'})
        assert r.status_code == 412
        assert (await api.get(f"/v1/plans/{created['id']}")).json() == created

    async def test_invalid_profile_is_422_and_changes_nothing(self, api):
        created = (await create(api)).json()
        bad = {**PROFILE_EXAMPLE, "runs": [{"day": "mon", "kind": "easy"}] * 2}
        r = await api.put(f"/v1/plans/{created['id']}", json={"profile": bad},
                          headers={"If-Match": '"1"'})
        assert r.status_code == 422
        assert r.json()["errors"][0]["pointer"] == "/profile/runs/1/day"
        assert (await api.get(f"/v1/plans/{created['id']}")).json() == created

    async def test_empty_put_is_422(self, api):
        created = (await create(api)).json()
        r = await api.put(f"/v1/plans/{created['id']}", json={}, headers={"If-Match": '"1"'})
        assert r.status_code == 422


class TestDeletePlan:
    async def test_delete_then_gone(self, api):
        created = (await create(api)).json()
        assert (await api.delete(f"/v1/plans/{created['id']}")).status_code == 204
        assert (await api.get(f"/v1/plans/{created['id']}")).status_code == 404
        assert (await api.delete(f"/v1/plans/{created['id']}")).status_code == 404

    async def test_delete_with_stale_if_match_is_412(self, api):
        created = (await create(api)).json()
        r = await api.delete(f"/v1/plans/{created['id']}", headers={"If-Match": '"5"'})
        assert r.status_code == 412
        assert (await api.get(f"/v1/plans/{created['id']}")).status_code == 200


class TestIsolation:
    async def test_another_clients_plan_is_invisible_everywhere(self, api, other_api):
        mine = (await create(api, "shared-athlete")).json()
        pid = mine["id"]
        assert (await other_api.get(f"/v1/plans/{pid}")).status_code == 404
        listed = (await other_api.get("/v1/plans", params={"athlete_id": "shared-athlete",
                                                           "limit": 100})).json()
        assert pid not in [p["id"] for p in listed["data"]]
        r = await other_api.put(f"/v1/plans/{pid}", json={"name": "hijack"},
                                headers={"If-Match": '"1"'})
        assert r.status_code == 404
        r = await other_api.put(f"/v1/plans/{pid}", json={"name": "hijack"},
                                headers={"If-Match": "*"})
        assert r.status_code == 404
        assert (await other_api.delete(f"/v1/plans/{pid}")).status_code == 404
        assert (await api.get(f"/v1/plans/{pid}")).json() == mine
