"""Programmes: the request, the answer (weeks, phases, summary) and its mappers from the
engine, and saved programmes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from app.engine import types as t
from app.engine.explain import ENGLISH, Voice
from app.engine.types import Phase
from app.plan_json import iso as _iso
from app.plan_json import plan_to_dict
from app.schemas.fields import AthleteId, IsoDate, PlanName
from app.schemas.plan_out import WarningOut, WeekPlanOut
from app.schemas.profile import PROFILE_EXAMPLE, RunnerProfileIn

PROGRAMME_EXAMPLE: dict[str, Any] = {
    "profile": {**{k: v for k, v in PROFILE_EXAMPLE.items() if k not in ("phase",)},
                "phase": None},
    "start_date": "2026-03-02",
    "race_date": "2026-06-21",
}


class ProgrammeRequest(BaseModel):
    """A profile and either a race date or a number of weeks."""

    model_config = ConfigDict(extra="forbid",
                              json_schema_extra={"examples": [PROGRAMME_EXAMPLE]})

    profile: RunnerProfileIn
    start_date: IsoDate = Field(description="The first day of the programme; week 1 is the "
                                            "Monday-to-Sunday week that holds it.")
    race_date: IsoDate | None = Field(default=None, description="The race the programme "
                                      "builds to; its week is the last.")
    weeks: StrictInt | None = Field(default=None, ge=4, le=24,
                                    description="Length when there is no race (4-24).")
    after_race: Literal["stop", "recover", "continue"] = Field(
        default="stop", description="After the race week: stop there, add a recovery week "
        "(mobility and light activation), or add the recovery week and a new general "
        "preparation block of `continue_weeks`.")
    continue_weeks: StrictInt = Field(default=8, ge=4, le=12, description="Length of the new "
                                      "general preparation block with after_race=continue.")

    def engine_args(self) -> dict[str, Any]:
        profile = self.profile.to_engine()
        race = self.race_date or profile.race_date
        profile = dataclasses.replace(profile, race_date=None, week_start=None)
        return {"profile": profile, "start_date": self.start_date, "race_date": race,
                "weeks": self.weeks, "after_race": self.after_race,
                "continue_weeks": self.continue_weeks}


class PhaseBlockOut(BaseModel):
    phase: Phase
    first_week: int
    last_week: int
    start: date
    end: date


class WeekSummaryOut(BaseModel):
    week: int
    phase: Phase
    deload: bool
    sessions: int
    sets: int = Field(description="Working sets in the week (volume).")
    heavy: int
    moderate: int
    light: int
    mean_rpe: float | None = Field(description="Mean target RPE of the working sets "
                                               "(intensity).")
    planned_load: int | None = Field(description="The week's planned training load (AU): "
                                     "strength sessions plus runs with minutes and rpe.")
    top_rpe: int | None = Field(default=None, description="The highest target RPE of any "
                                "working set (the week's top effort).")
    load_steps: int = Field(default=0, description="Exercises that took a load step (more "
                            "weight, a stronger band, a harder variation or a slower tempo).")


class ProgrammeSummaryOut(BaseModel):
    phases: list[PhaseBlockOut]
    weeks: list[WeekSummaryOut]


class ProgrammeWeekOut(BaseModel):
    number: int
    phase: Phase
    week_start: date
    deload: bool
    adaptation: str | None = Field(description="How logged feedback changed this week.")
    plan: WeekPlanOut


class ProgrammeOut(BaseModel):
    engine_version: str
    start_date: date
    race_date: date | None
    summary: ProgrammeSummaryOut
    weeks: list[ProgrammeWeekOut]
    warnings: list[WarningOut]
    rationale: list[str]


def _with_progression(plan: dict[str, Any],
                      notes: Mapping[tuple[str, int], Any]) -> dict[str, Any]:
    for s in plan["sessions"]:
        for i, ex in enumerate(s["exercises"]):
            prog = notes.get((s["id"], i))
            if prog is not None:
                ex["progression"] = {"change": prog.change, "note": prog.note,
                                     "reps_goal": prog.reps_goal}
    return plan


def week_to_dict(w: Any, runs: Sequence[t.Run] = (), voice: Voice = ENGLISH) -> dict[str, Any]:
    return {
        "number": w.number,
        "phase": w.phase.value,
        "week_start": _iso(w.week_start),
        "deload": w.deload,
        "adaptation": w.adaptation,
        "plan": _with_progression(plan_to_dict(w.plan, runs, voice), w.progression),
    }


def summary_of(weeks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Volume (working sets) and intensity (session mix, mean target RPE) week by week."""
    out = []
    for w in weeks:
        sessions = w["plan"]["sessions"]
        sets = [(ex["sets"], ex["load"]["rpe"]) for s in sessions for ex in s["exercises"]]
        rpes = [rpe for n, rpe in sets for _ in range(n) if rpe is not None]
        out.append({
            "week": w["number"], "phase": w["phase"], "deload": w["deload"],
            "sessions": len(sessions), "sets": sum(n for n, _ in sets),
            "heavy": sum(s["intensity"] == "heavy" for s in sessions),
            "moderate": sum(s["intensity"] == "moderate" for s in sessions),
            "light": sum(s["intensity"] == "light" for s in sessions),
            "mean_rpe": round(sum(rpes) / len(rpes), 2) if rpes else None,
            "planned_load": (w["plan"].get("training_load") or {}).get("total"),
            "top_rpe": max(rpes) if rpes else None,
            "load_steps": sum(1 for s in sessions for ex in s["exercises"]
                              if (ex.get("progression") or {}).get("change")
                              in ("load", "variation")),
        })
    return out


