"""Concrete loads from what was logged (DOMAIN §6).

From a logged set (load, reps, and RPE or reps in reserve) the one-rep max is estimated with
Epley: e1RM = load x (1 + (reps + reserve) / 30). The load for a target number of reps at a
target reserve is e1RM / (1 + (reps + reserve) / 30), rounded down to a load the runner can set
(dumbbells, kettlebells and plates come in steps, or the runner lists the weights they own) and
never more than about 10% above the last load used (ACSM: 2-10% steps).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.engine.types import Equipment, Exercise, RunnerProfile, Units

KG_PER_LB = 0.45359237
MAX_STEP = 1.10

# Default steps when the runner gives none: dumbbells 1 kg (DOMAIN: 1-2 kg), kettlebells 4 kg,
# barbell plates 2.5 kg total, a cable stack 2.5 kg; in pounds 2.5, 9, 5 and 5.
DEFAULT_STEPS: Mapping[Units, Mapping[Equipment, float]] = {
    Units.KG: {Equipment.DUMBBELLS: 1.0, Equipment.KETTLEBELL: 4.0, Equipment.BARBELL: 2.5,
               Equipment.CABLE_MACHINE: 2.5},
    Units.LB: {Equipment.DUMBBELLS: 2.5, Equipment.KETTLEBELL: 9.0, Equipment.BARBELL: 5.0,
               Equipment.CABLE_MACHINE: 5.0},
}
LOAD_ORDER = (Equipment.BARBELL, Equipment.KETTLEBELL, Equipment.DUMBBELLS,
              Equipment.CABLE_MACHINE)


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """The runner's set that a suggestion comes from, in kilograms."""

    week: int
    session_id: str
    sets: int
    reps: int
    load_kg: float
    reserve: int  # reps in reserve (10 - RPE when the runner logged RPE)
    log_id: str = ""  # the session log's id, when it came through the API
    on: date | None = None  # the day of that session, when the programme is dated


def e1rm(load: float, reps: int, reserve: int) -> float:
    """Epley with reserve: the set was a (reps + reserve)-rep maximum."""
    return load * (1 + (reps + reserve) / 30)


def load_for(one_rm: float, reps: int, reserve: int) -> float:
    return one_rm / (1 + (reps + reserve) / 30)


def to_units(kg: float, units: Units) -> float:
    return kg if units is Units.KG else kg / KG_PER_LB


def loading_equipment(ex: Exercise) -> Equipment | None:
    return next((e for e in LOAD_ORDER if e in ex.equipment), None)


def available(profile: RunnerProfile, kind: Equipment) -> tuple[float, ...]:
    """The runner's own list or step for this kind (in their units), else the default step."""
    own = dict(profile.load_increments).get(kind)
    if own:
        return own
    return (DEFAULT_STEPS[profile.units][kind],)


def round_down(value: float, options: Iterable[float]) -> float | None:
    """The largest settable load not above value: a one-number option is a step size, a list is
    the loads owned. None when nothing settable is that light."""
    opts = tuple(options)
    if len(opts) == 1:
        step = opts[0]
        n = math.floor(value / step + 1e-9)
        return round(n * step, 2) if n >= 1 else None
    below = [o for o in opts if o <= value + 1e-9]
    return max(below) if below else None


def next_up(value: float, options: Iterable[float]) -> float | None:
    """The next settable load above value (None: nothing heavier is owned)."""
    opts = tuple(options)
    if len(opts) == 1:
        n = math.floor(value / opts[0] + 1e-9) + 1
        return round(n * opts[0], 2)
    above = [o for o in opts if o > value + 1e-9]
    return min(above) if above else None


def step_down(value: float, options: Iterable[float]) -> float | None:
    """One settable load below value (for a week that steps back)."""
    opts = tuple(options)
    if len(opts) == 1:
        return round_down(value - opts[0], opts)
    below = [o for o in opts if o < value - 1e-9]
    return max(below) if below else None


def suggest(logged: LoggedSet, *, reps: int, reserve: int, profile: RunnerProfile,
            kind: Equipment, increase: bool) -> tuple[float, float] | None:
    """(load, e1RM) in the runner's units for `reps` at `reserve`, from the logged set.

    With `increase` the load may go up (a load step, or the first number after a log) - to what
    the e1RM gives, never above 1.10 x the last load; otherwise it stays at the last load used
    (more reps, or a held week, change one thing only). A set logged at the target reserve or
    easier never leads to a lighter number: rounding down to a coarse step (a 16 kg kettlebell
    for 11 reps at 3 in reserve gives 15.6 kg, so 12 kg) would undo what the runner just did."""
    units = profile.units
    last = to_units(logged.load_kg, units)
    one_rm = to_units(e1rm(logged.load_kg, logged.reps, logged.reserve), units)
    opts = available(profile, kind)
    target = min(load_for(one_rm, reps, reserve), last * MAX_STEP) if increase else last
    value = round_down(target, opts)
    if increase and logged.reserve >= reserve:
        held = round_down(last, opts)
        if held is not None and (value is None or value < held):
            value = held
    if value is None:
        return None
    return value, round(one_rm, 1)
