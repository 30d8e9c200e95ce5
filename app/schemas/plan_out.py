"""A week plan as the API answers it: days, sessions, prescriptions and the week's load."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.engine import types as t
from app.engine.types import Category, Day, Measure, Phase, RunKind
from app.schemas.load import TrainingLoadOut, WeekLoadOut

IntensityName = Literal["heavy", "moderate", "light"]


class TargetOut(BaseModel):
    unit: Measure
    min: int
    max: int
    per_side: bool


class SuggestedLoadOut(BaseModel):
    value: float = Field(description="The load to use, in `unit`: an increment the runner can "
                         "set, never above 1.10 x the last load logged.")
    unit: t.Units
    e1rm: float = Field(description="The estimated one-rep max it comes from (Epley with reps "
                        "in reserve), in `unit`.")
    source: str = Field(alias="from", description="The logged set it comes from, in words for "
                        "the runner: which session of which week, and what was done there.")
    week: int | None = Field(default=None, description="The programme week of that log (1 for "
                             "a saved week plan's /next).")
    session_id: str | None = Field(default=None, description="The logged session's id, as in "
                                   "the plan (e.g. tue-strength).")
    day: Day | None = Field(default=None, description="The logged session's day.")
    logged_on: date | None = Field(default=None, description="The date of the logged session, "
                                   "when the plan is dated.")
    log_id: str | None = Field(default=None, description="The id of the session log it came "
                               "from (see the logs endpoints), when it was logged through the "
                               "API.")

    model_config = ConfigDict(populate_by_name=True)


class LoadOut(BaseModel):
    kind: t.LoadKind
    reps_in_reserve: int | None
    rpe: int | None
    percent_1rm: int | None
    advice: str
    suggested: SuggestedLoadOut | None = Field(
        default=None, description="A concrete load from the runner's logs (programmes and "
        "/next); absent until the exercise has been logged with a load.")


class PrescriptionOut(BaseModel):
    slug: str
    name: str
    category: Category
    sets: int
    target: TargetOut
    rest_seconds: int
    tempo: str | None = Field(description="Seconds: lowering-pause-lifting-pause.")
    load: LoadOut
    purpose: str
    harder_variation: str | None = Field(
        description="Slug of the next harder exercise to progress to, when one fits."
    )
    progression: ProgressionOut | None = Field(
        default=None, description="In programmes and next weeks: what changed from the week "
        "before (one thing at a time).")


class ProgressionOut(BaseModel):
    change: Literal["start", "bodyweight", "reps", "load", "variation", "hold", "deload",
                    "restore", "step_back", "taper", "maintain", "recovery", "swap",
                    "targets"] = Field(
        description="What changed from last week: start, bodyweight (early weeks), reps, load "
                    "(a load step), variation (a harder one), hold, deload, restore (after a "
                    "deload), step_back (after pain), taper, maintain (race-specific), recovery "
                    "(after the race), swap (pain on this exercise), targets (a new phase's "
                    "sets, range or rest).")
    note: str
    reps_goal: int | None = Field(description="This week's goal inside the target range.")


class SessionOut(BaseModel):
    id: str
    day: Day
    date: date | None
    intensity: IntensityName
    focus: t.Focus
    timing: t.Timing
    estimated_minutes: int
    warmup: list[PrescriptionOut]
    exercises: list[PrescriptionOut]
    cooldown: list[PrescriptionOut]
    rationale: list[str]
    rules: list[str] = Field(description="Codes of the coaching rules that shaped this session.")
    training_load: TrainingLoadOut = Field(description="Planned session-RPE load (Foster).")


class RunOut(BaseModel):
    kind: RunKind


class DayOut(BaseModel):
    day: Day
    date: date | None
    runs: list[RunOut]
    session_id: str | None


class WarningOut(BaseModel):
    code: str
    message: str


class WeekPlanOut(BaseModel):
    engine_version: str
    phase: Phase
    week: list[DayOut]
    sessions: list[SessionOut]
    warnings: list[WarningOut]
    rationale: list[str]
    notes: list[str]
    after_run_core_block: list[PrescriptionOut] = Field(
        description="An optional 5-minute bodyweight block that may follow any run."
    )
    rules: list[str] = Field(
        default_factory=list,
        description="Codes of the week-level coaching rules behind `rationale` (session-level "
                    "codes are on each session).")
    training_load: WeekLoadOut = Field(description="The week's planned load: per day, total, "
                                       "monotony and strain, runs included when they carry "
                                       "minutes and rpe.")
