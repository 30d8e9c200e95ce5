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

from app.engine.budget import work_seconds
from app.engine.explain import msg
from app.engine.loads import LoggedSet
from app.engine.progression_loads import (
    Step,
    double_progression,
    lighter,
    same_weight,
    with_load,
)
from app.engine.progression_state import (
    FEWEST_REPS,
    LOAD_STEPS,
    PAUSE_SECONDS,
    SLOW_TEMPO,
    Change,
    ExerciseLog,
    ExerciseState,
    Progression,
    SessionFeedback,
    State,
    Tools,
    Verdict,
    WeekMode,
    amount,
    find_state,
    latest_sets,
    note,
    paused,
    remember,
    slower,
    state_key,
    verdict,
)
from app.engine.types import Impact, LoadKind, Measure, Prescription

__all__ = ["LOAD_STEPS", "SLOW_TEMPO", "Change", "ExerciseLog", "ExerciseState", "Progression",
           "SessionFeedback", "State", "Tools", "Verdict", "WeekMode", "find_state",
           "fewer_reps_step", "latest_sets", "progress_rx", "remember", "state_key",
           "step_back_rx", "verdict"]

def progress_rx(base: Prescription, st: ExerciseState | None, mode: WeekMode, tools: Tools,
                taken: set[str]) -> tuple[Prescription, Progression, ExerciseState]:
    """This week's prescription for one exercise, from the planner's (the phase's targets) and
    the exercise's state (where it has got to)."""
    unit = base.target.unit
    if st is None:
        rx, prog = base, note(Change.START, "prog.start", tools, goal=base.target.min,
                               n=amount(base.target.min, unit))
        if mode.kind in (Change.BODYWEIGHT, Change.TAPER, Change.RECOVERY):
            prog = note(mode.kind, f"prog.{mode.kind}", tools, week=mode.number)
        new = ExerciseState(base.slug, base.target.min, base.sets, base.tempo, 0, 0, rx)
        return with_load(rx, prog, new, tools, increase=True)
    current = _carry(base, st, tools)
    goal = _goal(st, current, tools.logged.get(current.slug))
    if mode.kind in (Change.TAPER, Change.RECOVERY, Change.BODYWEIGHT):
        prog = note(mode.kind, f"prog.{mode.kind}", tools, week=mode.number)
        return base, prog, dataclasses.replace(st, rx=base)
    if mode.kind == Change.DELOAD:  # one set fewer than last week, same load
        same_slug = st.rx.slug == current.slug
        sets = (max(1, min(st.rx.sets - 1, current.sets)) if same_slug
                else max(1, current.sets - 1))
        rx = dataclasses.replace(current, sets=sets)
        prog = note(Change.DELOAD, "prog.deload", tools, goal=goal)
        return with_load(rx, prog, dataclasses.replace(st, goal=goal, rx=rx), tools,
                          increase=False)
    if mode.kind == Change.MAINTAIN:
        rx = dataclasses.replace(current, sets=min(current.sets, base.sets))
        prog = note(Change.MAINTAIN, "prog.maintain", tools, goal=goal, sets=rx.sets)
        return with_load(rx, prog, dataclasses.replace(st, goal=goal, sets=rx.sets, rx=rx),
                          tools, increase=False)
    if mode.kind == Change.RESTORE and current.sets != st.rx.sets:
        # the set comes back (one the deload left at a single set progresses as any week)
        prog = note(Change.RESTORE, "prog.restore", tools, goal=goal)
        return with_load(current, prog, dataclasses.replace(st, goal=goal, sets=current.sets,
                                                             rx=current), tools, increase=False)
    if mode.kind == Change.HOLD or mode.verdict.step == 0:
        rx = dataclasses.replace(current, sets=min(current.sets, st.rx.sets))
        prog = note(Change.HOLD, "prog.hold", tools, goal=goal)
        return with_load(rx, prog, dataclasses.replace(st, goal=goal, rx=rx), tools,
                          increase=False)
    if _new_targets(current, st.rx):  # the phase moved the targets: that is this week's change
        due = _step_on_new_targets(current, st, goal, tools, taken)
        return due if due is not None else _targets(current, st, goal, tools)
    return _step_up(current, st, goal, tools, taken)


def _step_on_new_targets(current: Prescription, st: ExerciseState, goal: int, tools: Tools,
                         taken: set[str]) -> Step | None:
    """A load step due this week (the third loading week without one) is not put off by a new
    phase's range or rest: when the sets stay, the step is the week's one change, on the new
    targets. (Weights have their own rule: a heavier phase is itself the load step.)"""
    if (st.loading_weeks + 1 < 3 or current.sets != st.rx.sets
            or current.load.kind is LoadKind.EXTERNAL):
        return None
    step = _step_up(current, st, goal, tools, taken)
    return step if step[1].change in LOAD_STEPS else None


def _goal(st: ExerciseState, current: Prescription, logged: LoggedSet | None) -> int:
    """The amount per set aimed for: never below what was just done, and after the runner moved
    up to a heavier weight of their own, from what they did with it."""
    done = logged.reps if logged is not None else 0
    moved_up = (logged is not None and st.logged is not None
                and logged.load_kg > st.logged.load_kg + 1e-9)
    return min(max(done if moved_up else max(st.goal, done), current.target.min),
               current.target.max)


