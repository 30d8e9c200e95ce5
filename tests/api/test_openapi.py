"""The committed contract matches the code."""

from __future__ import annotations

from app.openapi import REGENERATE, SPEC_PATH, render


def test_committed_openapi_matches_the_code():
    committed = SPEC_PATH.read_text("utf-8") if SPEC_PATH.exists() else ""
    assert committed == render(), f"openapi/openapi.json is stale: run `{REGENERATE}`"


def test_operation_ids_are_stable():
    import json

    spec = json.loads(render())
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"generateWeekPlan", "listExercises", "getExercise", "listEquipment",
            "createSavedPlan", "listSavedPlans", "getSavedPlan", "updateSavedPlan",
            "deleteSavedPlan", "getHealth", "getReadiness"} <= ids
