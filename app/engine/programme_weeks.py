"""One programme week from the planner's week and the exercises' states (DOMAIN §6): progress
each exercise within the session's time, or repeat last week held or stepped back when the
feedback says so (pain logged on one exercise swaps it for one that spares the area)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from app.engine.budget import main_seconds, session_budget, session_seconds
from app.engine.dosing import role
from app.engine.explain import msg
from app.engine.memo import Hashed, Memo
from app.engine.programme_volume import Ceiling, cut_sets, working_sets
from app.engine.progression import (
    Change,
    ExerciseState,
    Progression,
    SessionFeedback,
    Tools,
    Verdict,
    WeekMode,
    fewer_reps_step,
    find_state,
    progress_rx,
    remember,
    state_key,
    step_back_rx,
)
from app.engine.rationale import dose_message, fit_restatements
from app.engine.rules import Rules
from app.engine.slots import same_movement
from app.engine.swaps import alternatives, swap_prescription
from app.engine.types import (
    Category,
    Exercise,
    Impact,
    Phase,
    Prescription,
    Session,
    WeekPlan,
)

if TYPE_CHECKING:
    from app.engine.programme import ProgrammeWeek

Notes = dict[tuple[str, int], Progression]


def fit_progressed(plan: WeekPlan, mode: WeekMode, state: dict[str, ExerciseState],
                   tools: Tools, rules: Rules) -> tuple[WeekPlan, Notes]:
    """Every exercise continues from its state; a change that would not fit the session's time
    holds instead, and as a last resort the planner's own prescription (which fits) is used.

    A session's progression reads only the planner's session, the states its exercises start
    from, the week's mode, the tools and the time: memoised by exactly those, so a programme
    planned again (a log re-plans it from week 1) and runners who share a session share it."""
    notes: Notes = {}
    budget = session_budget(tools.profile.session_minutes, sum(1 for d in plan.week if d.runs),
                            plan.phase, rules=rules) * 60
    reads = Hashed((tools.catalogue, tools.allowed, tools.profile, tools.voice,
                    tuple(sorted(tools.logged.items())), tools.pained, rules, budget, mode))
    sessions: list[Session] = []
    last_week = dict(state)  # an exercise new to a session continues from last week's state
    for s in plan.sessions:
        found = tuple(find_state(last_week, s.id, rx.slug) for rx in s.exercises)
        reads_session = (s, found, reads)
        done = PROGRESSED.get(reads_session)
        if done is None:
            done = _progressed(s, found, mode, tools, rules, budget)
            PROGRESSED.put(reads_session, done)
        for key, new in done.staged:
            remember(state, key, new)
        for i, prog in enumerate(done.notes):
            notes[(s.id, i)] = prog
        sessions.append(done.session)
    return dataclasses.replace(plan, sessions=tuple(sessions)), notes


@dataclass(frozen=True, slots=True)
class Progressed:
    """One session progressed: the session, each exercise's note, and the states it leaves."""

    session: Session
    notes: tuple[Progression, ...]
    staged: tuple[tuple[str, ExerciseState], ...]


PROGRESSED: Memo[tuple[object, ...], Progressed] = Memo(2048)


def _progressed(s: Session, found: Sequence[ExerciseState | None], mode: WeekMode,
                tools: Tools, rules: Rules, budget: int) -> Progressed:
    taken = {rx.slug for rx in s.exercises}
    items: list[tuple[Prescription, Progression]] = []
    staged: dict[str, ExerciseState] = {}
    for base, st in zip(s.exercises, found, strict=True):
        rx, prog, new = progress_rx(base, st, mode, tools, taken)
        if base.slug in tools.pained:  # still spared until a week without pain is logged
            rx, prog = _spare(rx, prog, True, tools, taken)
            taken.add(rx.slug)
        items.append((rx, dataclasses.replace(prog, base_slug=base.slug)))
        staged[state_key(s.id, base.slug)] = new
    if _seconds(s, [rx for rx, _ in items], tools, rules) > budget:
        items = _within(s, items, budget, tools, rules, staged, found)
    return Progressed(_timed(s, [rx for rx, _ in items], tools, rules),
                      tuple(prog for _, prog in items), tuple(staged.items()))