def _targets(current: Prescription, st: ExerciseState, goal: int, tools: Tools) -> Step:
    """A phase's new targets (sets, range, rest). A heavier phase (fewer reps) with weights is
    itself the load step - unless the number cannot rise, and then it says the weight stays."""
    same = None if current.load.kind is not LoadKind.EXTERNAL else same_weight(current, tools)
    if same is not None and current.target.max < st.rx.target.max:
        prog = note(Change.TARGETS, "prog.targets_same_weight", tools, goal=goal,
                    sets=current.sets, lo=current.target.min, hi=current.target.max,
                    value=f"{round(same.value, 1):g}", unit=same.unit.value)
        new = dataclasses.replace(st, goal=goal, loading_weeks=st.loading_weeks + 1,
                                  rx=current)
        return with_load(current, prog, new, tools, increase=False)
    if current.target.max < st.rx.target.max and current.load.kind is LoadKind.EXTERNAL:
        # A heavier phase: fewer reps with more weight is the load step itself.
        prog = note(Change.LOAD, "prog.phase_heavier", tools, goal=current.target.min,
                     lo=current.target.min, hi=current.target.max)
        new = dataclasses.replace(st, goal=current.target.min, loading_weeks=0,
                                  load_steps=st.load_steps + 1, rx=current)
        return with_load(current, prog, new, tools, increase=True)
    prog = note(Change.TARGETS, "prog.targets", tools, goal=goal, sets=current.sets,
                 lo=current.target.min, hi=current.target.max)
    new = dataclasses.replace(st, goal=goal, loading_weeks=st.loading_weeks + 1, rx=current)
    return with_load(current, prog, new, tools, increase=False)


def _new_targets(rx: Prescription, last: Prescription) -> bool:
    return (rx.sets, rx.rest_seconds, rx.target.min, rx.target.max) != (
        last.sets, last.rest_seconds, last.target.min, last.target.max)


def _carry(base: Prescription, st: ExerciseState, tools: Tools) -> Prescription:
    """The phase's targets, on the variation and tempo the exercise has progressed to."""
    rx = base
    if st.slug != base.slug and st.slug in tools.allowed:
        new = tools.catalogue.by_slug[st.slug]
        if new.measure is base.target.unit:
            rx = doable(dataclasses.replace(rx, slug=new.slug, name=new.name,
                                            category=new.category, harder_variation=None), tools)
    if st.tempo == SLOW_TEMPO and rx.target.unit is Measure.REPS and slower(rx.tempo):
        rx = dataclasses.replace(rx, tempo=SLOW_TEMPO)
    elif st.rx.slug == rx.slug and st.rx.tempo and rx.tempo != st.rx.tempo:
        rx = dataclasses.replace(rx, tempo=st.rx.tempo)  # a tempo changes only as a load step
    if st.fewer_reps and rx.tempo != base.tempo and rx.target.unit is Measure.REPS:
        rx = _shifted(rx, st.fewer_reps)  # the slower tempo came with fewer reps
    return rx


def doable(rx: Prescription, tools: Tools) -> Prescription:
    """A harder variation that is eccentric or near-maximal takes its own doable dose
    (rules.hard_doses, as the week planner gives it): the towel curl's 5-8 does not carry over
    to the Nordic curl, which is 3-5 slow lowerings."""
    hard = tools.rules.hard_doses.get(rx.slug)
    if hard is None or rx.target.max <= hard.amount[1]:
        return rx
    lo, hi = hard.amount
    return dataclasses.replace(rx, sets=min(rx.sets, hard.sets), target=dataclasses.replace(
        rx.target, min=lo, max=hi))


def fewer_reps_step(base: Prescription, st: ExerciseState | None, step: Step,
                    tools: Tools) -> Step | None:
    """A load step by tempo (a slower lowering, a longer pause) that does not fit the session's
    time takes another form: the same tempo with fewer reps a set, so each set takes no longer
    than before the step (the reps go back to the bottom of the range after a load step
    anyway). None when the step is not a tempo step or no range of at least FEWEST_REPS
    reps is short enough."""
    rx, prog, new = step
    if st is None or prog.change != Change.LOAD or rx.target.unit is not Measure.REPS:
        return None
    before = _carry(base, st, tools)
    if rx.tempo == before.tempo or rx.slug != before.slug:
        return None
    fewer = _fewer_reps(rx, before, tools)
    if fewer is None:
        return None
    shorter = _shifted(before, fewer)
    shorter = dataclasses.replace(shorter, tempo=rx.tempo)
    lo, hi = shorter.target.min, shorter.target.max
    how = (msg("prog.how_slower") if rx.tempo == SLOW_TEMPO
           else msg("prog.how_pause", pause=PAUSE_SECONDS))
    text = note(Change.LOAD, "prog.load_fewer_reps", tools, goal=lo, how=how, lo=lo, hi=hi)
    state = dataclasses.replace(new, goal=lo, fewer_reps=st.fewer_reps + fewer, rx=shorter)
    return with_load(shorter, dataclasses.replace(text, base_slug=prog.base_slug), state, tools,
                     increase=False)


