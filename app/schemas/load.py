"""API models and mappers for training load (DOMAIN §10).

The numbers come from app/engine/load.py; this module only shapes them for JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from app.engine import load as ld
from app.engine import types as t

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


# ----------------------------------------------------------------------------- planned vs actual


class SessionLoadReportOut(BaseModel):
    session_id: str
    day: t.Day
    planned: int | None = Field(description="Planned load (AU).")
    actual: int | None = Field(description="Logged load: rpe x minutes (the planned minutes "
                               "when none were logged); 0 when skipped; null until logged.")
    status: str | None = Field(description="done | skipped | null (not logged yet).")


class WeekLoadReportOut(BaseModel):
    week: int
    week_start: str | None
    planned: int | None = Field(description="Planned load of the week's strength sessions.")
    actual: int | None = Field(description="Logged load of the week's strength sessions; null "
                               "when nothing of that week is logged.")
    sessions: list[SessionLoadReportOut]


class AcuteChronicOut(BaseModel):
    week: int = Field(description="The view at the end of this week (its Sunday).")
    acute: float = Field(description="7-day exponentially weighted mean daily load.")
    chronic: float = Field(description="28-day exponentially weighted mean daily load.")
    ratio: float | None = Field(description="acute / chronic; null while chronic is 0.")


class ProgrammeLoadOut(BaseModel):
    weeks: list[WeekLoadReportOut]
    acute_chronic: list[AcuteChronicOut] = Field(
        description="From week 1 to the last week with a log, over the logged strength "
                    "sessions. A soft signal, not an injury prediction.")
    note: str


def _actual(log: Mapping[str, Any], planned_minutes: int | None) -> int:
    if log["status"] != "done" or log["rpe"] is None:
        return 0
    minutes = log["minutes"] if log["minutes"] is not None else planned_minutes or 0
    return ld.foster_load(log["rpe"], minutes)


def programme_load(weeks: Sequence[Mapping[str, Any]],
                   logs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Planned against logged load, week by week, and the acute:chronic view over the logged
    weeks. `logs` are oldest first; the latest log of a session wins."""
    latest = {(log["week"], log["session_id"]): log for log in logs}
    report, daily = [], []
    last_logged = max((week for week, _ in latest), default=0)
    for week in weeks:
        days = [0.0] * 7
        sessions = []
        for s in week["plan"]["sessions"]:
            planned_load = s.get("training_load") or {}
            log = latest.get((week["number"], s["id"]))
            actual = None if log is None else _actual(log, planned_load.get("minutes"))
            if actual is not None:
                days[t.Day(s["day"]).num] += actual
            sessions.append({"session_id": s["id"], "day": s["day"],
                             "planned": planned_load.get("load"), "actual": actual,
                             "status": None if log is None else log["status"]})
        planned = [x["planned"] for x in sessions]
        logged = [x["actual"] for x in sessions if x["actual"] is not None]
        report.append({"week": week["number"], "week_start": week.get("week_start"),
                       "planned": None if None in planned else sum(planned),
                       "actual": sum(logged) if logged else None, "sessions": sessions})
        if week["number"] <= last_logged:
            daily.extend(days)
    view = ld.acute_chronic(daily)
    acwr = [{"week": n + 1, "acute": v.acute, "chronic": v.chronic, "ratio": v.ratio}
            for n, v in enumerate(view[6::7])]
    return {"weeks": report, "acute_chronic": acwr, "note": ACWR_NOTE}