def within_ceiling(plan: WeekPlan, top: Ceiling, tools: Tools, rules: Rules) -> WeekPlan:
    """The planned week cut to its ceiling's working sets, before progression, so each
    exercise's targets carry the cut sets from week to week."""
    if top.sets is None or working_sets(plan) <= top.sets:
        return plan
    cut = _cut(plan.sessions, top.sets, top.kept, tools, rules)
    return dataclasses.replace(plan, sessions=tuple(
        s if got is None else dataclasses.replace(s, exercises=got[0], rationale=got[1])
        for s, got in zip(plan.sessions, cut, strict=True)))


Cut = tuple[tuple[Prescription, ...], tuple[str, ...]] | None
# The planner memoises its sessions, so a week's sessions share their exercise and rationale
# tuples with the same session in other weeks (only the date differs): their cut is kept by
# the identity of those tuples (held here, so an id is never reused while it is cached).
_CUTS: dict[tuple[object, ...], tuple[tuple[object, ...], tuple[Cut, ...]]] = {}


def _cut(sessions: Sequence[Session], most: int, kept: frozenset[tuple[str, int]], tools: Tools,
         rules: Rules) -> tuple[Cut, ...]:
    """Each session's exercises and rationale once the week is cut to `most` working sets (None:
    the session keeps its own). A session's dose sentence is restated; its minutes stay the
    planner's until the week is progressed (fit_progressed times every session again and
    restates its time sentence from them)."""
    held = tuple(x for s in sessions for x in (s.exercises, s.rationale, s.intensity))
    key = (*(id(x) for x in held), most, kept, tools.voice, tools.catalogue, rules)
    hit = _CUTS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], held, strict=True)):
        return hit[1]
    plan_sets = cut_sets(sessions, most, tools.catalogue.by_slug, kept)
    out: list[Cut] = []
    for s, sets in zip(sessions, plan_sets, strict=True):
        if [rx.sets for rx in s.exercises] == sets:
            out.append(None)
            continue
        cut = dataclasses.replace(s, exercises=tuple(
            rx if rx.sets == n else dataclasses.replace(rx, sets=n)
            for rx, n in zip(s.exercises, sets, strict=True)))
        out.append((cut.exercises, _restated(s, cut, tools, rules)))
    if len(_CUTS) >= 1024:
        _CUTS.clear()
    _CUTS[key] = (held, tuple(out))
    return tuple(out)


def first_week(plan: WeekPlan, most: int, state: dict[str, ExerciseState], tools: Tools,
               rules: Rules) -> WeekPlan:
    """The programme's first week is its easiest: one set fewer of everything (at least one,
    at most `most`), so it is never the largest week even when the time budget shapes the
    others."""
    sessions = []
    for s in plan.sessions:
        exercises = [dataclasses.replace(rx, sets=max(1, min(rx.sets - 1, most)))
                     for rx in s.exercises]
        for rx in exercises:
            key = state_key(s.id, rx.slug)
            if key in state:
                state[key] = dataclasses.replace(state[key], rx=rx)
        sessions.append(_timed(s, exercises, tools, rules))
    return dataclasses.replace(plan, sessions=tuple(sessions))


