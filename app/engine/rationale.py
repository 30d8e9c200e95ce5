"""Which sentences explain a session and a week, and which rule codes they applied (DOMAIN §9).

A session's rationale says what is particular to that day: why the day, why the intensity, what
the exercises are for, the dose of its main lift and how long it takes. What holds for the whole
week (strategy, rest, warm-up, equipment, goals, progression) is said once, in the plan's
rationale. The words come from explain.py; this module only decides which apply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from app.engine.budget import Fitted, drills_seconds
from app.engine.context import WeekContext
from app.engine.dosing import SessionKind, role
from app.engine.explain import Msg, Voice, msg, rest_words
from app.engine.placement import Slotted, next_run
from app.engine.rules import Rule, Rules
from app.engine.selection import Selection
from app.engine.slots import PULLS, PUSHES, is_anti_movement_core, is_hip_dominant
from app.engine.types import (
    DAY_ORDER,
    GENTLE_PHASES,
    LOADING_EQUIPMENT,
    Category,
    Experience,
    Focus,
    Intensity,
    LoadKind,
    Phase,
    Prescription,
    RunKind,
    Strategy,
)


@dataclass(slots=True)
class Explained:
    sentences: list[Msg]
    rules: list[str]

    def add(self, rule: str | None, message: Msg | None = None) -> None:
        if rule:
            self.rules.append(rule)
        if message is not None:
            self.sentences.append(message)


def _day(d: int) -> Msg:
    return msg(f"day.{DAY_ORDER[d % 7].value}")


def explain_day(ctx: WeekContext, sl: Slotted, out: Explained) -> None:
    """Why this day, and why this intensity."""
    profile = ctx.profile
    run = ctx.runs[sl.day]
    if profile.unavailable_days:
        out.add(Rule.UNAVAILABLE_DAYS)
    if run is None:
        out.add(None, msg("why.rest_day", day=_day(sl.day)))
        if profile.experience is Experience.BEGINNER:
            out.add(Rule.BEGINNERS_OFF_DAYS)
        elif profile.strategy is Strategy.SEPARATE:
            out.add(Rule.SEPARATE)
    else:
        out.add(Rule.RUN_FIRST, msg("why.after_run", day=_day(sl.day),
                                    run=msg(f"run.{run.value}")))
        if run is RunKind.QUALITY:
            out.add(Rule.HARD_DAYS_HARD, msg("why.hard_days_hard", next_day=_day(sl.day + 1)))
        elif profile.strategy is Strategy.SEPARATE:
            out.add(Rule.SEPARATE)
    out.add(Rule.DAY_BETWEEN_SESSIONS)
    out.add(Rule.NOT_ON_LONG_RUN_DAY)
    nxt = next_run(ctx, sl.day)
    if sl.cap_rule == Rule.LIGHT_BEFORE_KEY_RUN and sl.actual is Intensity.LIGHT:
        assert nxt is not None
        out.add(Rule.LIGHT_BEFORE_KEY_RUN, msg("why.light_before_key", next_day=_day(sl.day + 1),
                                               run=msg(f"run.the.{nxt.value}")))
    elif sl.cap_rule == Rule.NO_HEAVY_BEFORE_RACE and sl.actual is Intensity.LIGHT:
        out.add(Rule.NO_HEAVY_BEFORE_RACE, msg("why.light_before_race"))
    elif sl.actual is Intensity.HEAVY:
        out.add(Rule.LIGHT_BEFORE_KEY_RUN, msg("why.heavy_safe", next_day=_day(sl.day + 1)))
    if sl.planned != sl.actual:
        out.add(Rule.DROP_OR_LIGHTEN)
    if ctx.phase is Phase.RECOVERY:  # the plan's rationale says why, once
        out.add(Rule.RECOVERY_WEEK)
    elif ctx.phase is Phase.TAPER:
        out.add(Rule.TAPER, msg("why.taper"))
        if ctx.race_idx is not None:
            out.add(Rule.RACE_WEEK, msg("why.race_week"))
    else:
        out.add(Rule.PHASE_TEMPLATE)
    if (profile.experience is Experience.BEGINNER and sl.planned is Intensity.MODERATE
            and Intensity.HEAVY in ctx.rules.phase_template[ctx.phase]):
        out.add(Rule.HEAVY_NEEDS_EXPERIENCE)
    if ctx.current:
        out.add(Rule.CURRENT_PAIN)
        out.add(Rule.CURRENT_PAIN_EXCLUSIONS)


def explain_content(ctx: WeekContext, focus: Focus, sel: Selection, fitted: Fitted,
                    out: Explained) -> None:
    """What the exercises are for: the movements, emphases and plyometrics."""
    kept = {it.chosen.ex.slug for it in fitted.items}
    names = {c.slot.key: c.ex.name for c in sel.chosen if c.ex.slug in kept}
    if focus in (Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH):
        out.add(Rule.MINIMUM_EFFECTIVE_SESSION)
        out.add(Rule.UNILATERAL_WORK)
        parts = tuple(msg(f"content.part.{k}", name=names[k])
                      for k in ("knee", "hip", "unilateral", "calf", "core") if k in names)
        if parts:
            out.add(None, msg("content.full", parts=parts))
    elif focus is Focus.SINGLE_LEG_AND_CORE:
        out.add(Rule.MINIMUM_EFFECTIVE_SESSION)
        out.add(Rule.UNILATERAL_WORK)
        legs = tuple(names[k] for k in ("knee", "hip") if k in names)
        if legs:
            out.add(None, msg("content.light_legs", names=legs))
    elif focus is Focus.CORE_AND_UPPER_BODY:
        out.add(None, msg("content.core_upper"))
    _explain_upper(ctx, focus, fitted, out)
    again: list[tuple[str, Msg, bool]] = []
    for e in sel.emphasised:
        if e.ex.slug not in kept:
            continue
        loaded = e.ex.load_kind is LoadKind.EXTERNAL
        label = e.emphasis.label_loaded if loaded and e.emphasis.label_loaded else e.emphasis.label
        reason = (e.emphasis.reason_loaded if loaded and e.emphasis.reason_loaded
                  else e.emphasis.reason)
        if e.area is None:
            out.add(Rule.GOALS_SHAPE_CONTENT)
            continue
        rule = Rule.INJURY_EMPHASIS
        if e.current:
            rule = (Rule.KNEE_PAIN_KEEPS_HIP_WORK if e.area.value in ("knee", "it_band")
                    else Rule.CALF_PAIN_KEEPS_LOW_LOAD)
        elif e.emphasis.slow_tempo:
            out.add(Rule.HEAVY_SLOW_CALVES)
        if label in ctx.said:  # the reason is the runner's, not the day's: said once a week
            out.add(rule)
            again.append((e.ex.name, msg(f"area.{e.area.value}"), e.current))
            continue
        ctx.said.add(label)
        out.add(rule, msg("content.emphasis", area=msg(f"area.{e.area.value}"),
                          status=msg("content.status_current" if e.current
                                     else "content.status_history"),
                          exercise=e.ex.name, label=msg(label), reason=msg(reason)))
    for current, key in ((False, "content.emphasis_again"), (True, "content.emphasis_again_pain")):
        some = [(n, a) for n, a, c in again if c is current]
        if some:
            out.add(None, msg(key, exercises=tuple(dict.fromkeys(n for n, _ in some)),
                              areas=tuple(dict.fromkeys(a for _, a in some))))
    resilience = tuple(msg(RESILIENCE_PARTS.get(e.emphasis.label, "content.resilience.other"),
                           name=e.ex.name)
                       for e in sel.emphasised if e.area is None and e.ex.slug in kept)
    if resilience:  # each exercise named with the area it serves, and only those areas
        out.add(Rule.GOALS_SHAPE_CONTENT, msg("content.resilience", parts=resilience))
    if any(it.chosen.slot.key == "plyo" for it in fitted.items):
        out.add(Rule.PLYOMETRICS_GATED)
        out.add(Rule.PLYOMETRICS_FIRST_LOW_VOLUME, msg("content.plyo"))
    elif focus in (Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH):
        out.add(Rule.PLYOMETRICS_GATED)
    _content_rules(ctx, fitted, out)


# The injury-resilience goal's emphases (rules.resilience) and the area each one's exercise is
# named with.
RESILIENCE_PARTS = {"purpose.resilience_calf": "content.resilience.calf",
                    "purpose.resilience_hip": "content.resilience.hip"}


def _explain_upper(ctx: WeekContext, focus: Focus, fitted: Fitted, out: Explained) -> None:
    """What the upper-body work is for: the reason for pulling (or, with a push alone, for
    pushing) is said once a week."""
    uppers = [it.chosen.ex for it in fitted.items if it.chosen.ex.category is Category.UPPER_BODY]
    if uppers and focus is not Focus.CORE_AND_UPPER_BODY:
        why = "upper" if any(e.pattern in PULLS for e in uppers) else "upper_push"
        key = f"content.{why}" if why not in ctx.said else "content.upper_again"
        ctx.said.add(why)
        out.add(Rule.UPPER_BODY_PULL, msg(key, names=tuple(e.name for e in uppers)))
    elif uppers:
        out.add(Rule.UPPER_BODY_PULL)


def _content_rules(ctx: WeekContext, fitted: Fitted, out: Explained) -> None:
    exs = [it.chosen.ex for it in fitted.items]
    if any(is_anti_movement_core(e) for e in exs):
        out.add(Rule.ANTI_MOVEMENT_CORE)
    if any(is_hip_dominant(e) for e in exs):
        out.add(Rule.POSTERIOR_CHAIN_FIRST)
    out.add(Rule.ONE_MOVEMENT_ONCE)
    if ctx.used:
        out.add(Rule.VARIETY_IN_WEEK)
    if ctx.used:
        out.add(Rule.ONE_FORM_A_WEEK)
    if any(e.slug in ctx.rules.hard_doses for e in exs):
        out.add(Rule.HARD_DOSES)
    if any(e.category is Category.UPPER_BODY and e.pattern in PULLS | PUSHES for e in exs):
        out.add(Rule.PUSH_AND_PULL)
    if any(it.rx.load.percent_1rm is not None for it in fitted.items):
        out.add(Rule.PERCENT_FROM_REPS)
        out.add(Rule.PERCENT_WHERE_MEANINGFUL)
    if any(it.rx.tempo == ctx.rules.reachable_tempo for it in fitted.items):
        out.add(Rule.EFFORT_REACHABLE)
    if ctx.history and any(a.value == "lower_back" for a in ctx.history) and any(
            e.pattern.value == "hinge" for e in exs):
        out.add(Rule.BACK_HISTORY_LIGHT_HINGES)


def explain_dose(ctx: WeekContext, sk: SessionKind, fitted: Fitted, minutes: int, budget: int,
                 out: Explained) -> None:
    """The dose of the main lift, the format, and the time it takes."""
    rules = ctx.rules
    lifts = [it.rx for it in fitted.items if role(it.chosen.ex) == "lift"]
    if fitted.items and not sk.taper:
        out.add(Rule.DOSE_BY_INTENSITY)
        out.add(Rule.NEVER_TO_FAILURE)
        out.add(Rule.REST_BY_TYPE)
        if lifts:
            out.add(None, dose_message(lifts[0], sk.intensity))
        if sk.maintenance:
            out.add(Rule.MAINTENANCE_SETS)
        if sk.intensity is Intensity.HEAVY:  # why fewer sets: said once a week
            said = fitted.trimmed and "heavy_rest" not in ctx.said
            if said:
                ctx.said.add("heavy_rest")
            out.add(Rule.HEAVY_KEEPS_REST, msg("fit.heavy_rest", rest=rest_words(
                rules.rest_heavy_lift)) if said else None)
    out.add(Rule.EQUIPMENT)
    if any(it.rx.harder_variation for it in fitted.items) and not (
            ctx.owned & LOADING_EQUIPMENT):
        out.add(Rule.NO_LOAD_PROGRESSION)
    out.add(Rule.WARMUP_AND_COOLDOWN)
    out.add(Rule.SESSION_FITS_BUDGET)
    own = ctx.profile.session_minutes
    out.add(Rule.CHANGEOVERS_COUNTED, fit_message(
        minutes, budget, circuit=fitted.circuit and not sk.taper, trimmed=fitted.trimmed,
        rest=rules.rest_circuit, why=budget_reason(ctx, budget)))
    if budget < own and ctx.phase not in GENTLE_PHASES:
        out.add(Rule.HIGH_MILEAGE_TWO_SHORTER)
    out.add(Rule.TRUE_WORDS)


def budget_reason(ctx: WeekContext, budget: int) -> Msg | None:
    """Why a session's time is shorter than the runner's own minutes (DOMAIN §3, §5): the taper
    or the week after a race, else a high-mileage week. None when the runner's minutes hold."""
    own = ctx.profile.session_minutes
    if budget >= own:
        return None
    if ctx.phase in GENTLE_PHASES and budget == ctx.rules.taper_max_minutes:
        return msg(f"fit.why.{ctx.phase.value}", own=own)
    return msg("fit.why.high_mileage", run_days=ctx.run_days, own=own)


