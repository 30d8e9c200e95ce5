"""API models and mappers for training load (DOMAIN §10), kept beside app/schemas.py.

The numbers come from app/engine/load.py; this module only shapes them for JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from app.engine import load as ld
from app.engine import types as t

MONOTONY_HIGH = 2.0  # Foster's rule of thumb: above ~2 the days are too much alike

ACWR_NOTE = (
    "A soft signal only: how the last 7 days compare with the last 28 (exponentially "
    "weighted). It describes change in load, it does not predict injury; read it with how the "
    "runner feels."
)


class TrainingLoadOut(BaseModel):
    """Planned load of one session (Foster's session-RPE method)."""

    session_rpe: float = Field(description="Whole-session effort on the CR-10 scale, derived "
                               "from the target effort of the working sets and the intensity.")
    minutes: int = Field(description="The session's estimated minutes.")
    load: int = Field(description="session_rpe x minutes, in arbitrary units (AU).")


class WeekLoadOut(BaseModel):
    """The week's load picture: strength sessions plus runs that carry minutes and RPE."""

    total: int = Field(description="Sum of the daily loads (AU).")
    per_day: list[int] = Field(min_length=7, max_length=7,
                               description="Load per day, Monday to Sunday (AU).")
    strength: int = Field(description="The strength sessions' share of the total.")
    running: int = Field(description="The runs' share (runs with minutes and rpe only).")
    monotony: float | None = Field(description="Mean daily load / its standard deviation; "
                                   "null when every day carries the same load.")
    strain: int | None = Field(description="total x monotony; null with monotony.")


def session_load_dict(session: t.Session) -> dict[str, Any]:
    sl = ld.session_load(session)
    return {"session_rpe": sl.session_rpe, "minutes": sl.minutes, "load": sl.load}


def week_load_dict(plan: t.WeekPlan, runs: Sequence[t.Run]) -> dict[str, Any]:
    week, strength, running = ld.plan_week_load(plan, runs)
    return {"total": week.total, "per_day": list(week.per_day), "strength": strength,
            "running": running, "monotony": week.monotony, "strain": week.strain}


def monotony_note(week: dict[str, Any]) -> str | None:
    """A sentence for the plan's notes when running and strength together make a monotonous
    week (only meaningful when the runs carry their own load)."""
    mono = week["monotony"]
    if week["running"] == 0 or mono is None or mono < MONOTONY_HIGH:
        return None
    return (f"With your runs, this week's load is much the same every day (monotony {mono:.1f}); "
            "a truly easy or rest day would break it up.")
