"""Per-exercise progression carried across weeks (DOMAIN §6), for programmes and a saved week's
/next alike.

Each exercise keeps a state through the whole programme: the amount per set it aims for, its
sets, a slowed tempo or harder variation it moved to, how many loading weeks since its last load
step, and the load the runner last logged. A new phase changes the targets (sets, range, effort);
it never sends an exercise back to its start. One thing changes a week: a rep (or 5 s / 5 m), or
every third loading week a load step (a little more weight, a stronger band, or without load a
harder variation or a slower tempo). Deloads drop a set and keep the load. Feedback outranks the
calendar: the week after pain steps back, the week after a very hard or missed week holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.engine.catalogue import Catalogue
from app.engine.explain import Msg, Voice, msg
from app.engine.loads import (
    LoggedSet,
    available,
    loading_equipment,
    step_down,
    suggest,
    to_units,
)
from app.engine.types import (
    Equipment,
    Impact,
    LoadKind,
    Measure,
    Prescription,
    RunnerProfile,
    SuggestedLoad,
)

SLOW_TEMPO = "3-1-1-0"


class Change:
    """What changed for an exercise from one week to the next: one variable at a time."""

    START = "start"            # first time in the programme: bottom of the range
    BODYWEIGHT = "bodyweight"  # early weeks without load
    REPS = "reps"              # +1 rep (or +5 s / +5 m) per set
    LOAD = "load"              # a load step: more weight, a stronger band, a slower tempo
    VARIATION = "variation"    # a harder variation, when there is no load to add
    HOLD = "hold"              # same as last week
    DELOAD = "deload"          # one set fewer, same load
    RESTORE = "restore"        # the week after a deload: the set comes back
    STEP_BACK = "step_back"    # after pain: lighter and easier, no new exercise
    MAINTAIN = "maintain"      # race-specific: same load and effort, fewer sets
    TAPER = "taper"            # very light, bodyweight only
    RECOVERY = "recovery"      # the week after the race
    SWAP = "swap"              # pain on this exercise: an alternative that spares the area
    TARGETS = "targets"        # a new phase's sets, range or rest: nothing else changes


LOAD_STEPS = frozenset({Change.LOAD, Change.VARIATION})


@dataclass(frozen=True, slots=True)
class Progression:
    change: str
    note: str
    reps_goal: int | None = None
    base_slug: str = ""


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    slug: str
    sets: int
    reps: int | None = None
    load_kg: float | None = None
    rpe: int | None = None
    reps_in_reserve: int | None = None
    pain: bool = False


@dataclass(frozen=True, slots=True)
class SessionFeedback:
    """What the runner logged for one session."""

    done: bool
    rpe: int | None = None
    pain: bool = False
    exercises: tuple[ExerciseLog, ...] = ()
    session_id: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    step: int            # +1 progress, 0 hold, -1 step back
    negative: bool       # pain, RPE >= 9 or a missed session: the week may not grow
    reason: Msg | None   # None when progressing as planned without logs


@dataclass(frozen=True, slots=True)
class ExerciseState:
    slug: str                   # current variation (may differ from the planner's base slug)
    goal: int                   # amount per set aimed for
    sets: int
    tempo: str | None
    loading_weeks: int          # loading weeks since the last load step
    load_steps: int
    rx: Prescription            # last week's prescription
    logged: LoggedSet | None = None


State = Mapping[str, ExerciseState]  # by state_key: the session's place in the week and slug


def state_key(session_id: str, slug: str) -> str:
    """An exercise's identity across weeks: its session (day) and the planner's exercise (an
    exercise may stand in two sessions of one week)."""
    return f"{session_id}:{slug}"


def find_state(state: State, session_id: str, slug: str) -> ExerciseState | None:
    """The exercise's state in this session, or - when a new phase moved the session to another
    day - where the same exercise got to most recently in the other sessions."""
    own = state.get(state_key(session_id, slug))
    if own is not None:
        return own
    return next((state[k] for k in reversed(list(state)) if k.split(":", 1)[1] == slug), None)


def remember(state: dict[str, ExerciseState], key: str, new: ExerciseState) -> None:
    """Store an exercise's state as the most recent (find_state looks newest first)."""
    state.pop(key, None)
    state[key] = new


