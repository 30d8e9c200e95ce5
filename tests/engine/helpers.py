"""Shared builders for engine tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.engine.catalogue import default_catalogue
from app.engine.planner import generate_week
from app.engine.types import (
    Category,
    Day,
    Equipment,
    Exercise,
    Experience,
    Goal,
    Injury,
    InjuryArea,
    InjuryStatus,
    Phase,
    Prescription,
    Run,
    RunKind,
    RunnerProfile,
    Session,
    Strategy,
    WeekPlan,
)

CAT = default_catalogue()
DAYS = list(Day)


def runs(**kinds: str) -> tuple[Run, ...]:
    """runs(tue="easy", thu="quality") -> the Run tuple."""
    return tuple(Run(Day(d), RunKind(k)) for d, k in kinds.items())


def profile(**kw: Any) -> RunnerProfile:
    base: dict[str, Any] = {
        "experience": Experience.INTERMEDIATE,
        "runs": runs(tue="easy", thu="quality", sat="long", sun="easy"),
        "phase": Phase.BASE,
        "equipment": frozenset({Equipment.DUMBBELLS, Equipment.MINI_BAND, Equipment.MAT}),
        "session_minutes": 45,
    }
    for key, value in kw.items():
        if key == "equipment":
            value = frozenset(Equipment(e) for e in value)
        elif key == "injuries":
            value = tuple(Injury(InjuryArea(a), InjuryStatus(s)) for a, s in value)
        elif key == "goals":
            value = tuple(Goal(g) for g in value)
        elif key == "unavailable_days":
            value = frozenset(Day(d) for d in value)
        elif key == "experience":
            value = Experience(value)
        elif key == "phase" and value is not None:
            value = Phase(value)
        elif key == "strategy":
            value = Strategy(value)
        base[key] = value
    return RunnerProfile(**base)


def plan(**kw: Any) -> WeekPlan:
    return generate_week(profile(**kw))


def ex(rx: Prescription) -> Exercise:
    return CAT.by_slug[rx.slug]


def all_items(session: Session) -> list[Prescription]:
    return [*session.warmup, *session.exercises, *session.cooldown]


def run_on(p: WeekPlan, day: Day) -> RunKind | None:
    entry = p.week[DAYS.index(day)]
    return entry.runs[0] if entry.runs else None


def categories(session: Session) -> set[Category]:
    return {c for rx in session.exercises for c in ex(rx).categories}


MONDAY = date(2026, 3, 2)
