"""Property tests for programmes that progress like a coach's (DOMAIN §5-§6), over random
profiles and random logged feedback (300 examples each under HYPOTHESIS_PROFILE=ci)."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.engine.loads import available, loading_equipment, to_units
from app.engine.programme import Programme, ProgrammeWeek, generate_programme, starting_point
from app.engine.progression import LOAD_STEPS, Change, ExerciseLog, SessionFeedback
from app.engine.types import Equipment, Intensity, Phase, Units
from tests.engine.test_programme_properties import (
    CAT,
    PROGRAMME_SETTINGS,
    Input,
    inputs,
    race_inputs,
)

GENERAL = (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD)


def working_sets(w: ProgrammeWeek) -> int:
    return sum(rx.sets for s in w.plan.sessions for rx in s.exercises)


def top_rpe(w: ProgrammeWeek) -> int:
    return max((rx.load.rpe or 0 for s in w.plan.sessions for rx in s.exercises), default=0)


def top_intensity(w: ProgrammeWeek) -> int:
    return max((int(s.intensity) for s in w.plan.sessions), default=0)


@st.composite
def logged(draw: st.DrawFn) -> tuple[Input, dict[int, list[SessionFeedback]]]:
    """A programme input and, for some of its weeks, what the runner logged: RPE, pain, missed
    sessions, and per-exercise sets with loads."""
    inp = draw(inputs())
    base = inp.generate()
    feedback: dict[int, list[SessionFeedback]] = {}
    for w in base.weeks[:-1]:
        if not w.plan.sessions or not draw(st.booleans()):
            continue
        logs = []
        for s in w.plan.sessions:
            exercises = tuple(
                ExerciseLog(rx.slug, rx.sets, rx.target.max,
                            draw(st.sampled_from([8.0, 12.0, 16.0, 20.0, 24.0])),
                            draw(st.integers(5, 10)))
                for rx in s.exercises[:2] if loading_equipment(CAT.by_slug[rx.slug]))
            logs.append(SessionFeedback(done=draw(st.booleans() | st.just(True)),
                                        rpe=draw(st.integers(5, 10)),
                                        pain=draw(st.sampled_from([False] * 5 + [True])),
                                        exercises=exercises, session_id=s.id))
        feedback[w.number] = logs
    return inp, feedback


def run(inp: Input, feedback: dict[int, list[SessionFeedback]]) -> Programme:
    return generate_programme(inp.profile, start_date=inp.start_date, race_date=inp.race_date,
                              weeks=inp.weeks, feedback=feedback)


@PROGRAMME_SETTINGS
@given(logged())
def test_never_heavier_or_bigger_after_pain_or_rpe_9(case):
    inp, feedback = case
    prog = run(inp, feedback)
    for prev, cur in zip(prog.weeks, prog.weeks[1:], strict=False):
        logs = feedback.get(prev.number, [])
        bad = any(f.pain for f in logs) or any(
            f.done and f.rpe is not None and f.rpe >= 9 for f in logs)
        if not bad or cur.phase in (Phase.TAPER, Phase.RECOVERY):
            continue
        assert working_sets(cur) <= working_sets(prev), (prev.number, cur.number)
        assert top_rpe(cur) <= top_rpe(prev), (prev.number, cur.number)
        assert top_intensity(cur) <= top_intensity(prev), (prev.number, cur.number)


@PROGRAMME_SETTINGS
@given(inputs())
def test_without_negative_feedback_a_load_step_at_least_every_third_loading_week(inp):
    prog = inp.generate()
    since: dict[str, int] = {}
    for w in prog.weeks:
        for s in w.plan.sessions:
            for i, rx in enumerate(s.exercises):
                note = w.progression[(s.id, i)]
                key = f"{s.id}:{note.base_slug}"
                if note.change in LOAD_STEPS or note.top:  # a step, or nothing left to step to
                    since[key] = 0
                elif note.change in (Change.REPS, Change.TARGETS):
                    since[key] = since.get(key, 0) + 1
                    assert since[key] <= 3, (w.number, s.id, rx.slug, since[key])
                elif note.change not in (Change.HOLD, Change.DELOAD, Change.RESTORE):
                    since.pop(key, None)  # a new block, maintenance, taper: the count restarts


def build_loading_weeks(inp: Input, prog: Programme) -> list[ProgrammeWeek]:
    """Build's loading weeks, whatever their number: build weeks past the runner's bodyweight
    and settling-in weeks (the first one to three weeks are the programme's easiest by design,
    so never a reference for build's volume), not deloads, with sessions."""
    start = starting_point(inp.profile)
    settled = max(start.bodyweight_weeks, start.intro_weeks)
    return [w for w in prog.weeks if w.phase is Phase.BUILD and not w.deload
            and w.number > settled and w.plan.sessions]


def nothing_left_to_cut(w: ProgrammeWeek) -> bool:
    """One set of every exercise: fewer would mean fewer exercises, and maintenance keeps
    build's exercises (the minimum effective session is never cut)."""
    return all(rx.sets == 1 for s in w.plan.sessions for rx in s.exercises)


@PROGRAMME_SETTINGS
@given(race_inputs(4, 16))
def test_race_specific_keeps_effort_and_cuts_volume_by_a_third(inp):
    prog = inp.generate()
    build = build_loading_weeks(inp, prog)
    specific = [w for w in prog.weeks if w.phase is Phase.RACE_SPECIFIC and w.plan.sessions]
    if not build or not specific:
        return
    most = max(working_sets(w) for w in build)
    for w in specific:
        assert working_sets(w) <= 0.75 * most + 1e-9 or nothing_left_to_cut(w), (
            w.number, working_sets(w), [(b.number, working_sets(b)) for b in build])
        assert top_rpe(w) >= max(top_rpe(b) for b in build), (
            w.number, top_rpe(w), [(b.number, top_rpe(b)) for b in build])


@PROGRAMME_SETTINGS
@given(race_inputs(4, 24))
def test_base_weeks_are_never_bigger_or_harder_than_build(inp):
    """Every week before build (general preparation and base) holds no more working sets and no
    higher top effort than build's loading weeks (unless it is down to one set of each exercise:
    two minimum effective sessions can hold an exercise more than build's light day)."""
    prog = inp.generate()
    build = build_loading_weeks(inp, prog)
    if not build:
        return
    first_build = next(w.number for w in prog.weeks if w.phase is Phase.BUILD)
    most, hardest = max(working_sets(w) for w in build), max(top_rpe(w) for w in build)
    for w in prog.weeks[: first_build - 1]:
        assert w.phase in (Phase.OFF_SEASON, Phase.BASE), w.phase
        assert working_sets(w) <= most or nothing_left_to_cut(w), (
            w.number, w.phase.value, working_sets(w), [(b.number, working_sets(b)) for b in build])
        assert top_rpe(w) <= hardest, (w.number, top_rpe(w), hardest)


@PROGRAMME_SETTINGS
@given(inputs())
def test_week_1_is_never_the_heaviest_or_largest_week(inp):
    prog = inp.generate()
    first = prog.weeks[0]
    later = [w for w in prog.weeks[1:] if w.plan.sessions]
    if not first.plan.sessions or not later:
        return
    assert all(s.intensity is not Intensity.HEAVY for s in first.plan.sessions)
    if any(w.phase in GENERAL + (Phase.RACE_SPECIFIC,) for w in later):
        # Never above a later week; strictly below once the time allows more (a 15-minute
        # session holds the same minimum every week: the named test pins the usual case).
        assert working_sets(first) <= max(working_sets(w) for w in later)
        if inp.profile.session_minutes >= 30 and max(working_sets(w) for w in later) > 8:
            assert working_sets(first) < max(working_sets(w) for w in later)
        assert top_rpe(first) <= max(top_rpe(w) for w in later)


@PROGRAMME_SETTINGS
@given(inputs() | race_inputs(4, 16))
def test_weeks_1_and_2_are_never_the_largest_or_heaviest_weeks(inp):
    """The first two to three weeks are the easiest of the programme (DOMAIN §6): neither week
    1 nor week 2 holds more working sets or a higher top effort than the weeks after the
    settling-in weeks (unless it is already at one set of each exercise)."""
    prog = inp.generate()
    settled = max(2, starting_point(inp.profile).intro_weeks)
    later = [w for w in prog.weeks[settled:] if w.plan.sessions
             and w.phase in GENERAL + (Phase.RACE_SPECIFIC,)]
    if not later:
        return
    most, hardest = max(working_sets(w) for w in later), max(top_rpe(w) for w in later)
    for w in prog.weeks[:2]:
        assert working_sets(w) <= most or nothing_left_to_cut(w), (
            w.number, working_sets(w), [(x.number, working_sets(x)) for x in later])
        assert top_rpe(w) <= hardest, (w.number, top_rpe(w), hardest)


@PROGRAMME_SETTINGS
@given(logged(), st.sampled_from(Units))
def test_suggested_loads_are_settable_capped_and_in_the_runners_units(case, units):
    inp, feedback = case
    inp = dataclasses.replace(inp, profile=dataclasses.replace(inp.profile, units=units))
    prog = run(inp, feedback)
    for w in prog.weeks:
        for s in w.plan.sessions:
            for rx in s.exercises:
                got = rx.load.suggested
                if got is None:
                    continue
                assert got.unit is units
                kind = loading_equipment(CAT.by_slug[rx.slug])
                assert kind is not None
                step = available(inp.profile, kind)[0]
                assert abs(got.value / step - round(got.value / step)) < 1e-6, got
                last = max(to_units(e.load_kg or 0, units) for f in sum(feedback.values(), [])
                           for e in f.exercises if e.slug == rx.slug)
                assert got.value <= 1.10 * last + 1e-6, (got, last)


def test_same_input_same_output_with_logs():
    from tests.engine.helpers import profile

    p = profile(phase=None, equipment=[Equipment.DUMBBELLS.value])
    fb = {1: [SessionFeedback(True, 7, exercises=(ExerciseLog("goblet-squat", 3, 10, 16.0, 7),),
                              session_id="mon-strength")]}
    a = generate_programme(p, start_date=date(2026, 3, 2), race_date=date(2026, 6, 21),
                           feedback=fb)
    b = generate_programme(p, start_date=date(2026, 3, 2), race_date=date(2026, 6, 21),
                           feedback=fb)
    assert a == b


@PROGRAMME_SETTINGS
@given(logged(), logged())
def test_a_memoised_programme_is_the_one_planned_cold(case, other):
    """The stages memoise by what they read: a programme planned after another runner's (warm
    memos) equals the same programme planned with every memo empty."""
    from app.engine.memo import clear_all

    inp, feedback = case
    run(*other)
    warm = run(inp, feedback)
    clear_all()
    cold = run(inp, feedback)
    assert warm == cold
