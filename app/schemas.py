"""API models and the mappers between them and the engine: the only place the two meet.

Request models are strict where coercion would accept nonsense (a boolean for a number, a number
for a date) and forbid unknown fields so that a typo is an error, not a silently ignored wish.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    field_validator,
    model_validator,
)

from app.engine import types as t
from app.engine.catalogue import Catalogue
from app.engine.explain import ENGLISH, Voice
from app.engine.types import (
    Category,
    Day,
    Equipment,
    Experience,
    Goal,
    Impact,
    InjuryArea,
    InjuryStatus,
    Level,
    Measure,
    Muscle,
    Pattern,
    Phase,
    RunKind,
    Strategy,
)
from app.plan_json import iso as _iso
from app.plan_json import plan_to_dict as plan_to_dict
from app.plan_json import rx_dict as _rx
from app.schemas_load import TrainingLoadOut, WeekLoadOut


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a date string like 2026-03-02")
    return value


# Dates far from now break date arithmetic (a programme in 9999 would run past the calendar)
# and mean nothing for a training plan: every date the API takes lies in this range.
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)


def _in_range(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"must be between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_in_range)]


def _no_duplicates(values: list[Any], what: str) -> list[Any]:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{what} {getattr(v, 'value', v)!s} is listed twice")
        seen.add(v)
    return values


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
        return _no_duplicates(v, "equipment")

    @field_validator("goals")
    @classmethod
    def _goals_once(cls, v: list[Goal]) -> list[Goal]:
        return _no_duplicates(v, "goal")

    @field_validator("unavailable_days")
    @classmethod
    def _days_once(cls, v: list[Day]) -> list[Day]:
        return _no_duplicates(v, "day")

    @field_validator("injuries")
    @classmethod
    def _areas_once(cls, v: list[InjuryIn]) -> list[InjuryIn]:
        _no_duplicates([i.area for i in v], "injury area")
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


# ----------------------------------------------------------------------------- saved plans


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError("must not contain control characters")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise ValueError("must be valid Unicode text (no lone surrogates)")
    return value


AthleteId = Annotated[
    str, BeforeValidator(_clean_text),
    Field(min_length=1, max_length=128, description="The app's own opaque id for the runner.",
          strict=True),
]
PlanName = Annotated[
    str, BeforeValidator(_clean_text), Field(min_length=1, max_length=200, strict=True)
]


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


# ----------------------------------------------------------------------------- plan out

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
    source: str = Field(alias="from", description="The logged set it comes from.")

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


# ----------------------------------------------------------------------------- catalogue out


class ExerciseOut(BaseModel):
    slug: str
    name: str
    category: Category = Field(description="The main category (the first of categories).")
    categories: list[Category]
    pattern: Pattern
    primary_muscles: list[Muscle]
    secondary_muscles: list[Muscle]
    equipment: list[Equipment] = Field(description="All of it is needed; empty = bodyweight.")
    level: Level
    unilateral: bool
    measure: Measure
    impact: Impact
    stress: list[InjuryArea] = Field(description="Joints and tissues it loads noticeably.")
    tempo: str | None
    instructions: list[str]
    cues: list[str]
    easier: list[str]
    harder: list[str]


class ExercisePage(BaseModel):
    data: list[ExerciseOut]
    count: int = Field(description="How many exercises match the filters in all.")
    limit: int
    offset: int


class EquipmentOut(BaseModel):
    slug: Equipment
    name: str
    loads: bool = Field(description="Whether it adds external load (weights or a cable).")


class EquipmentList(BaseModel):
    data: list[EquipmentOut]
    count: int


def exercise_to_dict(ex: t.Exercise) -> dict[str, Any]:
    return {
        "slug": ex.slug,
        "name": ex.name,
        "category": ex.category.value,
        "categories": [c.value for c in ex.categories],
        "pattern": ex.pattern.value,
        "primary_muscles": [m.value for m in ex.primary_muscles],
        "secondary_muscles": [m.value for m in ex.secondary_muscles],
        "equipment": sorted(e.value for e in ex.equipment),
        "level": ex.level.value,
        "unilateral": ex.unilateral,
        "measure": ex.measure.value,
        "impact": ex.impact.value,
        "stress": sorted(s.value for s in ex.stress),
        "tempo": ex.tempo,
        "instructions": list(ex.instructions),
        "cues": list(ex.cues),
        "easier": list(ex.easier),
        "harder": list(ex.harder),
    }


def catalogue_dicts(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    return {ex.slug: exercise_to_dict(ex) for ex in catalogue.exercises}


# ----------------------------------------------------------------------------- programmes

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


class AlternativeOut(ExerciseOut):
    rank: int = Field(description="1 = closest to the original.")


class AlternativeList(BaseModel):
    data: list[AlternativeOut]
    count: int


# ----------------------------------------------------------------------------- logs and swaps


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
