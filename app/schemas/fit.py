"""The body of POST /v1/workouts/fit: one session object as the generate endpoints return it.

Fields the FIT file does not need (rationale, rules, training_load, load.kind, ...) are accepted
and ignored, so an app can post a session exactly as it received it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)

from app.engine import types as t
from app.engine.fit_map import default_fit_map
from app.schemas.fields import IsoDate, PlanName

Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9-]+$")]


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WorkoutTargetIn(_Lenient):
    unit: t.Measure
    min: StrictInt = Field(ge=0, le=3600)
    max: StrictInt = Field(ge=1, le=3600)
    per_side: StrictBool = False

    @model_validator(mode="after")
    def _ordered(self) -> WorkoutTargetIn:
        if self.min > self.max:
            raise ValueError("min must not be above max")
        return self


class WorkoutLoadIn(_Lenient):
    reps_in_reserve: StrictInt | None = Field(default=None, ge=0, le=10)
    rpe: StrictInt | None = Field(default=None, ge=1, le=10)
    percent_1rm: StrictInt | None = Field(default=None, ge=1, le=100)
    advice: str = Field(default="", max_length=2000)


class WorkoutProgressionIn(_Lenient):
    reps_goal: StrictInt | None = Field(default=None, ge=1, le=3600)


class WorkoutExerciseIn(_Lenient):
    slug: Slug = Field(description="A catalogue exercise (GET /v1/exercises).")
    name: PlanName
    sets: StrictInt = Field(ge=1, le=20)
    target: WorkoutTargetIn
    rest_seconds: StrictInt = Field(ge=0, le=900)
    tempo: str | None = Field(default=None, max_length=20)
    load: WorkoutLoadIn = Field(default_factory=WorkoutLoadIn)
    progression: WorkoutProgressionIn | None = None

    @field_validator("slug")
    @classmethod
    def _catalogue_slug(cls, v: str) -> str:
        if v not in default_fit_map():
            raise ValueError("not a catalogue exercise; see GET /v1/exercises for the slugs")
        return v


Prescriptions = Annotated[list[WorkoutExerciseIn], Field(max_length=30)]


class WorkoutSessionIn(_Lenient):
    """One strength session, as in `sessions[]` of a week plan."""

    id: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z0-9-]+$")]
    day: t.Day
    date: IsoDate | None = None
    focus: t.Focus | None = None
    warmup: Prescriptions = Field(default_factory=list)
    exercises: Annotated[list[WorkoutExerciseIn], Field(min_length=1, max_length=30)]
    cooldown: Prescriptions = Field(default_factory=list)

    def fit_input(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
