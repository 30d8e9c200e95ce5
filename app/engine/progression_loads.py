"""Concrete loads in a programme week (DOMAIN §6): the number from the runner's latest logged
set, which log it came from, and what to do when a load step cannot be a heavier weight.

The suggested number is never more than 10% above the last load used. With coarse steps (a
16 kg kettlebell's next is 20 kg, +25%) or the heaviest weight the runner owns, a weight step
would break that, so the step becomes double progression at the same weight: reps first, up to
the top of the range; then a slower tempo (a longer set, back to the bottom of the range); then,
at the top again, the advice names the next weight and when to take it (every set of the top
reps with the target reserve left), and the runner's next log carries the numbers from there.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.engine.explain import Msg, msg
from app.engine.loads import (
    LoggedSet,
    available,
    loading_equipment,
    next_up,
    round_down,
    step_down,
    suggest,
    to_units,
)
from app.engine.progression_state import (
    SLOW_TEMPO,
    Change,
    ExerciseState,
    Progression,
    Tools,
    amount,
    day_of,
    note,
    slower,
)
from app.engine.types import Load, Measure, Prescription, SuggestedLoad, Units

Step = tuple[Prescription, Progression, ExerciseState]


@dataclass(frozen=True, slots=True)
class SameWeight:
    """A weight step is due, but the number stays: the next settable weight is more than 10%
    above the last load (`coarse`), the runner owns nothing heavier (`next` is None), or the
    last log does not support more (neither)."""

    value: float         # the weight to stay at, in the runner's units
    next: float | None   # the next weight up the runner can set
    coarse: bool
    unit: Units


def same_weight(rx: Prescription, tools: Tools) -> SameWeight | None:
    """Whether a weight step for `rx` (at the bottom of its range) would leave the suggested
    number where it is; None when it would rise or there is no number at all."""
    logged = tools.logged.get(rx.slug)
    kind = loading_equipment(tools.catalogue.by_slug[rx.slug])
    if (logged is None or kind is None or rx.target.unit is not Measure.REPS
            or rx.load.reps_in_reserve is None):
        return None
    got = suggest(logged, reps=rx.target.min, reserve=rx.load.reps_in_reserve,
                  profile=tools.profile, kind=kind, increase=True)
    units = tools.profile.units
    last = to_units(logged.load_kg, units)
    if got is None or got[0] > last + 1e-9:
        return None
    opts = available(tools.profile, kind)
    stay = round_down(last, opts) or got[0]  # the number the week keeps (see with_load)
    up = next_up(stay, opts)
    return SameWeight(stay, up, up is not None and up > last * 1.10 + 1e-9, units)


def double_progression(rx: Prescription, st: ExerciseState, goal: int, weeks: int,
                       same: SameWeight, tools: Tools) -> Step:
    """A load step at the same weight: a rep more (up to the top of the range), else a slower
    tempo, else - at the top - hold, and say when to take the next weight. A slower tempo that
    does not fit the session's time holds with that advice instead."""
    top = rx.target.max
    words: dict[str, object] = {"value": _num(same.value), "unit": same.unit.value, "top": top,
                                "next": _num(same.next or 0), "rir": rx.load.reps_in_reserve}
    at_top = note(Change.HOLD, "prog.load_top_heaviest" if same.next is None else
                  "prog.load_top_next" if same.coarse else "prog.load_top_not_yet", tools,
                  goal=top, **words)
    if goal < top:
        next_step: object = (msg("prog.then_tempo", top=top) if slower(rx.tempo) else
                        msg("prog.then_weight", top=top) if same.next is not None else "")
        reason = ("prog.load_heaviest" if same.next is None else
                  "prog.load_capped" if same.coarse else "prog.load_not_yet")
        prog = note(Change.REPS, reason, tools, goal=goal + 1, next_step=next_step, **words)
        new = dataclasses.replace(st, goal=goal + 1, sets=rx.sets, loading_weeks=weeks, rx=rx)
        return with_load(rx, prog, new, tools, increase=False)
    if slower(rx.tempo):
        out = dataclasses.replace(rx, tempo=SLOW_TEMPO)
        prog = dataclasses.replace(note(
            Change.LOAD, "prog.load_same_tempo", tools, goal=rx.target.min,
            bottom=amount(rx.target.min, rx.target.unit), **words), if_no_time=at_top)
        new = dataclasses.replace(st, goal=rx.target.min, sets=rx.sets, tempo=SLOW_TEMPO,
                                  loading_weeks=0, load_steps=st.load_steps + 1, rx=out)
        return with_load(out, prog, new, tools, increase=False)
    new = dataclasses.replace(st, goal=top, sets=rx.sets, loading_weeks=weeks, rx=rx)
    return with_load(rx, at_top, new, tools, increase=False)