def verdict(logs: Sequence[SessionFeedback]) -> Verdict:
    if not logs:
        return Verdict(1, False, None)
    if any(f.pain or any(e.pain for e in f.exercises) for f in logs):
        return Verdict(-1, True, msg("adapt.pain"))
    hardest = max((f.rpe for f in logs if f.done and f.rpe is not None), default=None)
    if hardest is not None and hardest >= 9:
        return Verdict(0, True, msg("adapt.very_hard", rpe=hardest))
    missed = sum(1 for f in logs if not f.done)
    if missed:
        return Verdict(0, True, msg("adapt.missed", count=missed))
    if hardest is not None and hardest <= 7:
        return Verdict(1, False, msg("adapt.progress"))
    return Verdict(0, False, msg("adapt.rpe8"))


def latest_sets(feedback: Mapping[int, Sequence[SessionFeedback]]) -> dict[str, LoggedSet]:
    """The latest usable logged set per exercise: a load, reps, and an RPE or reserve."""
    out: dict[str, LoggedSet] = {}
    for week in sorted(feedback):
        for f in feedback[week]:
            for e in f.exercises:
                reserve = e.reps_in_reserve if e.reps_in_reserve is not None else (
                    None if e.rpe is None else max(0, 10 - e.rpe))
                if e.load_kg and e.reps and reserve is not None and e.sets:
                    out[e.slug] = LoggedSet(week, f.session_id, e.sets, e.reps, e.load_kg,
                                            reserve)
    return out


def amount(n: int, unit: Measure) -> Msg:
    return msg(f"amount.{unit.value}", n=n)


@dataclass(frozen=True, slots=True)
class WeekMode:
    """What kind of week this is for progression."""

    kind: str  # one of Change: START (normal), BODYWEIGHT, TAPER, RECOVERY, MAINTAIN,
    #            DELOAD, RESTORE, HOLD, STEP_BACK
    verdict: Verdict
    number: int


@dataclass(frozen=True, slots=True)
class Tools:
    catalogue: Catalogue
    allowed: frozenset[str]
    profile: RunnerProfile
    voice: Voice
    logged: Mapping[str, LoggedSet]
    pained: frozenset[str] = frozenset()  # exercises pain was logged on, not yet pain-free


def progress_rx(base: Prescription, st: ExerciseState | None, mode: WeekMode, tools: Tools,
                taken: set[str]) -> tuple[Prescription, Progression, ExerciseState]:
    """This week's prescription for one exercise, from the planner's (the phase's targets) and
    the exercise's state (where it has got to)."""
    unit = base.target.unit
    if st is None:
        rx, prog = base, _note(Change.START, "prog.start", tools, goal=base.target.min,
                               n=amount(base.target.min, unit))
        if mode.kind in (Change.BODYWEIGHT, Change.TAPER, Change.RECOVERY):
            prog = _note(mode.kind, f"prog.{mode.kind}", tools, week=mode.number)
        new = ExerciseState(base.slug, base.target.min, base.sets, base.tempo, 0, 0, rx)
        return _with_load(rx, prog, new, tools, increase=True)
    current = _carry(base, st, tools)
    logged = tools.logged.get(current.slug)
    done = logged.reps if logged is not None else 0  # never aim below what was just done
    goal = min(max(st.goal, done, base.target.min), base.target.max)
    if mode.kind in (Change.TAPER, Change.RECOVERY, Change.BODYWEIGHT):
        prog = _note(mode.kind, f"prog.{mode.kind}", tools, week=mode.number)
        return base, prog, dataclasses.replace(st, rx=base)
    if mode.kind == Change.DELOAD:  # one set fewer than last week, same load
        same = st.rx.slug == current.slug
        sets = max(1, min(st.rx.sets - 1, current.sets)) if same else max(1, current.sets - 1)
        rx = dataclasses.replace(current, sets=sets)
        prog = _note(Change.DELOAD, "prog.deload", tools, goal=goal)
        return _with_load(rx, prog, dataclasses.replace(st, goal=goal, rx=rx), tools,
                          increase=False)
    if mode.kind == Change.MAINTAIN:
        rx = dataclasses.replace(current, sets=min(current.sets, base.sets))
        prog = _note(Change.MAINTAIN, "prog.maintain", tools, goal=goal, sets=rx.sets)
        return _with_load(rx, prog, dataclasses.replace(st, goal=goal, sets=rx.sets, rx=rx),
                          tools, increase=False)
    if mode.kind == Change.RESTORE:
        prog = _note(Change.RESTORE, "prog.restore", tools, goal=goal)
        return _with_load(current, prog, dataclasses.replace(st, goal=goal, sets=current.sets,
                                                             rx=current), tools, increase=False)
    if mode.kind == Change.HOLD or mode.verdict.step == 0:
        rx = dataclasses.replace(current, sets=min(current.sets, st.rx.sets))
        prog = _note(Change.HOLD, "prog.hold", tools, goal=goal)
        return _with_load(rx, prog, dataclasses.replace(st, goal=goal, rx=rx), tools,
                          increase=False)
    if _new_targets(current, st.rx):  # the phase moved the targets: that is this week's change
        if current.target.max < st.rx.target.max and current.load.kind is LoadKind.EXTERNAL:
            # A heavier phase: fewer reps with more weight is the load step itself.
            prog = _note(Change.LOAD, "prog.phase_heavier", tools, goal=current.target.min,
                         lo=current.target.min, hi=current.target.max)
            new = dataclasses.replace(st, goal=current.target.min, loading_weeks=0,
                                      load_steps=st.load_steps + 1, rx=current)
            return _with_load(current, prog, new, tools, increase=True)
        prog = _note(Change.TARGETS, "prog.targets", tools, goal=goal, sets=current.sets,
                     lo=current.target.min, hi=current.target.max)
        new = dataclasses.replace(st, goal=goal, loading_weeks=st.loading_weeks + 1, rx=current)
        return _with_load(current, prog, new, tools, increase=False)
    return _step_up(current, st, goal, tools, taken)