@lru_cache(maxsize=4096)
def fit_restatements(was: int, now: int, own: int, rules: Rules,
                     voice: Voice) -> tuple[tuple[str, str], ...]:
    """Every form the time sentence may take for a runner with `own` minutes (their own budget,
    or a high-mileage, taper or recovery limit with its reason), said with `was` minutes ->
    the same sentence with `now`: a later week restates its time without knowing which limit
    the week planner used."""
    if was == now:
        return ()
    fits: list[tuple[int, Msg | None]] = [(own, None)]
    if own > rules.high_mileage_max_minutes:
        fits += [(rules.high_mileage_max_minutes, msg("fit.why.high_mileage", run_days=n, own=own))
                 for n in range(rules.high_mileage_run_days, 8)]
    if own > rules.taper_max_minutes:
        fits += [(rules.taper_max_minutes, msg(f"fit.why.{p.value}", own=own))
                 for p in sorted(GENTLE_PHASES, key=lambda p: p.value)]
    out = []
    for budget, why in fits:
        for circuit in (False, True):
            for trimmed in (False, True):
                out.append(tuple(voice.render(fit_message(m, budget, circuit=circuit,
                                                          trimmed=trimmed,
                                                          rest=rules.rest_circuit, why=why))
                                 for m in (was, now)))
    return tuple((a, b) for a, b in out)


