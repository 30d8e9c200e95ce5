"""Fitting a session into the runner's time, in a fixed trim order (DOMAIN §3).

Session time counts everything: warm-up, each set's work and rest, the changeover between
exercises (setting up, moving equipment) and the cool-down. When a session is too long: extras
go first (least important first), then sets (never below two, then never below one), then the
rest shrinks to a circuit's, then the warm-up and cool-down shorten to their minimum, and only
then does a required exercise go (balance-aware: a knee-dominant one before a hip-dominant one
when knee work leads). Finally anything dropped that fits again comes back.

A heavy session never shortens its rest (heavy sets need about 2 min) and keeps at least two
sets of its main lift; when the time cannot hold that beside its minimum effective session, the
week planner makes the session moderate instead (holds_heavy).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from app.engine.catalogue import Catalogue
from app.engine.context import WeekContext
from app.engine.dosing import role
from app.engine.rules import Rules
from app.engine.selection import Chosen, knee_lead
from app.engine.slots import EMPHASIS, OPTIONAL, PLYO, is_hip_dominant, is_knee_dominant
from app.engine.types import (
    GENTLE_PHASES,
    Category,
    Equipment,
    Exercise,
    Measure,
    Phase,
    Prescription,
    Session,
    Target,
)


def seconds_per_rep(ex: Exercise, tempo: str | None) -> int:
    if tempo:
        return sum(int(x) for x in tempo.split("-"))
    if ex.pattern.value == "hop":
        return 1
    if Category.PLYOMETRICS in ex.categories:
        return 2
    return 3


@cache
def work_seconds(ex: Exercise, target: Target, tempo: str | None) -> int:
    """Seconds of work in one set, at the middle of the target range."""
    sides = 2 if target.per_side else 1
    amount = (target.min + target.max) / 2
    if target.unit is Measure.REPS:
        return math.ceil(amount * seconds_per_rep(ex, tempo)) * sides
    if target.unit is Measure.SECONDS:
        return math.ceil(amount) * sides
    speed = 3 if Category.PLYOMETRICS in ex.categories else 1
    return math.ceil(amount / speed) * sides


def changeover(ex: Exercise, rules: Rules) -> int:
    """Setting up for an exercise: longer when there is equipment to fetch or adjust."""
    return rules.changeover_equipment_seconds if ex.equipment - {Equipment.MAT} else (
        rules.changeover_seconds)


def item_seconds(rx: Prescription, by_slug: Mapping[str, Exercise]) -> int:
    return rx.sets * (work_seconds(by_slug[rx.slug], rx.target, rx.tempo) + rx.rest_seconds)


def drills_seconds(rxs: Iterable[Prescription], by_slug: Mapping[str, Exercise]) -> int:
    return sum(item_seconds(rx, by_slug) for rx in rxs)


def main_seconds(rx: Prescription, by_slug: Mapping[str, Exercise], rules: Rules) -> int:
    """A main exercise: its sets with their rest, plus the changeover into it."""
    return item_seconds(rx, by_slug) + changeover(by_slug[rx.slug], rules)


def session_seconds(session: Session, catalogue: Catalogue, rules: Rules) -> int:
    """What estimated_minutes is: warm-up, main exercises with changeovers, cool-down."""
    by_slug = catalogue.by_slug
    return (drills_seconds((*session.warmup, *session.cooldown), by_slug)
            + sum(main_seconds(rx, by_slug, rules) for rx in session.exercises))


def session_budget(session_minutes: int, run_days: int, phase: Phase, *, rules: Rules) -> int:
    """Minutes a session may take: session_minutes, capped for high-mileage weeks and tapers."""
    budget = session_minutes
    if run_days >= rules.high_mileage_run_days:
        budget = min(budget, rules.high_mileage_max_minutes)
    if phase in GENTLE_PHASES:
        budget = min(budget, rules.taper_max_minutes)
    return budget


@dataclass(slots=True)
class Item:
    chosen: Chosen
    rx: Prescription
    seconds: int = 0


@dataclass(slots=True)
class Fitted:
    items: list[Item]
    warmup: list[Prescription]
    cooldown: list[Prescription]
    trimmed: bool
    circuit: bool
    dropped_required: list[Chosen]


def fit(ctx: WeekContext, items: list[Item], warmup: list[Prescription],
        cooldown: list[Prescription], budget_s: int, *, circuit: bool,
        heavy: bool = False) -> Fitted:
    """Trim order: optional extras; sets down to two; a circuit's rest; the upper-body pull,
    then the emphases; the warm-up and cool-down to their minimum; sets down to one; the warm-up
    and cool-down to their floor; and last a required exercise. Whatever was dropped and fits
    again comes back. A heavy session keeps every rest as dosed (heavy sets need their full
    rest) and at least two sets of its main lift: sets and exercises go instead."""
    by_slug, rules = ctx.catalogue.by_slug, ctx.rules
    for it in items:
        it.seconds = main_seconds(it.rx, by_slug, rules)
    out = Fitted(items, warmup, cooldown, False, circuit, [])
    dropped: list[Item] = []
    _drop_extras(out, dropped, budget_s, by_slug, lowest=OPTIONAL)
    _trim_sets(ctx, out, budget_s, floor=2)
    if _total(out, by_slug) > budget_s and not out.circuit and not heavy:
        out.circuit = True
        for it in out.items:
            if it.chosen.slot is not PLYO:
                _set(it, dataclasses.replace(it.rx, rest_seconds=rules.rest_circuit),
                     by_slug, rules)
    _drop_extras(out, dropped, budget_s, by_slug, lowest=EMPHASIS)
    if _total(out, by_slug) > budget_s:
        out.warmup = out.warmup[: rules.warmup_items_min]
        out.cooldown = out.cooldown[: rules.cooldown_items_min]
    _trim_sets(ctx, out, budget_s, floor=1,
               keep=main_lift(out.items) if heavy else None)
    if _total(out, by_slug) > budget_s:  # the minimum effective session beats a longer warm-up
        out.warmup = out.warmup[: rules.warmup_items_floor]
        out.cooldown = out.cooldown[: rules.cooldown_items_floor]
    while _total(out, by_slug) > budget_s and out.items:
        victim = _required_victim(ctx, out.items)
        out.items.remove(victim)
        out.dropped_required.append(victim.chosen)
        dropped.append(victim)
        out.trimmed = True
    _refill(out, dropped, budget_s, by_slug, rules)
    return out


def _drop_extras(out: Fitted, dropped: list[Item], budget_s: int,
                 by_slug: Mapping[str, Exercise], *, lowest: int) -> None:
    while _total(out, by_slug) > budget_s:
        extras = [it for it in out.items if it.chosen.rank[0] >= lowest]
        if not extras:
            return
        victim = max(extras, key=lambda it: it.chosen.rank)
        out.items.remove(victim)
        dropped.append(victim)


def main_lift(items: Sequence[Item]) -> Item | None:
    """The session's main lift: its knee-dominant lift, else its first leg lift."""
    lifts = [it for it in items if role(it.chosen.ex) == "lift"]
    return next((it for it in lifts if it.chosen.slot.key == "knee"),
                lifts[0] if lifts else None)