def _within(s: Session, items: list[tuple[Prescription, Progression]], budget: int,
            tools: Tools, rules: Rules, staged: dict[str, ExerciseState],
            found: Sequence[ExerciseState | None]) -> list[tuple[Prescription, Progression]]:
    """A load step by tempo that does not fit the time takes its shorter form first (fewer reps
    a set); a change that still does not fit holds instead (last week's prescription); if the
    session is still too long, the planner's own prescription (which fits) is used."""
    for j in range(len(items) - 1, -1, -1):
        if _seconds(s, [rx for rx, _ in items], tools, rules) <= budget:
            return items
        base, (rx, prog) = s.exercises[j], items[j]
        key = state_key(s.id, base.slug)
        shorter = None if key not in staged else fewer_reps_step(
            base, found[j], (rx, prog, staged[key]), tools)
        if shorter is not None:
            items[j] = (shorter[0], shorter[1])
            staged[key] = shorter[2]
    for use_plan in (False, True):
        for j in range(len(items) - 1, -1, -1):
            if _seconds(s, [rx for rx, _ in items], tools, rules) <= budget:
                return items
            rx, prog = items[j]
            base = s.exercises[j]
            key = state_key(s.id, base.slug)
            old = found[j]
            last = None if old is None or old.rx.slug != rx.slug else (
                old.rx if old.rx.rest_seconds == rx.rest_seconds
                else dataclasses.replace(old.rx, rest_seconds=rx.rest_seconds))
            # last week's dose in this week's form: the rest is the session's (straight sets or
            # a circuit, as planned for the time), never half of one and half of the other
            back = base if use_plan or last is None else last
            if rx == back or (back is last and _longer(last, rx, tools, rules)):
                continue  # last week's dose would not save time here (it ran in a longer
                #           session, say): the planner's own comes next
            held = prog.if_no_time if back is last else None
            if held is None:
                note = tools.voice.render(msg("prog.planned" if back is base
                                              else "prog.no_time"))
                held = Progression(Change.HOLD, note, old.goal if old else prog.reps_goal)
            items[j] = (back, dataclasses.replace(held, base_slug=base.slug, if_no_time=None))
            if old is not None:  # the change did not happen: the state stays as it was,
                # or - back to the planned version - goes back to its variation and tempo
                staged[key] = dataclasses.replace(old, rx=back) if back is not base else (
                    dataclasses.replace(old, rx=back, slug=back.slug, tempo=back.tempo))
            else:
                staged.pop(key, None)
    return items


def _longer(a: Prescription, b: Prescription, tools: Tools, rules: Rules) -> bool:
    by_slug = tools.catalogue.by_slug
    return main_seconds(a, by_slug, rules) >= main_seconds(b, by_slug, rules)


def _sparing(ex: Exercise, tools: Tools, taken: set[str]) -> list[Exercise]:
    """No variant of the same movement spares the area: the closest exercise for the same part
    of the body that loads none of the areas this one does (hip work for a sore knee, say)."""
    lower = {Category.QUADS, Category.GLUTES_HIPS, Category.POSTERIOR_CHAIN}
    wanted = ({Category.GLUTES_HIPS, Category.POSTERIOR_CHAIN} if ex.category in lower
              else {ex.category})
    found = [e for e in tools.catalogue.exercises
             if e.slug in tools.allowed and e.slug not in taken and e.slug != ex.slug
             and not (e.stress & ex.stress) and e.impact is not Impact.HIGH
             and not same_movement(e, ex) and e.pattern is not ex.pattern
             and e.category in wanted and Category.PLYOMETRICS not in e.categories]
    found.sort(key=lambda e: (e.measure is not ex.measure, e.unilateral is not ex.unilateral,
                              abs(e.level.rank - ex.level.rank), e.slug))
    return found


def _seconds(s: Session, exercises: Sequence[Prescription], tools: Tools, rules: Rules) -> int:
    return session_seconds(dataclasses.replace(s, exercises=tuple(exercises)), tools.catalogue,
                           rules)


def _timed(s: Session, exercises: Sequence[Prescription], tools: Tools, rules: Rules) -> Session:
    """The session with this week's prescriptions: its minutes, and the rationale's dose and
    time sentences restated with this week's numbers (every sentence true of the plan)."""
    done = dataclasses.replace(s, exercises=tuple(exercises))
    done = dataclasses.replace(done, estimated_minutes=math.ceil(
        session_seconds(done, tools.catalogue, rules) / 60))
    return dataclasses.replace(done, rationale=_restated(s, done, tools, rules))


