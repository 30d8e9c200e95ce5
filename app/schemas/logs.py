"""Session logs and exercise swaps, the next week, and the prescription mappers a swap needs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from app.engine import types as t
from app.engine.types import Category, Measure
from app.plan_json import rx_dict as _rx
from app.schemas.plan_out import WeekPlanOut


class ExerciseLogIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9-]+$")]
    sets_done: StrictInt = Field(ge=0, le=20)
    reps_done: StrictInt | None = Field(default=None, ge=0, le=500)
    load_kg: float | None = Field(default=None, ge=0, le=500, strict=True)
    load_lb: float | None = Field(default=None, ge=0, le=1100, strict=True,
                                  description="The load in pounds, for runners who think in "
                                  "pounds (give load_kg or load_lb, not both).")
    rpe: StrictInt | None = Field(default=None, ge=1, le=10)
    reps_in_reserve: StrictInt | None = Field(default=None, ge=0, le=10, description="Reps "
                                              "left in the tank at the end of the sets.")
    pain: bool = Field(default=False, strict=True, description="Pain on this exercise: next "
                       "week swaps it for one that spares the area.")

    @model_validator(mode="after")
    def _one_load(self) -> ExerciseLogIn:
        if self.load_kg is not None and self.load_lb is not None:
            raise ValueError("give load_kg or load_lb, not both")
        return self


class SessionLogIn(BaseModel):
    """What happened in one session."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"week": 1, "session_id": "mon-strength", "status": "done", "rpe": 7,
         "exercises": [{"slug": "goblet-squat", "sets_done": 3, "reps_done": 10,
                        "load_kg": 16, "rpe": 7}]}]})

    week: StrictInt = Field(default=1, ge=1, le=30,
                            description="Programme week (1 for a saved week plan).")
    session_id: Annotated[str, Field(min_length=1, max_length=32,
                                     pattern=r"^(mon|tue|wed|thu|fri|sat|sun)-strength$")]
    status: Literal["done", "skipped"]
    rpe: StrictInt | None = Field(default=None, ge=1, le=10,
                                  description="Session RPE, 1-10 (for done sessions).")
    minutes: StrictInt | None = Field(
        default=None, ge=1, le=600,
        description="How long the session took. With rpe it gives the session's actual load "
                    "(rpe x minutes); without it the planned minutes are used.")
    pain: bool = Field(default=False, strict=True, description="Pain during or after.")
    exercises: list[ExerciseLogIn] = Field(default_factory=list, max_length=20)


class SessionLogOut(SessionLogIn):
    id: str
    created_at: str


class SessionLogList(BaseModel):
    data: list[SessionLogOut]
    next_cursor: str | None = Field(default=None, description="Pass as cursor for the next "
                                    "page; null at the end.")


class SwapIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"week": 1, "session_id": "mon-strength", "slug": "goblet-squat",
         "replacement": "kettlebell-goblet-squat"}]})

    week: StrictInt = Field(default=1, ge=1, le=30)
    session_id: Annotated[str, Field(min_length=1, max_length=32,
                                     pattern=r"^(mon|tue|wed|thu|fri|sat|sun)-strength$")]
    slug: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9-]+$")]
    replacement: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9-]+$")]


class NextWeekOut(BaseModel):
    week_start: date | None
    deload: bool
    adaptation: str | None
    plan: WeekPlanOut


def prescription_from_dict(d: Mapping[str, Any]) -> t.Prescription:
    tg, ld = d["target"], d["load"]
    return t.Prescription(
        slug=d["slug"], name=d["name"], category=Category(d["category"]), sets=d["sets"],
        target=t.Target(Measure(tg["unit"]), tg["min"], tg["max"], tg["per_side"]),
        rest_seconds=d["rest_seconds"], tempo=d["tempo"],
        load=t.Load(t.LoadKind(ld["kind"]), ld["reps_in_reserve"], ld["rpe"],
                    ld["percent_1rm"], ld["advice"]),
        purpose=d.get("purpose", ""), harder_variation=d.get("harder_variation"),
    )


def prescription_dict(rx: t.Prescription) -> dict[str, Any]:
    return _rx(rx)