def holds_heavy(out: Fitted, rules: Rules) -> bool:
    """A heavy session is worth its name only when the time holds its whole minimum effective
    session and at least two sets of its main lift, each with full rest (DOMAIN §3)."""
    main = main_lift(out.items)
    return (not out.dropped_required and main is not None
            and main.rx.sets >= rules.heavy_main_lift_min_sets)


def _trim_sets(ctx: WeekContext, out: Fitted, budget_s: int, *, floor: int,
               keep: Item | None = None) -> None:
    """One set at a time off the exercise with the most sets (the least important first);
    `keep` (a heavy session's main lift) never goes below the heavy minimum."""
    by_slug, rules = ctx.catalogue.by_slug, ctx.rules
    while _total(out, by_slug) > budget_s:
        cands = [it for it in out.items if it.rx.sets > (
            max(floor, rules.heavy_main_lift_min_sets) if it is keep else floor)]
        if not cands:
            return
        victim = max(cands, key=lambda it: (it.rx.sets, it.chosen.rank))
        _set(victim, dataclasses.replace(victim.rx, sets=victim.rx.sets - 1), by_slug, rules)
        out.trimmed = True


# The order required exercises go in when nothing else is left to trim: single-leg extra
# first, anti-movement core last (every week keeps one).
DROP_ORDER = {"plyo": -1, "unilateral": 0, "calf": 1, "knee": 2, "hip": 3, "core": 4}


def _required_victim(ctx: WeekContext, items: Sequence[Item]) -> Item:
    """The least important item; a hip-dominant one is never dropped while a knee-dominant one
    could go instead and knee work leads the week."""
    ordered = sorted(items, key=lambda it: (it.chosen.rank[0],
                                            -DROP_ORDER.get(it.chosen.slot.key, -2)),
                     reverse=True)
    victim = ordered[0]
    if is_hip_dominant(victim.chosen.ex) and knee_lead(ctx, [it.chosen for it in items]) >= 0:
        knee = [it for it in ordered if is_knee_dominant(it.chosen.ex)]
        if knee:
            return knee[0]
    return victim


def _refill(out: Fitted, dropped: list[Item], budget_s: int,
            by_slug: Mapping[str, Exercise], rules: Rules) -> None:
    """Anything dropped that fits again, with fewer sets (and a circuit's rest, in a circuit)
    if need be, comes back, most important first."""
    for it in sorted(dropped, key=lambda it: it.chosen.rank):
        if out.circuit and it.chosen.slot is not PLYO:
            _set(it, dataclasses.replace(it.rx, rest_seconds=min(it.rx.rest_seconds,
                                                                 rules.rest_circuit)),
                 by_slug, rules)
        while _total(out, by_slug) + it.seconds > budget_s and it.rx.sets > 1:
            _set(it, dataclasses.replace(it.rx, sets=it.rx.sets - 1), by_slug, rules)
        if _total(out, by_slug) + it.seconds <= budget_s:
            out.items.append(it)
            if it.chosen in out.dropped_required:
                out.dropped_required.remove(it.chosen)
        else:
            out.trimmed = True


def _set(it: Item, rx: Prescription, by_slug: Mapping[str, Exercise], rules: Rules) -> None:
    it.rx = rx
    it.seconds = main_seconds(rx, by_slug, rules)


def fitted_seconds(out: Fitted, by_slug: Mapping[str, Exercise], rules: Rules) -> int:
    """The fitted session's time, changeovers included."""
    del rules  # items carry their changeover already
    return _total(out, by_slug)


def _total(out: Fitted, by_slug: Mapping[str, Exercise]) -> int:
    return (_drills(tuple(out.warmup), by_slug) + _drills(tuple(out.cooldown), by_slug)
            + sum(it.seconds for it in out.items))


_DRILLS: dict[tuple[int, tuple[Prescription, ...]], int] = {}


def _drills(rxs: tuple[Prescription, ...], by_slug: Mapping[str, Exercise]) -> int:
    """Warm-up and cool-down time, looked up again on every trim step: computed once each."""
    key = (id(by_slug), rxs)  # per catalogue
    got = _DRILLS.get(key)
    if got is None:
        if len(_DRILLS) > 4096:
            _DRILLS.clear()
        got = _DRILLS[key] = drills_seconds(rxs, by_slug)
    return got