def _new_targets(rx: Prescription, last: Prescription) -> bool:
    return (rx.sets, rx.rest_seconds, rx.target.min, rx.target.max) != (
        last.sets, last.rest_seconds, last.target.min, last.target.max)


def _carry(base: Prescription, st: ExerciseState, tools: Tools) -> Prescription:
    """The phase's targets, on the variation and tempo the exercise has progressed to."""
    rx = base
    if st.slug != base.slug and st.slug in tools.allowed:
        new = tools.catalogue.by_slug[st.slug]
        if new.measure is base.target.unit:
            rx = dataclasses.replace(rx, slug=new.slug, name=new.name, category=new.category,
                                     harder_variation=None)
    if st.tempo == SLOW_TEMPO and rx.target.unit is Measure.REPS:
        rx = dataclasses.replace(rx, tempo=SLOW_TEMPO)
    elif st.rx.slug == rx.slug and st.rx.tempo and rx.tempo != st.rx.tempo:
        rx = dataclasses.replace(rx, tempo=st.rx.tempo)  # a tempo changes only as a load step
    return rx


def _step_up(rx: Prescription, st: ExerciseState, goal: int, tools: Tools,
             taken: set[str]) -> tuple[Prescription, Progression, ExerciseState]:
    """A loading week: +1 rep (or 5 s / 5 m) on two weeks of three, a load step on the third
    (or sooner, at the top of the range)."""
    unit = rx.target.unit
    inc = 1 if unit is Measure.REPS else 5
    weeks = st.loading_weeks + 1
    if weeks < 3 and goal + inc <= rx.target.max:
        prog = _note(Change.REPS, f"prog.more_{unit.value}", tools, goal=goal + inc)
        new = dataclasses.replace(st, goal=goal + inc, sets=rx.sets, loading_weeks=weeks, rx=rx)
        return _with_load(rx, prog, new, tools, increase=False)
    stepped, prog = _load_step(rx, tools, taken)
    if prog.change == Change.HOLD:  # nothing harder to move to: keep the quality high
        new = dataclasses.replace(st, goal=goal, sets=rx.sets, loading_weeks=weeks, rx=rx)
        return rx, prog, new
    taken.add(stepped.slug)
    new = dataclasses.replace(st, slug=stepped.slug, goal=rx.target.min, sets=stepped.sets,
                              tempo=stepped.tempo, loading_weeks=0, load_steps=st.load_steps + 1,
                              rx=stepped)
    return _with_load(stepped, prog, new, tools, increase=True)


def _load_step(rx: Prescription, tools: Tools,
               taken: set[str]) -> tuple[Prescription, Progression]:
    bottom = amount(rx.target.min, rx.target.unit)
    if rx.load.kind is LoadKind.EXTERNAL:
        return rx, _note(Change.LOAD, "prog.load_weight", tools, goal=rx.target.min,
                         bottom=bottom)
    if rx.load.kind is LoadKind.BAND:
        return rx, _note(Change.LOAD, "prog.load_band", tools, goal=rx.target.min,
                         bottom=bottom)
    cat = tools.catalogue
    harder = next((h for h in cat.by_slug[rx.slug].harder
                   if h in tools.allowed and h not in taken
                   and cat.by_slug[h].measure is rx.target.unit
                   and cat.by_slug[h].impact is not Impact.HIGH), None)
    if harder is not None:
        new = cat.by_slug[harder]
        swapped = dataclasses.replace(rx, slug=new.slug, name=new.name, category=new.category,
                                      harder_variation=None)
        return swapped, _note(Change.VARIATION, "prog.variation", tools, goal=rx.target.min,
                              name=new.name, bottom=bottom)
    if rx.target.unit is Measure.REPS and rx.tempo != SLOW_TEMPO:
        return (dataclasses.replace(rx, tempo=SLOW_TEMPO),
                _note(Change.LOAD, "prog.load_tempo", tools, goal=rx.target.min, bottom=bottom))
    return rx, _note(Change.HOLD, "prog.nothing_harder", tools)