def lighter(load: Load, rx: Prescription, tools: Tools) -> Load:
    """A week that steps back: one settable load below, and the advice says that number (no
    number when nothing lighter is left)."""
    suggested = load.suggested
    if suggested is None:
        return load
    kind = loading_equipment(tools.catalogue.by_slug[rx.slug])
    lower = None if kind is None else step_down(suggested.value, available(tools.profile, kind))
    was = tools.voice.render(_suggested(suggested.value, suggested))
    if lower is None:
        return dataclasses.replace(load, suggested=None,
                                   advice=load.advice.replace(" " + was, ""))
    now = tools.voice.render(_suggested(lower, suggested))
    return dataclasses.replace(load, suggested=dataclasses.replace(suggested, value=lower),
                               advice=load.advice.replace(was, now))


def with_load(rx: Prescription, prog: Progression, st: ExerciseState, tools: Tools, *,
              increase: bool) -> Step:
    """Attach a concrete load when the runner has logged this exercise with a load."""
    logged = tools.logged.get(rx.slug)
    kind = loading_equipment(tools.catalogue.by_slug[rx.slug])
    if (logged is None or kind is None or rx.target.unit is not Measure.REPS
            or rx.load.reps_in_reserve is None):
        return rx, prog, st
    # The load moves only on a load step, or to set the very first number after a log.
    first = st.logged is None
    got = suggest(logged, reps=prog.reps_goal or rx.target.min,
                  reserve=rx.load.reps_in_reserve, profile=tools.profile, kind=kind,
                  increase=(increase and prog.change == Change.LOAD) or first)
    if got is None:
        return rx, prog, dataclasses.replace(st, logged=logged)
    value, one_rm = got
    suggested = _suggested_load(value, one_rm, logged, tools)
    advice = f"{rx.load.advice} " + tools.voice.render(_suggested(value, suggested))
    out = dataclasses.replace(rx, load=dataclasses.replace(rx.load, suggested=suggested,
                                                           advice=advice))
    return out, prog, dataclasses.replace(st, logged=logged, rx=out)


def _suggested_load(value: float, one_rm: float, logged: LoggedSet,
                    tools: Tools) -> SuggestedLoad:
    """The number and the log it came from, named for the runner (which session of which
    week, and what was done there) and for an app (week, session, day, date, log id)."""
    unit = tools.profile.units
    day = day_of(logged.session_id)
    done = {"week": logged.week, "sets": logged.sets, "reps": logged.reps,
            "load": _num(to_units(logged.load_kg, unit)), "unit": unit.value,
            "reserve": logged.reserve}
    source: Msg = (msg("load.source", day=msg(f"day.{day.value}"), **done) if day is not None
                   else msg("load.source_week", **done))
    return SuggestedLoad(value=value, unit=unit, e1rm=one_rm,
                         source=tools.voice.render(source), week=logged.week,
                         session_id=logged.session_id, day=day, on=logged.on,
                         log_id=logged.log_id)


def _suggested(value: float, suggested: SuggestedLoad) -> Msg:
    return msg("advice.suggested", value=_num(value), unit=suggested.unit.value,
               source=suggested.source)


def _num(v: float) -> str:
    return f"{round(v, 1):g}"