def dose_message(rx: Prescription, intensity: Intensity) -> Msg:
    """The main lift's dose, as the session's rationale states it."""
    timed = rx.load.reps_in_reserve is None
    key = f"dose.{intensity.label}" + ("_timed" if timed else "")
    params: dict[str, object] = {"lift": rx.name, "sets": rx.sets, "lo": rx.target.min,
                                 "hi": rx.target.max, "rpe": rx.load.rpe}
    if intensity is not Intensity.LIGHT and not timed:
        params["rir"] = rx.load.reps_in_reserve
    return msg(key, **params)


def fit_message(minutes: int, budget: int, *, circuit: bool, trimmed: bool, rest: int,
                why: Msg | None = None) -> Msg:
    """The session's time and the budget it fits: the runner's own minutes, or (with `why`) a
    shorter limit and the reason for it (DOMAIN §9: the number said is the one used)."""
    key = (("fit.circuit" if circuit else "fit.minutes") + ("_trimmed" if trimmed else "")
           + ("_capped" if why is not None else ""))
    params: dict[str, object] = {"minutes": minutes, "budget": budget}
    if why is not None:
        params["why"] = why
    if circuit:
        params["rest"] = rest
    return msg(key, **params)


def warmup_minutes(fitted: Fitted, ctx: WeekContext) -> int:
    return math.ceil(drills_seconds(fitted.warmup, ctx.catalogue.by_slug) / 60)
