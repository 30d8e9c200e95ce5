"""Saved week plans: what a client sends to store or change one, and what it reads back."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.fields import AthleteId, PlanName
from app.schemas.plan_out import WeekPlanOut
from app.schemas.profile import PROFILE_EXAMPLE, RunnerProfileIn


class SavedPlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"athlete_id": "runner-42", "name": "Spring 10k base", "profile": PROFILE_EXAMPLE}
    ]})

    athlete_id: AthleteId
    name: PlanName | None = None
    profile: RunnerProfileIn


class SavedPlanUpdate(BaseModel):
    """A new profile and/or name; the plan is regenerated from the (new) profile."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Spring 10k base (3 runs)", "profile": PROFILE_EXAMPLE}
    ]})

    name: PlanName | None = None
    profile: RunnerProfileIn | None = None


class SavedPlanOut(BaseModel):
    id: str
    athlete_id: str
    name: str | None
    profile: RunnerProfileIn
    plan: WeekPlanOut
    engine_version: str
    version: int = Field(description="Increases with every change; the ETag carries it.")
    created_at: str
    updated_at: str


class SavedPlanListItem(BaseModel):
    """A saved plan in a list: a summary, or the whole document with view=full."""

    id: str
    athlete_id: str
    name: str | None
    profile: RunnerProfileIn | None = Field(default=None, description="Only with view=full.")
    plan: WeekPlanOut | None = Field(default=None, description="Only with view=full.")
    engine_version: str
    version: int
    created_at: str
    updated_at: str


class SavedPlanPage(BaseModel):
    data: list[SavedPlanListItem]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null at "
                                                "the end.")
