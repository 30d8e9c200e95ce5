"""generate_programme: a runner profile and a race (or a number of weeks) in, a periodised
multi-week programme out (DOMAIN §5-§6).

Each week is a full WeekPlan from generate_week with that week's phase and dates; on top of it
every exercise carries a progression note saying what changed from the week before, and only one
thing ever changes at a time. Pure and deterministic, like the week planner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.engine.budget import session_budget, session_seconds
from app.engine.catalogue import Catalogue, default_catalogue
from app.engine.context import LEVEL_OF as _LEVEL_OF
from app.engine.context import pools as _pools
from app.engine.errors import ProfileError
from app.engine.rules import DEFAULT_RULES, Rules
from app.engine.types import (
    Day,
    Experience,
    Impact,
    InjuryStatus,
    LoadKind,
    Measure,
    Phase,
    PlanWarning,
    Prescription,
    RunnerProfile,
    Session,
    WeekPlan,
)
from app.engine.week import generate_week

MIN_WEEKS, MAX_WEEKS, MAX_RACE_WEEKS = 4, 24, 30


class Change:
    """What changed for an exercise from one week to the next: one variable at a time."""

    START = "start"          # first week of a block: learn the movement at the bottom of the range
    BODYWEIGHT = "bodyweight"  # early weeks without load
    REPS = "reps"            # +1 rep per set
    LOAD = "load"            # a little more weight (reps back to the bottom of the range)
    VARIATION = "variation"  # a harder variation, when there is no load to add
    HOLD = "hold"            # same as last week (feedback, or maintenance phases)
    DELOAD = "deload"        # one set fewer, same load
    RESTORE = "restore"      # the week after a deload: the set comes back, nothing else
    STEP_BACK = "step_back"  # back one step after a hard or painful week
    TAPER = "taper"          # very light, bodyweight only


@dataclass(frozen=True, slots=True)
class Progression:
    change: str
    note: str
    reps_goal: int | None = None
    base_slug: str = ""  # the planner's exercise in this slot, before any variation swap


@dataclass(frozen=True, slots=True)
class SessionFeedback:
    """What the runner logged for one session."""

    done: bool
    rpe: int | None = None
    pain: bool = False


@dataclass(frozen=True, slots=True)
class ProgrammeWeek:
    number: int
    phase: Phase
    week_start: date | None
    deload: bool
    adaptation: str | None
    plan: WeekPlan
    progression: Mapping[tuple[str, int], Progression]  # (session id, position) -> note


@dataclass(frozen=True, slots=True)
class PhaseBlock:
    phase: Phase
    first_week: int
    last_week: int
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Programme:
    engine_version: str
    start_date: date
    race_date: date | None
    weeks: tuple[ProgrammeWeek, ...]
    blocks: tuple[PhaseBlock, ...]
    warnings: tuple[PlanWarning, ...]
    rationale: tuple[str, ...]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def phase_layout(n: int, *, race: bool, phase: Phase | None) -> list[Phase]:
    """Phase of each week. With a race: (general preparation, base, build when there is room),
    race-specific for up to six weeks, then a taper of one week (short programmes) or two.
    Without a race every week keeps the runner's phase."""
    if not race:
        assert phase is not None
        return [phase] * n
    taper = 1 if n < 8 else 2
    remaining = n - taper
    specific = min(6, remaining)
    left = remaining - specific
    general = base = 0
    if n > 12:
        general = max(2, left // 3)
        base = (left - general) // 2
    elif left >= 4:
        base = left // 2
    build = left - general - base
    return ([Phase.OFF_SEASON] * general + [Phase.BASE] * base + [Phase.BUILD] * build
            + [Phase.RACE_SPECIFIC] * specific + [Phase.TAPER] * taper)


def _week_feedback(logs: Sequence[SessionFeedback]) -> tuple[int, str | None]:
    """+1 progress, 0 hold, -1 step back; and why (None when progressing as planned)."""
    if not logs:
        return 1, None
    if any(f.pain for f in logs):
        return -1, "pain was reported last week, so this week steps back one step"
    hardest = max((f.rpe for f in logs if f.done and f.rpe is not None), default=None)
    if hardest is not None and hardest >= 9:
        return 0, f"last week felt very hard (RPE {hardest}), so the dose holds"
    missed = sum(1 for f in logs if not f.done)
    if missed:
        return 0, (f"{missed} session{'s were' if missed > 1 else ' was'} missed last week, so "
                   "the dose holds rather than moving on")
    if hardest is not None and hardest <= 7:
        return 1, "last week was completed at RPE 7 or less, so the next step happens"
    return 0, "last week was hard work (RPE 8): the dose holds until it feels comfortable"


def _amount(n: int, unit: Measure) -> str:
    return {Measure.REPS: f"{n} reps", Measure.SECONDS: f"{n} s",
            Measure.METERS: f"{n} m"}[unit]


def generate_programme(
    profile: RunnerProfile,
    *,
    start_date: date,
    race_date: date | None = None,
    weeks: int | None = None,
    feedback: Mapping[int, Sequence[SessionFeedback]] | None = None,
    catalogue: Catalogue | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Programme:
    """Plan every week from start_date to the race (or for `weeks` weeks).

    `feedback` maps a week number to what was logged for its sessions; it decides whether the
    following week progresses, holds or steps back.
    """
    cat = catalogue if catalogue is not None else default_catalogue()
    feedback = feedback or {}
    warnings: list[PlanWarning] = []
    rationale: list[str] = []
    first_monday = monday_of(start_date)
    if race_date is not None and weeks is not None:
        raise ProfileError("weeks", "give weeks only when there is no race_date")
    if race_date is not None:
        if race_date < start_date:
            raise ProfileError("race_date", "race_date is in the past relative to start_date")
        n = (race_date - first_monday).days // 7 + 1
        if n > MAX_RACE_WEEKS:
            raise ProfileError("race_date", f"the race is more than {MAX_RACE_WEEKS} weeks away; "
                               "start the programme later or plan in blocks of weeks")
        if (race_date - start_date).days < 7:
            warnings.append(PlanWarning(
                "race_too_close",
                "The race is less than a week away: this is a taper-only answer. Strength "
                "gains now would come too late; rest and stay fresh."))
        layout = phase_layout(n, race=True, phase=None)
        rationale.append(f"{n} weeks to the race: " + _describe(layout) + ".")
    else:
        if weeks is None or not MIN_WEEKS <= weeks <= MAX_WEEKS:
            raise ProfileError("weeks", f"weeks must be between {MIN_WEEKS} and {MAX_WEEKS} "
                               "when there is no race_date")
        if profile.phase is None:
            raise ProfileError("profile.phase", "phase is required when there is no race_date")
        n = weeks
        layout = phase_layout(n, race=False, phase=profile.phase)
        rationale.append(f"{n} weeks of {profile.phase.value.replace('_', ' ')} training, no race.")
    current_pain = any(i.status is InjuryStatus.CURRENT for i in profile.injuries)
    bodyweight_weeks = 3 if profile.experience is Experience.BEGINNER else (
        2 if current_pain else 0)
    if bodyweight_weeks:
        who = "a newer lifter" if profile.experience is Experience.BEGINNER else (
            "someone returning from pain")
        rationale.append(f"As {who}, the first {bodyweight_weeks} weeks use bodyweight only to "
                         "learn each movement; load comes after.")
    rationale.append("Progression changes one thing at a time: +1 rep per set each week, then a "
                     "small load step (or a harder variation without weights) every third week.")
    rationale.append("Every fourth week outside the taper is a lighter deload week: one set "
                     "fewer, same weights.")
    level = _LEVEL_OF[profile.experience]
    current = frozenset(i.area for i in profile.injuries if i.status is InjuryStatus.CURRENT)
    allowed, _ = _pools(cat, profile.equipment, level, current)
    result: list[ProgrammeWeek] = []
    step = 0
    block_phase: Phase | None = None
    weeks_since_deload = 0
    blocked: frozenset[Day] = frozenset()
    prev: ProgrammeWeek | None = None
    for i, phase in enumerate(layout):
        number = i + 1
        monday = first_monday + timedelta(weeks=i)
        unavailable = set(profile.unavailable_days)
        if i == 0:  # no sessions before the programme starts
            unavailable |= {d for d in Day if monday + timedelta(days=d.num) < start_date}
        equipment = frozenset() if number <= bodyweight_weeks else profile.equipment
        race_in_week = race_date is not None and race_date <= monday + timedelta(days=6)
        week_profile = dataclasses.replace(
            profile, phase=phase, week_start=monday, equipment=equipment, race_date=race_date,
            unavailable_days=frozenset(unavailable),
            runs=profile.runs if not race_in_week else tuple(
                r for r in profile.runs if monday + timedelta(days=r.day.num) != race_date),
        )
        # A Sunday session last week keeps this Monday free: a full day between sessions
        # holds across weeks, not only inside one.
        plan = generate_week(week_profile, catalogue=cat, rules=rules, blocked_days=blocked)
        advance, why = _week_feedback(feedback.get(number - 1, ()))
        new_block = phase != block_phase or number == bodyweight_weeks + 1
        restore = prev is not None and prev.deload and not new_block
        deload = False
        if phase in (Phase.TAPER, Phase.RACE_SPECIFIC):
            weeks_since_deload = 0
        else:
            weeks_since_deload += 1
            # Never straight after a deload.
            due = weeks_since_deload >= 4 or advance < 0
            if due and not restore:
                deload, weeks_since_deload = True, 0
        if new_block:
            block_phase, step = phase, 0
        elif advance < 0:
            step = max(0, step - 1)
        elif not (deload or restore or advance == 0):
            step += 1
        plan, notes = _apply_progression(
            plan, prev=prev, new_block=new_block, number=number, phase=phase, step=step,
            deload=deload, restore=restore, held=advance == 0 and not new_block,
            bodyweight=number <= bodyweight_weeks,
            budget=session_budget(profile.session_minutes,
                                  sum(1 for e in plan.week if e.runs), phase, rules=rules),
            catalogue=cat, allowed=allowed,
        )
        week = ProgrammeWeek(number, phase, monday, deload,
                             why if feedback.get(number - 1) else None, plan, notes)
        result.append(week)
        prev = week
        blocked = frozenset({Day.MON}) if any(s.day is Day.SUN for s in plan.sessions) else (
            frozenset())
    blocks = _blocks(result)
    return Programme(
        engine_version=result[0].plan.engine_version, start_date=start_date,
        race_date=race_date, weeks=tuple(result), blocks=tuple(blocks),
        warnings=tuple(warnings), rationale=tuple(rationale),
    )


def _step_up(rx: Prescription, goal: int, step: int, *, catalogue: Catalogue,
             allowed: frozenset[str], taken: set[str]) -> tuple[Prescription, Progression]:
    """One progression step from last week's prescription: +1 rep (or +5 s / +5 m) per set
    inside the range on two weeks of every three, and a load step on the third - a little more
    weight or a stronger band, or without load a harder variation (same measure, within
    equipment, level and current pain, not already in the session), or a slower lowering for
    reps. The goal goes back to the bottom of the range with a load step; nothing else moves."""
    tg = rx.target
    inc = 1 if tg.unit is Measure.REPS else 5
    if step % 3:
        if goal + inc > tg.max:
            return rx, Progression(Change.HOLD, f"At the top of the range "
                                   f"({_amount(goal, tg.unit)}): hold until the load step.", goal)
        what = {Measure.REPS: "+1 rep per set", Measure.SECONDS: "+5 s per hold",
                Measure.METERS: "+5 m per set"}[tg.unit]
        return rx, Progression(Change.REPS, f"{what}: aim for {_amount(goal + inc, tg.unit)}.",
                               goal + inc)
    bottom = _amount(tg.min, tg.unit)
    if rx.load.kind is not LoadKind.BODYWEIGHT:
        how = ("a slightly heavier weight (about 2.5-5%, or the next dumbbell)"
               if rx.load.kind is LoadKind.EXTERNAL else "a slightly stronger band")
        return rx, Progression(Change.LOAD, f"Load step: {how}; back to {bottom}.", tg.min)
    harder = next((h for h in catalogue.by_slug[rx.slug].harder
                   if h in allowed and h not in taken and catalogue.by_slug[h].measure is tg.unit
                   and catalogue.by_slug[h].impact is not Impact.HIGH), None)
    if harder is not None:
        new = catalogue.by_slug[harder]
        swapped = dataclasses.replace(rx, slug=new.slug, name=new.name, category=new.category,
                                      harder_variation=None)
        return swapped, Progression(Change.VARIATION, f"No weights to add, so a harder "
                                    f"variation: {new.name}; back to {bottom}.", tg.min)
    if tg.unit is Measure.REPS and rx.tempo != SLOW_TEMPO:
        slowed = dataclasses.replace(rx, tempo=SLOW_TEMPO)
        return slowed, Progression(Change.LOAD, "No heavier option here: lower over 3 seconds "
                                   f"and pause at the bottom; back to {bottom}.", tg.min)
    return rx, Progression(Change.HOLD, "Nothing harder to move to yet: keep the quality high.",
                           goal)


SLOW_TEMPO = "3-1-1-0"


def _fits(session: Session, items: Sequence[tuple[Prescription, Any, Any]], budget: int,
          catalogue: Catalogue) -> bool:
    probe = dataclasses.replace(session, exercises=tuple(x[0] for x in items))
    return session_seconds(probe, catalogue, DEFAULT_RULES) <= budget * 60


def _apply_progression(
    plan: WeekPlan, *, prev: ProgrammeWeek | None, new_block: bool = False, number: int,
    phase: Phase, step: int,
    deload: bool, restore: bool, held: bool, bodyweight: bool, budget: int,
    catalogue: Catalogue, allowed: frozenset[str],
) -> tuple[WeekPlan, dict[tuple[str, int], Progression]]:
    """Each exercise continues from last week's prescription when the slot holds the same
    exercise as last week (same session, same position, same planned movement) and changes in
    exactly one way; anything else starts a new block at the bottom of its range."""
    notes: dict[tuple[str, int], Progression] = {}
    last: dict[tuple[str, int], tuple[Prescription, Progression]] = {}
    if prev is not None:
        for s in prev.plan.sessions:
            for i, rx in enumerate(s.exercises):
                last[(s.id, i)] = (rx, prev.progression[(s.id, i)])
    sessions: list[Session] = []
    for s in plan.sessions:
        items: list[tuple[Prescription, Progression, Prescription | None]] = []
        taken = {rx.slug for rx in s.exercises}
        for i, base in enumerate(s.exercises):
            before = last.get((s.id, i))
            carried = (not new_block and before is not None
                       and before[1].base_slug == base.slug)
            prev_rx = before[0] if before is not None and carried else None
            goal = before[1].reps_goal if before is not None and carried else None
            rx, prog = base, Progression(Change.START, f"Start at {_amount(base.target.min, base.target.unit)} a set and own the movement.", base.target.min)  # noqa: E501
            if phase is Phase.TAPER:
                prog = Progression(Change.TAPER, "Taper: very light, just enough to stay "
                                   "springy.")
            elif bodyweight:
                prog = Progression(Change.BODYWEIGHT, f"Week {number}: bodyweight only while "
                                   "you learn the movement.")
            elif phase is Phase.RACE_SPECIFIC:
                prog = (Progression(Change.HOLD, "Maintenance: same movement and effort as last "
                                    "week; running comes first.", base.target.min)
                        if prev_rx is not None else
                        Progression(Change.START, "Race-specific maintenance starts: same kind of "
                                    "work with sets cut to two; running comes first.",
                                    base.target.min))
            elif deload and prev_rx is None:
                # A deload on the first week of a block: the new block's exercise, one set
                # below what this slot held last week (or below its own sets).
                if before is not None and before[0].slug == base.slug:
                    # same exercise as last week: keep everything but one set
                    rx = dataclasses.replace(before[0], sets=max(1, before[0].sets - 1))
                else:
                    rx = dataclasses.replace(base, sets=max(1, base.sets - 1))
                prog = Progression(Change.DELOAD, "Deload week as the new block begins: one set "
                                   "fewer, light loads.", base.target.min)
            elif prev_rx is not None:
                assert goal is not None
                if deload:
                    rx = dataclasses.replace(prev_rx, sets=max(1, prev_rx.sets - 1))
                    prog = Progression(Change.DELOAD, "Deload week: one set fewer, same load, "
                                       "so the body absorbs the last weeks' work.", goal)
                elif restore and prev_rx.sets < base.sets:
                    rx = dataclasses.replace(prev_rx, sets=base.sets)
                    prog = Progression(Change.RESTORE, "Back to full sets after the deload; "
                                       "everything else as before.", goal)
                elif held:
                    rx = prev_rx
                    prog = Progression(Change.HOLD, "Same as last week.", goal)
                else:
                    rx, prog = _step_up(prev_rx, goal, step, catalogue=catalogue,
                                        allowed=allowed, taken=taken)
                    taken.add(rx.slug)
            items.append((rx, dataclasses.replace(prog, base_slug=base.slug), prev_rx))
        # Progress only within the time budget. First a change that would not fit holds
        # instead (last week's prescription); if the session is still too long, slots fall
        # back to the planner's own prescription, which fits by construction.
        for j in range(len(items) - 1, -1, -1):
            if _fits(s, items, budget, catalogue):
                break
            rx, prog, prev_rx = items[j]
            if prev_rx is not None and rx != prev_rx and prog.change != Change.DELOAD:
                items[j] = (prev_rx, Progression(Change.HOLD, "No time this week to add to "
                                                 "it: same as last week.", prog.reps_goal,
                                                 prog.base_slug), prev_rx)
        for j in range(len(items) - 1, -1, -1):
            if _fits(s, items, budget, catalogue):
                break
            rx, prog, prev_rx = items[j]
            base = s.exercises[j]
            safe = dataclasses.replace(base, sets=max(1, base.sets - 1)) if deload else base
            if rx != safe:
                items[j] = (safe, Progression(
                    Change.DELOAD if deload else Change.START,
                    "Back to the planned version of this exercise so the session fits your "
                    "time.", base.target.min, prog.base_slug), prev_rx)
        exercises = tuple(x[0] for x in items)
        for i, (_, prog, _) in enumerate(items):
            notes[(s.id, i)] = prog
        done = dataclasses.replace(s, exercises=exercises)
        minutes = -(-session_seconds(done, catalogue, DEFAULT_RULES) // 60)
        sessions.append(dataclasses.replace(done, estimated_minutes=minutes))
    return dataclasses.replace(plan, sessions=tuple(sessions)), notes


def _describe(layout: Sequence[Phase]) -> str:
    parts: list[str] = []
    for phase in dict.fromkeys(layout):
        count = sum(1 for p in layout if p is phase)
        parts.append(f"{count} {phase.value.replace('_', ' ')}")
    return ", ".join(parts)


def _blocks(weeks: Sequence[ProgrammeWeek]) -> list[PhaseBlock]:
    blocks: list[PhaseBlock] = []
    for w in weeks:
        assert w.week_start is not None  # programme weeks are always dated
        end = w.week_start + timedelta(days=6)
        if blocks and blocks[-1].phase is w.phase:
            b = blocks[-1]
            blocks[-1] = PhaseBlock(b.phase, b.first_week, w.number, b.start, end)
        else:
            blocks.append(PhaseBlock(w.phase, w.number, w.number, w.week_start, end))
    return blocks


def next_week(
    profile: RunnerProfile,
    feedback: Sequence[SessionFeedback],
    *,
    catalogue: Catalogue | None = None,
    rules: Rules = DEFAULT_RULES,
) -> ProgrammeWeek:
    """The week after a saved week plan, adapted to what was logged for it: RPE 7 or less with
    everything done moves on one step, RPE 9+ or missed sessions hold, pain steps back."""
    cat = catalogue if catalogue is not None else default_catalogue()
    start = None if profile.week_start is None else profile.week_start + timedelta(weeks=1)
    week_profile = dataclasses.replace(profile, week_start=start)
    if start is not None and profile.race_date is not None and profile.race_date < start:
        raise ProfileError("profile.race_date", "the race is over: save a new plan with a new "
                           "race or phase")
    plan = generate_week(week_profile, catalogue=cat, rules=rules)
    advance, why = _week_feedback(feedback)
    level = _LEVEL_OF[profile.experience]
    current = frozenset(i.area for i in profile.injuries if i.status is InjuryStatus.CURRENT)
    allowed, _ = _pools(cat, profile.equipment, level, current)
    first = generate_week(profile, catalogue=cat, rules=rules)
    _, first_notes = _apply_progression(
        first, prev=None, number=1, phase=first.phase, step=0, deload=False, restore=False,
        held=False, bodyweight=False, budget=10**6, catalogue=cat, allowed=allowed)
    week1 = ProgrammeWeek(1, first.phase, profile.week_start, False, None, first, first_notes)
    plan, notes = _apply_progression(
        plan, prev=week1, number=2, phase=plan.phase, step=1 if advance > 0 else 0,
        deload=advance < 0, restore=False, held=advance == 0,
        bodyweight=False, catalogue=cat, allowed=allowed,
        budget=session_budget(profile.session_minutes, sum(1 for e in plan.week if e.runs),
                              plan.phase, rules=rules),
    )
    return ProgrammeWeek(2, plan.phase, start, advance < 0, why, plan, notes)
