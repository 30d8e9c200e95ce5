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

from app.engine.catalogue import Catalogue, default_catalogue
from app.engine.errors import ProfileError
from app.engine.planner import _LEVEL_OF, _pools, generate_week
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
    STEP_BACK = "step_back"  # back one step after a hard or painful week
    TAPER = "taper"          # very light, bodyweight only


@dataclass(frozen=True, slots=True)
class Progression:
    change: str
    note: str
    reps_goal: int | None = None


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
    progression: Mapping[tuple[str, str], Progression]  # (session_id, slug) -> note


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


def _progress(rx: Prescription, step: int, *, catalogue: Catalogue,
              allowed: frozenset[str]) -> tuple[Prescription, Progression]:
    """Apply `step` progression steps (weeks of progress in this block) to one exercise.

    Cycle of three: bottom of the range, +1 rep, +1 rep, then one load step (reps back to the
    bottom) - so load moves every 3 weeks (DOMAIN §6: every 2-3 weeks) and nothing else changes
    with it. Without load, the load step is a harder variation when one fits, else a slower
    lowering.
    """
    tg = rx.target
    cycle, phase_in_cycle = divmod(step, 3)
    if step == 0:
        return rx, Progression(Change.START, f"Start at {_amount(tg.min, tg.unit)} a set and "
                               "own the movement.", tg.min)
    if phase_in_cycle:
        goal = min(tg.max, tg.min + phase_in_cycle * (1 if tg.unit is Measure.REPS else 5))
        what = "+1 rep per set" if tg.unit is Measure.REPS else "+5 s per hold"
        if tg.unit is Measure.METERS:
            what = "+5 m per set"
        return rx, Progression(Change.REPS, f"{what}: aim for {_amount(goal, tg.unit)}.", goal)
    if rx.load.kind is LoadKind.EXTERNAL or rx.load.kind is LoadKind.BAND:
        how = ("a slightly heavier weight (about 2.5-5%, or the next dumbbell)"
               if rx.load.kind is LoadKind.EXTERNAL else "a slightly stronger band")
        return rx, Progression(Change.LOAD, f"Load step {cycle}: {how}; reps back to "
                               f"{_amount(tg.min, tg.unit)}.", tg.min)
    harder = _harder(rx.slug, cycle, tg.unit, catalogue, allowed)
    if harder is not None:
        new = catalogue.by_slug[harder]
        swapped = dataclasses.replace(rx, slug=new.slug, name=new.name,
                                      category=new.category, tempo=new.tempo or rx.tempo)
        return swapped, Progression(Change.VARIATION, f"No weights to add, so a harder variation: "
                                    f"{new.name}; reps back to {_amount(tg.min, tg.unit)}.",
                                    tg.min)
    slow = dataclasses.replace(rx, tempo="3-1-1-0")
    return slow, Progression(Change.LOAD, "No heavier option here: lower over 3 seconds and "
                             f"pause at the bottom; reps back to {_amount(tg.min, tg.unit)}.",
                             tg.min)


def _harder(slug: str, steps: int, unit: Measure, catalogue: Catalogue,
            allowed: frozenset[str]) -> str | None:
    """The variation `steps` links up the harder chain that the runner may do (equipment, level,
    current pain) and that is measured the same way; None when the chain runs out."""
    current: str | None = slug
    for _ in range(steps):
        assert current is not None
        current = next((h for h in catalogue.by_slug[current].harder
                        if h in allowed and catalogue.by_slug[h].measure is unit
                        and catalogue.by_slug[h].impact is not Impact.HIGH), None)
        if current is None:
            return None
    return current if current != slug else None


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
        plan = generate_week(week_profile, catalogue=cat, rules=rules)
        advance, why = _week_feedback(feedback.get(number - 1, ()))
        new_block = phase != block_phase or number == bodyweight_weeks + 1
        deload = False
        if phase in (Phase.TAPER, Phase.RACE_SPECIFIC):
            weeks_since_deload = 0
        else:
            weeks_since_deload += 1
            if weeks_since_deload >= 4 or advance < 0:
                deload, weeks_since_deload = True, 0
        if new_block:
            block_phase, step = phase, 0
        elif not (deload and advance >= 0):  # a planned deload holds the step
            step = max(0, step + advance)
        plan, notes = _apply_progression(
            plan, number=number, phase=phase, step=step, deload=deload,
            held=advance == 0 and not new_block, bodyweight=number <= bodyweight_weeks,
            catalogue=cat, allowed=allowed,
        )
        result.append(ProgrammeWeek(number, phase, monday, deload,
                                    why if feedback.get(number - 1) else None, plan, notes))
    blocks = _blocks(result)
    return Programme(
        engine_version=result[0].plan.engine_version, start_date=start_date,
        race_date=race_date, weeks=tuple(result), blocks=tuple(blocks),
        warnings=tuple(warnings), rationale=tuple(rationale),
    )


def _apply_progression(
    plan: WeekPlan, *, number: int, phase: Phase, step: int, deload: bool, held: bool,
    bodyweight: bool, catalogue: Catalogue, allowed: frozenset[str],
) -> tuple[WeekPlan, dict[tuple[str, str], Progression]]:
    notes: dict[tuple[str, str], Progression] = {}
    sessions: list[Session] = []
    for s in plan.sessions:
        new_ex: list[Prescription] = []
        for rx in s.exercises:
            if phase is Phase.TAPER:
                prog = Progression(Change.TAPER, "Taper: very light, just enough to stay springy.")
            elif bodyweight:
                prog = Progression(Change.BODYWEIGHT, f"Week {number}: bodyweight only while you "
                                   "learn the movement.")
            elif phase is Phase.RACE_SPECIFIC:
                prog = Progression(Change.HOLD, "Maintenance: same movement and effort as last "
                                   "week; running comes first.")
            elif deload:
                rx = dataclasses.replace(rx, sets=max(1, rx.sets - 1))
                prog = Progression(Change.DELOAD, "Deload week: one set fewer, same load, so the "
                                   "body absorbs the last weeks' work.")
            elif held:
                rx, prog = _progress(rx, step, catalogue=catalogue, allowed=allowed)
                prog = Progression(Change.HOLD, "Same as last week: " + prog.note,
                                   prog.reps_goal)
            else:
                rx, prog = _progress(rx, step, catalogue=catalogue, allowed=allowed)
            notes[(s.id, rx.slug)] = prog
            new_ex.append(rx)
        sessions.append(dataclasses.replace(s, exercises=tuple(new_ex)))
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
    plan, notes = _apply_progression(
        plan, number=2, phase=plan.phase, step=max(0, advance), deload=advance < 0,
        held=advance == 0, bodyweight=False, catalogue=cat, allowed=allowed,
    )
    return ProgrammeWeek(2, plan.phase, start, advance < 0, why, plan, notes)