def step_back_rx(rx: Prescription, st: ExerciseState | None,
                 tools: Tools) -> tuple[Prescription, Progression, ExerciseState | None]:
    """After pain: the same exercise, one set fewer, one more rep in reserve, a lighter load."""
    sets = max(1, rx.sets - 1)
    load = rx.load
    if load.reps_in_reserve is not None:
        was = tools.voice.render(msg("advice.effort_rir", rir=load.reps_in_reserve,
                                     rpe=load.rpe))
        load = dataclasses.replace(load, reps_in_reserve=load.reps_in_reserve + 1,
                                   rpe=max(1, (load.rpe or 8) - 1), percent_1rm=None)
        now = tools.voice.render(msg("advice.effort_rir", rir=load.reps_in_reserve,
                                     rpe=load.rpe))
        pct = tools.voice.render(msg("advice.percent", pct=rx.load.percent_1rm or 0))
        load = dataclasses.replace(load, advice=load.advice.replace(was, now).replace(
            " " + pct, ""))
    elif load.rpe is not None:
        load = dataclasses.replace(load, rpe=max(1, load.rpe - 1), percent_1rm=None)
    suggested = load.suggested
    if suggested is not None:
        kind = loading_equipment(tools.catalogue.by_slug[rx.slug])
        lower = None if kind is None else step_down(suggested.value, _opts(tools, kind))
        suggested = None if lower is None else dataclasses.replace(suggested, value=lower)
        load = dataclasses.replace(load, suggested=suggested)
    out = dataclasses.replace(rx, sets=sets, load=load)
    prog = _note(Change.STEP_BACK, "prog.step_back", tools)
    new = None if st is None else dataclasses.replace(st, sets=sets, loading_weeks=0, rx=out)
    return out, prog, new


def _opts(tools: Tools, kind: Equipment) -> tuple[float, ...]:
    return available(tools.profile, kind)


def _with_load(rx: Prescription, prog: Progression, st: ExerciseState, tools: Tools, *,
               increase: bool) -> tuple[Prescription, Progression, ExerciseState]:
    """Attach a concrete load when the runner has logged this exercise with a load."""
    logged = tools.logged.get(rx.slug)
    ex = tools.catalogue.by_slug[rx.slug]
    kind = loading_equipment(ex)
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
    unit = tools.profile.units
    last = to_units(logged.load_kg, unit)
    if prog.change == Change.LOAD and value <= last + 1e-9:
        # The next settable weight is more than 10% heavier: the same weight, one rep more.
        goal = min((st.goal if st.goal > rx.target.min else rx.target.min) + 1, rx.target.max)
        prog = _note(Change.REPS, "prog.load_capped", tools, goal=goal, value=_num(value),
                     unit=unit.value)
        st = dataclasses.replace(st, goal=goal, load_steps=st.load_steps - 1)
    source = tools.voice.render(msg(
        "load.source", week=logged.week, session=logged.session_id, sets=logged.sets,
        reps=logged.reps, load=_num(to_units(logged.load_kg, unit)), unit=unit.value,
        reserve=logged.reserve))
    suggested = SuggestedLoad(value=value, unit=unit, e1rm=one_rm, source=source)
    load = dataclasses.replace(rx.load, suggested=suggested)
    advice = f"{rx.load.advice} " + tools.voice.render(
        msg("advice.suggested", value=_num(value), unit=unit.value, source=source))
    out = dataclasses.replace(rx, load=dataclasses.replace(load, advice=advice))
    return out, prog, dataclasses.replace(st, logged=logged, rx=out)


def _num(v: float) -> str:
    return f"{round(v, 1):g}"


def _note(change: str, message_id: str, tools: Tools, *, goal: int | None = None,
          **params: object) -> Progression:
    if goal is not None:
        params.setdefault("goal", goal)
    reps_goal = goal
    text = tools.voice.render(msg(message_id, **params))
    return Progression(change, text, reps_goal)
