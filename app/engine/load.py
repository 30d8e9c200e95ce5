"""Training load for running planners (DOMAIN §10): session RPE, Foster load, monotony, strain and
an exponentially weighted acute:chronic view.

Pure arithmetic on plain numbers: no I/O, no clock, no pydantic. Every result is rounded to a
fixed number of decimals so the same plan always serialises to the same bytes.

- Session load (Foster 2001): the RPE of the whole session on the CR-10 scale x its minutes,
  in arbitrary units (AU).
- Monotony: the mean daily load of a week divided by the standard deviation of the seven daily
  loads (population SD, rest days count as 0).
- Strain: the week's total load x its monotony.
- Acute:chronic: exponentially weighted moving averages of daily load over 7 and 28 days
  (lambda = 2 / (N + 1)); their ratio is a soft signal of how this week compares with the
  weeks before it, never an injury prediction (Impellizzeri 2020).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.engine.types import Run, Session, WeekPlan

# Whole-session RPE when the prescriptions carry no target effort (mobility, activation):
# by the session's intensity, 1 light .. 3 heavy.
RPE_BY_INTENSITY: dict[int, float] = {1: 3.0, 2: 5.0, 3: 7.0}
# The whole session rates below its working sets: warm-up, rest between sets and cool-down are
# easy. One CR-10 point is what the session RPE sits below the set-weighted target effort.
WHOLE_SESSION_DISCOUNT = 1.0
ACUTE_DAYS, CHRONIC_DAYS = 7, 28


@dataclass(frozen=True, slots=True)
class WeekLoad:
    total: int
    per_day: tuple[int, ...]  # Monday .. Sunday
    monotony: float | None  # None when every day carries the same load (SD 0)
    strain: int | None


@dataclass(frozen=True, slots=True)
class AcuteChronic:
    acute: float
    chronic: float
    ratio: float | None  # None while the chronic average is still 0


def session_rpe(sets: Sequence[tuple[int, int | None]], intensity: int) -> float:
    """The session's CR-10 RPE from its working sets and its intensity (1 light .. 3 heavy).

    `sets` holds (number of sets, target RPE or None) per working exercise. The answer is the
    set-weighted mean target RPE less WHOLE_SESSION_DISCOUNT, within 1-10, to one decimal.
    Exercises without a target RPE count at the intensity's value (RPE_BY_INTENSITY) plus the
    discount, so a session with no target efforts at all rates exactly at that value.
    """
    fallback = RPE_BY_INTENSITY[intensity] + WHOLE_SESSION_DISCOUNT
    n = sum(count for count, _ in sets)
    if n == 0:
        return RPE_BY_INTENSITY[intensity]
    mean = sum(count * (fallback if rpe is None else rpe) for count, rpe in sets) / n
    return round(min(10.0, max(1.0, mean - WHOLE_SESSION_DISCOUNT)), 1)


def foster_load(rpe: float, minutes: float) -> int:
    """Session-RPE load (Foster 2001): RPE x minutes, in arbitrary units, to the nearest unit."""
    return round(rpe * minutes)


def monotony(per_day: Sequence[float]) -> float | None:
    """Mean daily load / population SD of the daily loads, to two decimals.

    None when the SD is 0: every day carries the same load (a week of no load at all, or the
    same load on all seven days), where the ratio is undefined.
    """
    if not per_day:
        return None
    mean = sum(per_day) / len(per_day)
    sd = math.sqrt(sum((x - mean) ** 2 for x in per_day) / len(per_day))
    if sd == 0:
        return None
    return round(mean / sd, 2)


def strain(total: float, mono: float | None) -> int | None:
    """Weekly load x monotony, to the nearest unit; None when monotony is undefined."""
    return None if mono is None else round(total * mono)


def week_load(per_day: Sequence[float]) -> WeekLoad:
    """The week's load picture from its seven daily loads (Monday first)."""
    if len(per_day) != 7:
        raise ValueError("a week has seven daily loads")
    days = tuple(round(x) for x in per_day)
    total = sum(days)
    mono = monotony(days)
    return WeekLoad(total=total, per_day=days, monotony=mono, strain=strain(total, mono))


def ewma(daily: Sequence[float], days: int) -> list[float]:
    """Exponentially weighted moving average of daily loads over `days` (lambda = 2/(days+1)),
    starting from 0 before the first day: EWMA_t = lambda * load_t + (1 - lambda) * EWMA_t-1."""
    lam = 2 / (days + 1)
    out, value = [], 0.0
    for load in daily:
        value = lam * load + (1 - lam) * value
        out.append(value)
    return out


def acute_chronic(daily: Sequence[float]) -> list[AcuteChronic]:
    """The 7-day and 28-day EWMAs and their ratio on every day of `daily`."""
    acute, chronic = ewma(daily, ACUTE_DAYS), ewma(daily, CHRONIC_DAYS)
    return [
        AcuteChronic(round(a, 1), round(c, 1), None if c == 0 else round(a / c, 2))
        for a, c in zip(acute, chronic, strict=True)
    ]


# ----------------------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class SessionLoad:
    session_rpe: float
    minutes: int
    load: int


def session_load(session: Session) -> SessionLoad:
    """Planned load of one strength session: its derived RPE x its estimated minutes."""
    rpe = session_rpe([(rx.sets, rx.load.rpe) for rx in session.exercises],
                      int(session.intensity))
    minutes = session.estimated_minutes
    return SessionLoad(session_rpe=rpe, minutes=minutes, load=foster_load(rpe, minutes))


@lru_cache(maxsize=4096)
def _week_load(per_day: tuple[int, ...]) -> WeekLoad:
    """week_load for whole daily loads, memoised: many weeks share their load pattern."""
    return week_load(per_day)


def run_load(run: Run) -> int | None:
    """A run's load when the runner gave both its minutes and its RPE."""
    if run.minutes is None or run.rpe is None:
        return None
    return foster_load(run.rpe, run.minutes)


def plan_week_load(plan: WeekPlan, runs: Sequence[Run] = (),
                   session_loads: Sequence[int] | None = None) -> tuple[WeekLoad, int, int]:
    """The week's load picture: strength sessions plus every run with minutes and RPE.

    `session_loads`, when given, are the sessions' planned loads already computed (in the order
    of plan.sessions). Returns the combined WeekLoad and the strength and running totals."""
    if session_loads is None:
        session_loads = [session_load(s).load for s in plan.sessions]
    strength = [0] * 7
    for s, load in zip(plan.sessions, session_loads, strict=True):
        strength[s.day.num] += load
    running = [0] * 7
    for r in runs:
        running[r.day.num] += run_load(r) or 0
    combined = _week_load(tuple(a + b for a, b in zip(strength, running, strict=True)))
    return combined, sum(strength), sum(running)