def programme_to_dict(prog: Any, runs: Sequence[t.Run] = (),
                      voice: Voice = ENGLISH) -> dict[str, Any]:
    weeks = [week_to_dict(w, runs, voice) for w in prog.weeks]
    return {
        "engine_version": prog.engine_version,
        "start_date": prog.start_date.isoformat(),
        "race_date": _iso(prog.race_date),
        "summary": {
            "phases": [{"phase": b.phase.value, "first_week": b.first_week,
                        "last_week": b.last_week, "start": b.start.isoformat(),
                        "end": b.end.isoformat()} for b in prog.blocks],
            "weeks": summary_of(weeks),
        },
        "weeks": weeks,
        "warnings": [{"code": w.code, "message": w.message} for w in prog.warnings],
        "rationale": list(prog.rationale),
    }


class SavedProgrammeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"athlete_id": "runner-42", "name": "Road to the June half",
         "programme": PROGRAMME_EXAMPLE}]})

    athlete_id: AthleteId
    name: PlanName | None = None
    programme: ProgrammeRequest


class SavedProgrammeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"programme": PROGRAMME_EXAMPLE, "from_week": 5}]})

    name: PlanName | None = None
    programme: ProgrammeRequest | None = None
    from_week: StrictInt = Field(default=1, ge=1, le=30, description="Weeks before this one "
                                 "stay as they were; this one and later are regenerated.")


class SavedProgrammeOut(BaseModel):
    id: str
    athlete_id: str
    name: str | None
    request: ProgrammeRequest
    programme: ProgrammeOut
    engine_version: str
    version: int
    created_at: str
    updated_at: str


class SavedProgrammeListItem(BaseModel):
    """A saved programme in a list: a summary, or the whole document with view=full."""

    id: str
    athlete_id: str
    name: str | None
    request: ProgrammeRequest | None = Field(default=None, description="Only with view=full.")
    programme: ProgrammeOut | None = Field(default=None, description="Only with view=full.")
    engine_version: str
    version: int
    created_at: str
    updated_at: str


class SavedProgrammePage(BaseModel):
    data: list[SavedProgrammeListItem]
    next_cursor: str | None