def _fewer_reps(rx: Prescription, before: Prescription, tools: Tools) -> int | None:
    """The fewest reps to take off `before`'s range so a set at `rx`'s slower tempo takes no
    longer than one at `before`'s; None when that would leave fewer than half its reps (or
    fewer than FEWEST_REPS) at the bottom of the range."""
    ex = tools.catalogue.by_slug[rx.slug]
    was = work_seconds(ex, before.target, before.tempo)
    least = max(FEWEST_REPS, -(-before.target.min // 2))
    for k in range(1, before.target.min - least + 1):
        if work_seconds(ex, _shifted(before, k).target, rx.tempo) <= was:
            return k
    return None


def _shifted(rx: Prescription, fewer: int) -> Prescription:
    """`rx` with `fewer` reps taken off both ends of its range (never below one rep)."""
    t = rx.target
    return dataclasses.replace(rx, target=dataclasses.replace(
        t, min=max(1, t.min - fewer), max=max(1, t.max - fewer)))


def _step_up(rx: Prescription, st: ExerciseState, goal: int, tools: Tools,
             taken: set[str]) -> tuple[Prescription, Progression, ExerciseState]:
    """A loading week: +1 rep (or 5 s / 5 m) on two weeks of three, a load step on the third
    (or sooner, at the top of the range)."""
    unit = rx.target.unit
    inc = 1 if unit is Measure.REPS else 5
    weeks = st.loading_weeks + 1
    if weeks < 3 and goal + inc <= rx.target.max:
        prog = note(Change.REPS, f"prog.more_{unit.value}", tools, goal=goal + inc)
        new = dataclasses.replace(st, goal=goal + inc, sets=rx.sets, loading_weeks=weeks, rx=rx)
        return with_load(rx, prog, new, tools, increase=False)
    stepped, prog = _load_step(rx, tools, taken)
    same = same_weight(rx, tools) if rx.load.kind is LoadKind.EXTERNAL else None
    if same is not None:  # the number cannot rise: reps, then tempo, then the next weight
        return double_progression(rx, st, goal, weeks, same, tools)
    if prog.change == Change.HOLD:  # nothing harder to move to: keep the quality high
        new = dataclasses.replace(st, goal=goal, sets=rx.sets, loading_weeks=weeks, rx=rx)
        return rx, prog, new
    taken.add(stepped.slug)
    new = dataclasses.replace(st, slug=stepped.slug, goal=rx.target.min, sets=stepped.sets,
                              tempo=stepped.tempo, loading_weeks=0, load_steps=st.load_steps + 1,
                              rx=stepped)
    return with_load(stepped, prog, new, tools, increase=True)


def _load_step(rx: Prescription, tools: Tools,
               taken: set[str]) -> tuple[Prescription, Progression]:
    bottom = amount(rx.target.min, rx.target.unit)
    if rx.load.kind is LoadKind.EXTERNAL:
        return rx, note(Change.LOAD, "prog.load_weight", tools, goal=rx.target.min,
                         bottom=bottom)
    if rx.load.kind is LoadKind.BAND:
        return rx, note(Change.LOAD, "prog.load_band", tools, goal=rx.target.min,
                         bottom=bottom)
    cat = tools.catalogue
    harder = next((h for h in cat.by_slug[rx.slug].harder
                   if h in tools.allowed and h not in taken
                   and cat.by_slug[h].measure is rx.target.unit
                   and cat.by_slug[h].impact is not Impact.HIGH), None)
    if harder is not None:
        new = cat.by_slug[harder]
        swapped = doable(dataclasses.replace(rx, slug=new.slug, name=new.name,
                                             category=new.category, harder_variation=None), tools)
        return swapped, note(Change.VARIATION, "prog.variation", tools,
                             goal=swapped.target.min, name=new.name,
                             bottom=amount(swapped.target.min, swapped.target.unit))
    if rx.target.unit is Measure.REPS and slower(rx.tempo):
        return (dataclasses.replace(rx, tempo=SLOW_TEMPO),
                note(Change.LOAD, "prog.load_tempo", tools, goal=rx.target.min, bottom=bottom))
    hold = paused(rx.tempo) if rx.target.unit is Measure.REPS else None
    if hold is not None:  # already lowering slowly: a longer pause at the bottom
        return (dataclasses.replace(rx, tempo=hold),
                note(Change.LOAD, "prog.load_pause", tools, goal=rx.target.min, bottom=bottom,
                     pause=PAUSE_SECONDS))
    return rx, dataclasses.replace(note(Change.HOLD, "prog.nothing_harder", tools), top=True)


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
    load = lighter(load, rx, tools)
    out = dataclasses.replace(rx, sets=sets, load=load)
    prog = note(Change.STEP_BACK, "prog.step_back", tools)
    new = None if st is None else dataclasses.replace(st, sets=sets, loading_weeks=0, rx=out)
    return out, prog, new
