"""Week plans: stateless generation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from pydantic_core import to_json
from starlette.responses import Response

from app.engine.planner import generate_week
from app.schemas import PROFILE_EXAMPLE, RunnerProfileIn, WeekPlanOut, plan_to_dict

router = APIRouter(prefix="/v1", tags=["plans"])


@router.post("/plans/generate", response_model=WeekPlanOut, operation_id="generateWeekPlan")
async def generate_week_plan(
    profile: Annotated[
        RunnerProfileIn, Body(openapi_examples={"base": {"value": PROFILE_EXAMPLE}})
    ],
) -> Response:
    """Generate one week of strength sessions placed around the runner's runs.

    Stateless and deterministic: the same profile always gives byte-identical JSON. Each session
    explains itself in `rationale` and lists the coaching rules it applied in `rules`; anything the
    engine could not honour without breaking a rule is reported in `warnings`.
    """
    plan = generate_week(profile.to_engine())
    return Response(to_json(plan_to_dict(plan)), media_type="application/json")
