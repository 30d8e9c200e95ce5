"""generate_week: a runner profile in, a week of strength sessions out.

The pipeline, one stage a module: context (who the runner is this week) -> placement (which days,
what intensity) -> selection (which exercises) -> dosing (sets, reps, effort, tempo, rest) ->
budget (fit the time) -> rationale (which sentences and rule codes) -> explain (the words).
Pure and deterministic: no clock, no randomness, no I/O.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.engine.budget import (
    Fitted,
    Item,
    fit,
    holds_heavy,
    session_budget,
    session_seconds,
)
from app.engine.catalogue import Catalogue, default_catalogue
from app.engine.context import (
    NO_LIMITS,
    WeekContext,
    WeekOptions,
    build_context,
    validate_profile,
)
from app.engine.dosing import SessionKind, easy, prescribe, role
from app.engine.explain import ENGLISH, Msg, Voice, msg, rest_words
from app.engine.memo import Memo
from app.engine.placement import (
    Slotted,
    place,
    reduction_reasons,
    session_target,
    warn_made_light,
)
from app.engine.rationale import (
    Explained,
    explain_content,
    explain_day,
    explain_dose,
)
from app.engine.rationale_plan import notes, plan_words, week_facts
from app.engine.rules import DEFAULT_RULES, ENGINE_VERSION, Rule, Rules
from app.engine.selection import Chosen, Selection, pick, select
from app.engine.slots import CORE, KNEE_UNI, SIDE
from app.engine.types import (
    DAY_ORDER,
    GENTLE_PHASES,
    Day,
    DayEntry,
    Exercise,
    Focus,
    Goal,
    Intensity,
    Phase,
    PlanWarning,
    Prescription,
    RunKind,
    RunnerProfile,
    Session,
    Timing,
    WeekPlan,
)
from app.engine.upper import squeeze_upper
from app.engine.warmup import cooldown_drills, warmup_drills

ROLE_ORDER = {"plyo": 0, "lift": 1, "accessory": 2, "calf": 3, "core": 4, "upper": 5}


def generate_week(
    profile: RunnerProfile,
    *,
    catalogue: Catalogue | None = None,
    rules: Rules = DEFAULT_RULES,
    engine_version: str | None = None,
    blocked_days: frozenset[Day] = frozenset(),
    voice: Voice = ENGLISH,
    options: WeekOptions = NO_LIMITS,
) -> WeekPlan:
    """Plan one week of strength work around the runner's runs.

    `blocked_days` keeps days free for reasons outside this week (a programme passes Monday
    when the week before ended with a Sunday session). `voice` renders the words (English by
    default). Raises ProfileError when the profile contradicts itself.
    """
    validate_profile(profile, rules=rules)
    cat = catalogue if catalogue is not None else default_catalogue()
    ctx = build_context(profile, rules, cat, voice=voice, blocked=blocked_days, options=options)
    target = session_target(ctx)
    slotted = place(ctx, target) if target else ()
    if len(slotted) < target:
        ctx.warn("sessions_reduced", "warn.sessions_reduced", placed=len(slotted),
                 target=target, reasons=reduction_reasons(ctx))
    sessions: list[Session] = []
    plyo_sessions = 0
    for sl in slotted:
        warn_made_light(ctx, sl)
        plyo = (ctx.plyo_ok and ctx.options.plyometrics
                and plyo_sessions < rules.plyometric_max_sessions)
        session = build_session(ctx, sl, plyo=plyo)
        plyo_sessions += any(rx.category.value == "plyometrics" for rx in session.exercises)
        sessions.append(session)
    circuit = ctx.rules.rest_circuit
    all_circuit = bool(sessions) and all(
        rx.rest_seconds <= circuit for s in sessions for rx in s.exercises
        if rx.category.value != "plyometrics")
    rationale, rules_applied = plan_words(
        ctx, target, len(sessions), [s.rules for s in sessions], all_circuit=all_circuit,
        heavy=any(s.intensity is Intensity.HEAVY for s in sessions),
        facts=week_facts(sessions, ctx.catalogue.by_slug))
    return WeekPlan(
        engine_version=engine_version or ENGINE_VERSION,
        phase=ctx.phase,
        week=_days(ctx, sessions),
        sessions=tuple(sessions),
        warnings=tuple(ctx.warnings),
        rationale=rationale,
        notes=tuple(voice.render(m) for m in notes(ctx)),
        after_run_core_block=core_block(ctx),
        rules=rules_applied,
    )


def _days(ctx: WeekContext, sessions: list[Session]) -> tuple[DayEntry, ...]:
    return _week_days(ctx.runs, tuple((s.day, s.id) for s in sessions), ctx.profile.week_start)


@lru_cache(maxsize=4096)
def _week_days(runs: tuple[RunKind | None, ...], placed: tuple[tuple[Day, str], ...],
               start: date | None) -> tuple[DayEntry, ...]:
    """The seven days with their run and session, memoised: many weeks share them."""
    by_day = dict(placed)
    return tuple(
        DayEntry(
            day=d,
            runs=() if runs[d.num] is None else (runs[d.num],),  # type: ignore[arg-type]
            session_id=by_day.get(d),
            date=(start + timedelta(days=d.num)) if start else None,
        )
        for d in DAY_ORDER
    )


def focus_of(actual: Intensity, capped: bool, phase: Phase) -> Focus:
    if phase in GENTLE_PHASES:
        return Focus.ACTIVATION_AND_MOBILITY
    if actual is Intensity.LIGHT:
        return Focus.CORE_AND_UPPER_BODY if capped else Focus.SINGLE_LEG_AND_CORE
    return Focus.LOWER_BODY_STRENGTH if actual is Intensity.HEAVY else Focus.FULL_BODY_STRENGTH


def session_kind(ctx: WeekContext, actual: Intensity) -> SessionKind:
    """Light sessions and, for weight loss, every non-heavy session run as a circuit."""
    circuit = actual is Intensity.LIGHT or (
        Goal.WEIGHT_LOSS in ctx.profile.goals and actual is not Intensity.HEAVY)
    return SessionKind(actual, ctx.phase in GENTLE_PHASES, ctx.phase is Phase.RACE_SPECIFIC,
                       bool(ctx.current), circuit=circuit)


def build_session(ctx: WeekContext, sl: Slotted, *, plyo: bool) -> Session:
    """One session, memoised by everything it reads: the same inputs always build the same
    session, and many runners' weeks share sessions (DOMAIN rules depend on few profile parts).
    What the build adds to the week (exercises used, reasons said, warnings) is replayed."""
    key = _session_key(ctx, sl, plyo)
    hit = SESSIONS.get(key)
    if hit is None:
        used, said, warned = len(ctx.used), set(ctx.said), len(ctx.warnings)
        session = _build_session(ctx, sl, plyo=plyo)
        hit = (dataclasses.replace(session, date=None), tuple(ctx.used[used:]),
               frozenset(ctx.said - said), tuple(ctx.warnings[warned:]))
        SESSIONS.put(key, hit)
    else:
        ctx.used.extend(hit[1])
        ctx.said.update(hit[2])
        ctx.warnings.extend(hit[3])
    start = ctx.profile.week_start
    return hit[0] if start is None else dataclasses.replace(
        hit[0], date=start + timedelta(days=sl.day))


def _session_key(ctx: WeekContext, sl: Slotted, plyo: bool) -> tuple[object, ...]:
    p = ctx.profile
    return (sl, plyo, ctx.runs, ctx.race_offset, ctx.race_idx, ctx.phase, p.experience, p.goals,
            p.session_minutes, p.strategy, bool(p.unavailable_days), ctx.owned, ctx.current,
            ctx.history, ctx.plyo_reason, tuple(ctx.used), frozenset(ctx.said), ctx.rules,
            ctx.catalogue, ctx.voice, ctx.options)


SESSIONS: Memo[tuple[object, ...], tuple[Session, tuple[str, ...], frozenset[str],
                                         tuple[PlanWarning, ...]]] = Memo(8192)


@dataclass(slots=True)
class Made:
    """A session selected, dosed and fitted to the time, not yet explained."""

    focus: Focus
    sk: SessionKind
    sel: Selection
    fitted: Fitted
    budget: int


def _build_session(ctx: WeekContext, sl: Slotted, *, plyo: bool) -> Session:
    """One session: select, dose, fit the time, then explain. A heavy session the time cannot
    hold with full rest (DOMAIN §3) is made moderate instead, and the runner is told why."""
    made = _make(ctx, sl, plyo)
    if sl.actual is Intensity.HEAVY and not holds_heavy(made.fitted, ctx.rules):
        sl = dataclasses.replace(sl, actual=Intensity.MODERATE, cap_rule=Rule.HEAVY_KEEPS_REST)
        ctx.warn("session_made_moderate", "warn.session_made_moderate",
                 day=msg(f"day.{DAY_ORDER[sl.day].value}"), minutes=made.budget,
                 rest=rest_words(ctx.rules.rest_heavy_lift))
        made = _make(ctx, sl, plyo)
    pool = ctx.bodyweight_pool if ctx.phase in GENTLE_PHASES else ctx.pool
    squeeze_upper(ctx, made.fitted, pool, made.sk, made.budget * 60, made.focus)
    made.fitted.items.sort(key=lambda it: (ROLE_ORDER[role(it.chosen.ex)], it.chosen.rank))
    for it in made.fitted.items:
        ctx.used.append(it.chosen.ex.slug)
    return _assemble(ctx, sl, made)


def _make(ctx: WeekContext, sl: Slotted, plyo: bool) -> Made:
    taper = ctx.phase in GENTLE_PHASES
    capped = bool(sl.cap_rule) and sl.actual is Intensity.LIGHT
    focus = focus_of(sl.actual, capped, ctx.phase)
    sk = session_kind(ctx, sl.actual)
    pool = ctx.bodyweight_pool if taper else ctx.pool
    plyo = plyo and focus in (Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH)
    warm = warmup_drills(ctx.catalogue, pool, ctx.rules.warmup_items + (1 if plyo else 0))
    sel, items = _selected_and_dosed(ctx, focus, sl.actual, sk, taper=taper, plyo=plyo,
                                     warm=warm)
    budget = session_budget(ctx.profile.session_minutes, ctx.run_days, ctx.phase, rules=ctx.rules)
    fitted = fit(ctx, items, [easy(e, cooldown=False, voice=ctx.voice) for e in warm],
                 [easy(e, cooldown=True, voice=ctx.voice)
                  for e in cooldown_drills(ctx.catalogue, pool)], budget * 60,
                 circuit=sk.circuit, heavy=sl.actual is Intensity.HEAVY)
    return Made(focus, sk, sel, fitted, budget)


def _selected_and_dosed(ctx: WeekContext, focus: Focus, intensity: Intensity, sk: SessionKind,
                        *, taper: bool, plyo: bool,
                        warm: tuple[Exercise, ...]) -> tuple[Selection, list[Item]]:
    """Selection and dosing read neither the session's length nor its day: memoised apart from
    the time budget, so runners who differ only in minutes or days share them."""
    p = ctx.profile
    key = (focus, intensity, sk, taper, plyo, warm, ctx.phase, p.experience, p.goals, ctx.owned,
           ctx.current, ctx.history, tuple(ctx.used), ctx.options, ctx.rules, ctx.catalogue,
           ctx.voice)
    hit = SELECTIONS.get(key)
    if hit is None:
        sel = select(ctx, focus, intensity, taper=taper, plyo=plyo, warmup=warm)
        dosed = tuple((c, prescribe(c.ex, sk, ctx, purpose=msg(c.slot.purpose),
                                    main=c.slot.key == "knee" and intensity is Intensity.HEAVY,
                                    emphasis=c.emphasis, pain_free_range=c.pain_free_range))
                      for c in sel.chosen)
        hit = (sel, dosed)
        SELECTIONS.put(key, hit)
    sel, dosed = hit
    fresh = Selection(list(sel.chosen), list(sel.emphasised), list(sel.missing), set(sel.taken))
    return fresh, [Item(c, rx) for c, rx in dosed]


SELECTIONS: Memo[tuple[object, ...], tuple[Selection, tuple[tuple[Chosen, Prescription], ...]]] = (
    Memo(8192))


def _assemble(ctx: WeekContext, sl: Slotted, made: Made) -> Session:
    focus, sk, sel, fitted, budget = made.focus, made.sk, made.sel, made.fitted, made.budget
    day = DAY_ORDER[sl.day]
    exercises = tuple(it.rx for it in fitted.items)
    draft = Session(id=f"{day.value}-strength", day=day, intensity=sl.actual, focus=focus,
                    timing=Timing.STANDALONE if ctx.runs[sl.day] is None else Timing.AFTER_RUN,
                    estimated_minutes=0, warmup=tuple(fitted.warmup), exercises=exercises,
                    cooldown=tuple(fitted.cooldown), rationale=(), rules=())
    minutes = math.ceil(session_seconds(draft, ctx.catalogue, ctx.rules) / 60)
    out = Explained([], [])
    explain_day(ctx, sl, out)
    if sl.cap_rule == Rule.HEAVY_KEEPS_REST:
        out.add(Rule.HEAVY_KEEPS_REST, msg("why.moderate_short", minutes=budget))
    explain_content(ctx, focus, sel, fitted, out)
    explain_dose(ctx, sk, fitted, minutes, budget, out)
    _warn_missing(ctx, sl.day, sel, fitted)
    start = ctx.profile.week_start
    return Session(
        id=draft.id, day=day, intensity=sl.actual, focus=focus, timing=draft.timing,
        estimated_minutes=minutes, warmup=draft.warmup, exercises=exercises,
        cooldown=draft.cooldown, rationale=tuple(ctx.voice.render(m) for m in out.sentences),
        rules=tuple(dict.fromkeys(out.rules)),
        date=(start + timedelta(days=sl.day)) if start else None,
    )


def _warn_missing(ctx: WeekContext, d: int, sel: Selection, fitted: Fitted) -> None:
    missing: list[Msg] = list(sel.missing)
    kept = [it.chosen.ex for it in fitted.items]
    # A dropped exercise leaves its job undone only when nothing kept does that job too (a
    # single-leg Romanian deadlift is single-leg work even after the lunge went).
    missing += [msg("warn.missing_time", purpose=msg(c.slot.purpose))
                for c in fitted.dropped_required if not any(c.slot.fits(e) for e in kept)]
    if missing:
        ctx.warn("session_incomplete", "warn.session_incomplete",
                 day=msg(f"day.{DAY_ORDER[d].value}"), missing=tuple(dict.fromkeys(missing)))


def core_block(ctx: WeekContext) -> tuple[Prescription, ...]:
    """A 5-minute bodyweight block that may follow any run (DOMAIN §4), memoised by what it
    reads."""
    if ctx.phase in GENTLE_PHASES:
        return ()
    p = ctx.profile
    key = (ctx.bodyweight_pool, ctx.current, ctx.history, ctx.level, ctx.owned, p.experience,
           p.goals, tuple(ctx.used), ctx.options, ctx.rules, ctx.catalogue, ctx.voice)
    hit = CORE_BLOCKS.get(key)
    if hit is None:
        hit = _core_block(ctx)
        CORE_BLOCKS.put(key, hit)
    return hit


CORE_BLOCKS: Memo[tuple[object, ...], tuple[Prescription, ...]] = Memo(4096)


def _core_block(ctx: WeekContext) -> tuple[Prescription, ...]:
    sk = SessionKind(Intensity.LIGHT, False, False, bool(ctx.current), circuit=True)
    sel = Selection()
    out: list[Prescription] = []
    for slot in (CORE, KNEE_UNI, SIDE):
        ex, _ = pick(ctx, slot, ctx.bodyweight_pool, sel, Intensity.LIGHT, False, {})
        if ex is not None:
            sel.chosen.append(Chosen(slot, ex, (0, 0)))
            sel.taken.add(ex.slug)
            out.append(prescribe(ex, sk, ctx, sets=1, purpose=msg("purpose.after_run")))
    return tuple(out)
