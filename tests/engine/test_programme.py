"""Programmes (DOMAIN §5-§6): periodisation, taper, progression, deloads and feedback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.engine.errors import ProfileError
from app.engine.programme import (
    Change,
    SessionFeedback,
    generate_programme,
    next_week,
    phase_layout,
)
from app.engine.types import Day, Equipment, Intensity, Phase
from tests.engine.helpers import CAT, profile

START = date(2026, 3, 2)  # a Monday
P = Phase


def race_in(weeks: int) -> date:
    return START + timedelta(weeks=weeks - 1, days=6)  # the Sunday of week `weeks`


@pytest.mark.parametrize("n", [4, 6, 8, 10, 12, 16, 24])
def test_common_lengths_give_sensible_phase_order(n):
    layout = phase_layout(n, race=True, phase=None)
    order = [P.OFF_SEASON, P.BASE, P.BUILD, P.RACE_SPECIFIC, P.TAPER]
    ranks = [order.index(p) for p in layout]
    assert ranks == sorted(ranks)
    assert layout[-1] is P.TAPER
    assert layout.count(P.TAPER) == (1 if n < 8 else 2)
    assert 1 <= layout.count(P.RACE_SPECIFIC) <= 6
    if n > 12:
        assert layout[0] is P.OFF_SEASON
        assert {P.BASE, P.BUILD} <= set(layout)


def test_programme_runs_from_start_to_race_week():
    prog = generate_programme(profile(phase=None), start_date=START, race_date=race_in(16))
    assert len(prog.weeks) == 16
    assert [w.number for w in prog.weeks] == list(range(1, 17))
    assert all(w.week_start == START + timedelta(weeks=i) for i, w in enumerate(prog.weeks))
    assert [b.phase for b in prog.blocks] == [P.OFF_SEASON, P.BASE, P.BUILD, P.RACE_SPECIFIC,
                                             P.TAPER]
    assert prog.blocks[0].start == START
    assert prog.blocks[-1].end == race_in(16)


def test_taper_weeks_hold_at_most_one_light_bodyweight_session_early_and_none_before_race():
    prog = generate_programme(profile(phase=None), start_date=START, race_date=race_in(12))
    for w in prog.weeks:
        if w.phase is not P.TAPER:
            continue
        assert len(w.plan.sessions) <= 1
        for s in w.plan.sessions:
            assert s.intensity is Intensity.LIGHT
            assert s.day in (Day.MON, Day.TUE, Day.WED)
            assert all(not CAT.by_slug[rx.slug].equipment for rx in s.exercises)
    race_week = prog.weeks[-1]
    assert all(DAYS_BEFORE(s.day) >= 3 for s in race_week.plan.sessions)


def DAYS_BEFORE(day: Day) -> int:  # noqa: N802 - days from `day` to the Sunday race
    return 6 - day.num


def test_race_specific_keeps_pattern_and_intensity_but_cuts_sets_to_two():
    prog = generate_programme(profile(phase=None, session_minutes=90), start_date=START,
                              race_date=race_in(12))
    build = [w for w in prog.weeks if w.phase is P.BUILD]
    specific = [w for w in prog.weeks if w.phase is P.RACE_SPECIFIC]
    assert specific
    for _i, w in enumerate(specific):
        assert max(rx.sets for s in w.plan.sessions for rx in s.exercises) <= 2
        # DOMAIN §5: maintenance keeps build's exercises, load and effort; only sets drop.
        assert {p.change for p in w.progression.values()} <= {Change.MAINTAIN, Change.START}
    assert max(rx.sets for w in build for s in w.plan.sessions for rx in s.exercises) >= 3


def test_race_less_than_a_week_away_is_taper_only_with_a_warning():
    prog = generate_programme(profile(phase=None), start_date=START,
                              race_date=START + timedelta(days=5))
    assert [w.phase for w in prog.weeks] == [P.TAPER]
    assert [w.code for w in prog.warnings] == ["race_too_close"]


def test_race_in_the_past_is_refused():
    with pytest.raises(ProfileError) as err:
        generate_programme(profile(phase=None), start_date=START,
                           race_date=START - timedelta(days=1))
    assert err.value.field == "race_date"


@pytest.mark.parametrize("weeks", [3, 25])
def test_weeks_without_a_race_must_be_4_to_24(weeks):
    with pytest.raises(ProfileError):
        generate_programme(profile(), start_date=START, weeks=weeks)


def test_beginners_start_with_three_bodyweight_weeks_then_load():
    prog = generate_programme(profile(experience="beginner", phase="base"), start_date=START,
                              weeks=8)
    for w in prog.weeks[:3]:
        assert all(not CAT.by_slug[rx.slug].equipment for s in w.plan.sessions
                   for rx in s.exercises)
        assert {p.change for p in w.progression.values()} == {Change.BODYWEIGHT}
    week4 = prog.weeks[3]
    assert any(CAT.by_slug[rx.slug].equipment & {Equipment.DUMBBELLS}
               for s in week4.plan.sessions for rx in s.exercises)


def test_progression_adds_a_rep_a_week_then_load_every_third_week():
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=12)
    changes = [sorted({p.change for p in w.progression.values()}) for w in prog.weeks]
    assert changes[0] == [Change.START]
    # Week 1 is the easiest (a set fewer): week 2's one change is the phase's full sets.
    assert changes[1] == [Change.TARGETS]
    assert changes[2] == [Change.REPS]
    assert changes[3] == [Change.DELOAD]
    assert changes[4] == [Change.RESTORE]  # the set comes back, nothing else changes
    assert Change.LOAD in changes[5]
    first = prog.weeks[0].plan.sessions[0]
    assert first.exercises[0].slug == "goblet-squat"
    goals = [w.progression[(first.id, 0)].reps_goal for w in prog.weeks[:3]]
    assert goals == [8, 8, 9]


def test_every_exercise_changes_one_thing_at_a_time():
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=12)
    for prev, cur in zip(prog.weeks, prog.weeks[1:], strict=False):
        before = {(s.id, i): rx for s in prev.plan.sessions for i, rx in enumerate(s.exercises)}
        for s in cur.plan.sessions:
            for i, rx in enumerate(s.exercises):
                old = before.get((s.id, i))
                if old is None or old.slug != rx.slug:
                    continue
                changed = [name for name in ("sets", "tempo", "rest_seconds")
                           if getattr(old, name) != getattr(rx, name)]
                assert len(changed) <= 1, (cur.number, rx.slug, changed)


def test_deload_week_every_four_weeks_outside_the_taper():
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=12)
    assert [w.number for w in prog.weeks if w.deload] == [4, 8, 12]
    normal, deload = prog.weeks[2], prog.weeks[3]
    assert (sum(rx.sets for s in deload.plan.sessions for rx in s.exercises)
            < sum(rx.sets for s in normal.plan.sessions for rx in s.exercises))


def test_no_load_progresses_by_harder_variation():
    prog = generate_programme(profile(phase="base", equipment=[]), start_date=START, weeks=8)
    changes = {p.change for w in prog.weeks for p in w.progression.values()}
    assert Change.VARIATION in changes
    for w in prog.weeks:
        for s in w.plan.sessions:
            assert all(not CAT.by_slug[rx.slug].equipment for rx in s.exercises)


def week_changes(prog, number):
    return {p.change for p in prog.weeks[number - 1].progression.values()}


def test_easy_complete_week_lets_progression_happen():
    fb = {1: [SessionFeedback(True, 6), SessionFeedback(True, 7)]}
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=8, feedback=fb)
    assert week_changes(prog, 2) == {Change.TARGETS}  # week 1 was a set lighter
    assert week_changes(prog, 3) == {Change.REPS}
    assert "next step happens" in (prog.weeks[1].adaptation or "")


def test_very_hard_week_holds_the_dose():
    fb = {1: [SessionFeedback(True, 9), SessionFeedback(True, 7)]}
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=8, feedback=fb)
    assert week_changes(prog, 2) == {Change.HOLD}
    assert "RPE 9" in (prog.weeks[1].adaptation or "")
    plain = generate_programme(profile(phase="base"), start_date=START, weeks=8)
    assert week_changes(prog, 3) == week_changes(plain, 2)  # one step behind, not skipped


def test_missed_session_holds_the_dose():
    fb = {1: [SessionFeedback(True, 6), SessionFeedback(False)]}
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=8, feedback=fb)
    assert week_changes(prog, 2) == {Change.HOLD}
    assert "missed" in (prog.weeks[1].adaptation or "")


def test_pain_steps_back_with_a_deload():
    fb = {2: [SessionFeedback(True, 6, pain=True)]}
    prog = generate_programme(profile(phase="base"), start_date=START, weeks=8, feedback=fb)
    assert prog.weeks[2].deload
    assert "pain" in (prog.weeks[2].adaptation or "")


def test_next_week_of_a_saved_plan_follows_its_logs():
    p = profile(week_start=START)
    easy = next_week(p, [SessionFeedback(True, 6)])
    assert easy.week_start == START + timedelta(weeks=1)
    assert {n.change for n in easy.progression.values()} == {Change.REPS}
    hard = next_week(p, [SessionFeedback(True, 9)])
    assert {n.change for n in hard.progression.values()} == {Change.HOLD}
    hurt = next_week(p, [SessionFeedback(True, 6, pain=True)])
    assert hurt.deload
    assert {n.change for n in hurt.progression.values()} == {Change.STEP_BACK}


def test_programme_is_deterministic():
    a = generate_programme(profile(phase=None), start_date=START, race_date=race_in(16))
    b = generate_programme(profile(phase=None), start_date=START, race_date=race_in(16))
    assert a == b


def test_start_mid_week_puts_nothing_before_the_start():
    start = START + timedelta(days=3)  # Thursday
    prog = generate_programme(profile(phase=None), start_date=start, race_date=race_in(10))
    assert all(s.day.num >= 3 for s in prog.weeks[0].plan.sessions)
