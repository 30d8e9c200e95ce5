"""The runner's week as the API takes it (RunnerProfileIn) and its mapping to the engine's
RunnerProfile."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator

from app.engine import types as t
from app.engine.types import (
    Day,
    Equipment,
    Experience,
    Goal,
    InjuryArea,
    InjuryStatus,
    Phase,
    RunKind,
    Strategy,
)
from app.schemas.fields import IsoDate, no_duplicates


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: Day = Field(description="Day of the week, mon..sun.")
    kind: RunKind = Field(
        description="easy | quality (intervals, tempo, hills, race pace) | long | race."
    )
    minutes: StrictInt | None = Field(
        default=None, ge=1, le=600,
        description="Optional: how long the run lasts; with rpe it adds the run to the week's "
                    "training load.")
    rpe: StrictInt | None = Field(
        default=None, ge=1, le=10,
        description="Optional: how hard the whole run feels on the CR-10 scale (1-10); needs "
                    "minutes.")

    @model_validator(mode="after")
    def _minutes_with_rpe(self) -> RunIn:
        if (self.minutes is None) != (self.rpe is None):
            raise ValueError("give a run's minutes and rpe together (or neither): the run's "
                             "load is rpe x minutes")
        return self


class InjuryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area: InjuryArea
    status: InjuryStatus = Field(description="history: healed but worth protecting; "
                                             "current: hurts now.")


PROFILE_EXAMPLE: dict[str, Any] = {
    "experience": "intermediate",
    "runs": [
        {"day": "tue", "kind": "easy"},
        {"day": "thu", "kind": "quality"},
        {"day": "sat", "kind": "long"},
        {"day": "sun", "kind": "easy"},
    ],
    "phase": "base",
    "race_date": None,
    "week_start": None,
    "equipment": ["dumbbells", "mini_band", "mat"],
    "session_minutes": 35,
    "sessions_per_week": None,
    "injuries": [{"area": "achilles", "status": "history"}],
    "goals": ["injury_resilience", "economy"],
    "strategy": "hard_days_hard",
    "unavailable_days": ["fri"],
}


LoadEquipment = Literal["dumbbells", "kettlebell", "barbell", "cable_machine"]


class RunnerProfileIn(BaseModel):
    """A runner's week: their runs, phase, equipment, time, injuries and goals."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PROFILE_EXAMPLE]})

    experience: Experience = Field(description="Strength-training experience.")
    runs: list[RunIn] = Field(
        default_factory=list, max_length=14,
        description="At most one run a day; days not listed are rest days.",
    )
    phase: Phase | None = Field(
        default=None,
        description="Training phase. May be omitted when race_date and week_start are given.",
    )
    race_date: IsoDate | None = None
    week_start: IsoDate | None = Field(default=None, description="The Monday this week begins.")
    equipment: list[Equipment] = Field(
        default_factory=list, max_length=len(Equipment),
        description="What the runner owns; an empty list means bodyweight only.",
    )
    session_minutes: StrictInt = Field(default=30, ge=15, le=120)
    sessions_per_week: StrictInt | None = Field(
        default=None, ge=0, le=4, description="A wish; the engine decides from the phase when null."
    )
    injuries: list[InjuryIn] = Field(default_factory=list, max_length=len(InjuryArea))
    goals: list[Goal] = Field(default_factory=list, max_length=len(Goal))
    strategy: Strategy = Strategy.HARD_DAYS_HARD
    unavailable_days: list[Day] = Field(default_factory=list, max_length=7)
    units: t.Units = Field(default=t.Units.KG, description="The runner's units for suggested "
                           "loads: kg or lb.")
    load_increments: dict[LoadEquipment, float | list[float]] = Field(
        default_factory=dict, max_length=4,
        description="The loads the runner can set, per equipment kind, in `units`: one number "
                    "is a step (2 = every 2 kg), a list is the weights they own ([4, 6, 8, 10]). "
                    "Kinds not given use 1 kg dumbbells, 4 kg kettlebells, 2.5 kg on a barbell "
                    "and a cable stack (2.5, 9, 5, 5 lb).")
    strength_history_weeks: StrictInt | None = Field(
        default=None, ge=0, le=1040,
        description="Weeks of regular strength training so far: sets where a programme's "
                    "progression starts (8+ skips a beginner's bodyweight weeks, 26+ shortens "
                    "the easy start to one week).")

    @field_validator("load_increments")
    @classmethod
    def _increments(cls, v: dict[Any, float | list[float]]) -> dict[Any, float | list[float]]:
        for kind, inc in v.items():
            values = inc if isinstance(inc, list) else [inc]
            if not 1 <= len(values) <= 40 or any(not 0 < x <= 500 for x in values):
                raise ValueError(f"load_increments.{kind}: give a step or 1-40 loads, each "
                                 "above 0 and at most 500")
        return v

    @field_validator("equipment")
    @classmethod
    def _equipment_once(cls, v: list[Equipment]) -> list[Equipment]:
        return no_duplicates(v, "equipment")

    @field_validator("goals")
    @classmethod
    def _goals_once(cls, v: list[Goal]) -> list[Goal]:
        return no_duplicates(v, "goal")

    @field_validator("unavailable_days")
    @classmethod
    def _days_once(cls, v: list[Day]) -> list[Day]:
        return no_duplicates(v, "day")

    @field_validator("injuries")
    @classmethod
    def _areas_once(cls, v: list[InjuryIn]) -> list[InjuryIn]:
        no_duplicates([i.area for i in v], "injury area")
        return v

    def to_engine(self) -> t.RunnerProfile:
        return t.RunnerProfile(
            experience=self.experience,
            runs=tuple(t.Run(r.day, r.kind, r.minutes, r.rpe) for r in self.runs),
            phase=self.phase,
            race_date=self.race_date,
            week_start=self.week_start,
            equipment=frozenset(self.equipment),
            session_minutes=self.session_minutes,
            sessions_per_week=self.sessions_per_week,
            injuries=tuple(t.Injury(i.area, i.status) for i in self.injuries),
            goals=tuple(self.goals),
            strategy=self.strategy,
            unavailable_days=frozenset(self.unavailable_days),
            units=self.units,
            load_increments=tuple(sorted(
                (t.Equipment(k), tuple(sorted(set(v))) if isinstance(v, list) else (float(v),))
                for k, v in self.load_increments.items())),
            strength_history_weeks=self.strength_history_weeks,
        )