def _restated(old: Session, new: Session, tools: Tools, rules: Rules) -> tuple[str, ...]:
    swap = dict(fit_restatements(old.estimated_minutes, new.estimated_minutes,
                                 tools.profile.session_minutes, rules, tools.voice))
    lift = [i for i, rx in enumerate(old.exercises) if role(tools.catalogue.by_slug[rx.slug])
            == "lift"]
    if lift and lift[0] < len(new.exercises) and (
            old.exercises[lift[0]] != new.exercises[lift[0]]):
        render = tools.voice.render
        swap[render(dose_message(old.exercises[lift[0]], old.intensity))] = render(
            dose_message(new.exercises[lift[0]], new.intensity))
    if not swap:
        return old.rationale
    return tuple(swap.get(line, line) for line in old.rationale)


def repeat_week(prev: ProgrammeWeek, number: int, phase: Phase, v: Verdict,
                state: dict[str, ExerciseState], tools: Tools, rules: Rules,
                logs: Sequence[SessionFeedback]) -> ProgrammeWeek:
    """Last week again, a week later: held exactly after a very hard or missed week, one step
    easier after pain - never heavier or bigger than the week before, at a phase boundary too."""
    from app.engine.programme import ProgrammeWeek

    notes: Notes = {}
    sessions: list[Session] = []
    pained = {e.slug for f in logs for e in f.exercises if e.pain}
    for s in prev.plan.sessions:
        exercises: list[Prescription] = []
        for i, rx in enumerate(s.exercises):
            base_slug = prev.progression[(s.id, i)].base_slug if (s.id, i) in prev.progression \
                else rx.slug
            st = find_state(state, s.id, base_slug)
            if v.step < 0:
                out, prog, new = step_back_rx(rx, st, tools)
                out, prog = _spare(out, prog, rx.slug in pained, tools,
                                   {x.slug for x in exercises})
                if new is not None:
                    remember(state, state_key(s.id, base_slug), new)
            else:
                out, prog = rx, Progression(Change.HOLD, tools.voice.render(msg("prog.hold")),
                                            st.goal if st else rx.target.min)
            exercises.append(out)
            notes[(s.id, i)] = dataclasses.replace(prog, base_slug=base_slug)
        moved = None if s.date is None else s.date + timedelta(weeks=1)
        sessions.append(_timed(dataclasses.replace(s, exercises=tuple(exercises), date=moved),
                               exercises, tools, rules))
    week = tuple(dataclasses.replace(d, date=None if d.date is None else
                                     d.date + timedelta(weeks=1)) for d in prev.plan.week)
    plan = dataclasses.replace(prev.plan, sessions=tuple(sessions), week=week)
    start = None if prev.week_start is None else prev.week_start + timedelta(weeks=1)
    return ProgrammeWeek(number, phase, start, v.step < 0, None, plan, notes)


def _spare(rx: Prescription, prog: Progression, pained: bool, tools: Tools,
           taken: set[str]) -> tuple[Prescription, Progression]:
    """Pain logged on this exercise: the closest alternative that does not load its areas."""
    if not pained:
        return rx, prog
    ex = tools.catalogue.by_slug[rx.slug]
    # A different movement first (a bridge for a sore hinge, hip work for a sore knee): a
    # variant of the same movement loads the same tissue, whatever its tags say.
    options = _sparing(ex, tools, taken) or [
        a for a in alternatives(tools.catalogue, rx.slug, owned=tools.profile.equipment,
                                avoid=ex.stress, allow_high_impact=False)
        if a.slug not in taken and not same_movement(a, ex)]
    if not options:
        return rx, prog
    new = swap_prescription(rx, options[0])
    note = tools.voice.render(msg("prog.swap", old=ex.name, name=options[0].name))
    return new, Progression(Change.SWAP, note, prog.reps_goal)

