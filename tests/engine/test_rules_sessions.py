"""Sessions a coach would sign (DOMAIN §2, §3, §9): heavy work keeps its rest, hard exercises
get doses that can be done, one form of each movement a week, a push and a pull every week, and
counted words that agree with their number. One test per rule code, on runners a coach would
recognise; test_rules.test_every_rule_has_a_named_test reads this module too."""

from __future__ import annotations

import dataclasses
from datetime import date

from app.engine.budget import session_budget
from app.engine.dosing import role
from app.engine.explain import ENGLISH, msg
from app.engine.planner import generate_week
from app.engine.programme import generate_programme
from app.engine.rules import DEFAULT_RULES, Rule
from app.engine.slots import PULLS, PUSHES, forms
from app.engine.types import Category, Intensity, Measure, Pattern
from tests.engine import checks
from tests.engine.helpers import CAT, ex, plan, profile, runs

RULES = DEFAULT_RULES
SIX_DAYS = runs(mon="easy", tue="quality", wed="easy", thu="quality", fri="easy", sun="long")
GYM = ["barbell", "dumbbells", "bench"]


def _lifts(s):
    return [rx for rx in s.exercises if role(ex(rx)) == "lift"]


def test_heavy_session_keeps_strength_rest():
    # The marathoner on six run days: 30 minutes at most, and the heavy day keeps its 2 min.
    p = plan(experience="advanced", phase="build", runs=SIX_DAYS, session_minutes=45,
             equipment=["dumbbells", "kettlebell", "mini_band"])
    heavy = next(s for s in p.sessions if s.intensity is Intensity.HEAVY)
    assert heavy.estimated_minutes <= 30
    assert {rx.rest_seconds for rx in _lifts(heavy)} == {RULES.rest_heavy_lift}
    assert _lifts(heavy)[0].sets >= RULES.heavy_main_lift_min_sets
    assert any("keep their full rest (about 2 min)" in r for r in heavy.rationale)
    assert Rule.HEAVY_KEEPS_REST in heavy.rules
    assert any("2 min after heavy leg lifts" in r for r in p.rationale)
    # Twenty minutes still hold two heavy sets of the squat: sets and exercises go, not rest.
    short = plan(experience="advanced", phase="off_season", equipment=GYM, session_minutes=20)
    for s in (s for s in short.sessions if s.intensity is Intensity.HEAVY):
        assert all(rx.rest_seconds >= RULES.rest_heavy_lift for rx in _lifts(s)), s.id
        assert _lifts(s)[0].sets >= 2
    assert not checks.heavy_rest_problems(short)
    # Fifteen minutes cannot: the heavy day is moderate, and the runner is told why.
    tiny = plan(phase="build", equipment=["dumbbells"], session_minutes=15)
    assert all(s.intensity is not Intensity.HEAVY for s in tiny.sessions)
    made = next(w for w in tiny.warnings if w.code == "session_made_moderate")
    assert "Thursday was meant to be a heavy session" in made.message
    assert "15 min cannot fit two" in made.message
    thu = next(s for s in tiny.sessions if s.day.value == "thu")
    assert thu.intensity is Intensity.MODERATE
    assert Rule.HEAVY_KEEPS_REST in thu.rules
    assert "Moderate rather than heavy: 15 min is too short for heavy sets with their full " \
        "rest." in thu.rationale
    # The rest is data: a test can ask for longer.
    longer = dataclasses.replace(RULES, rest_heavy_lift=150)
    wide = generate_week(profile(experience="advanced", phase="build", equipment=GYM,
                                 session_minutes=60), rules=longer)
    heavy = next(s for s in wide.sessions if s.intensity is Intensity.HEAVY)
    assert {rx.rest_seconds for rx in _lifts(heavy)} == {150}


def test_heavy_session_keeps_strength_rest_in_programme_weeks():
    prog = generate_programme(profile(phase=None, experience="advanced", equipment=GYM,
                                      session_minutes=30),
                              start_date=date(2026, 1, 5), race_date=date(2026, 4, 26))
    heavy = [(w, s) for w in prog.weeks for s in w.plan.sessions
             if s.intensity is Intensity.HEAVY]
    assert {w.phase.value for w, _ in heavy} >= {"build", "race_specific"}
    for w, s in heavy:
        assert all(rx.rest_seconds >= RULES.rest_heavy_lift for rx in _lifts(s)), (w.number, s.id)
        if not w.deload:  # a deload takes its one set fewer from the main lift too
            assert _lifts(s)[0].sets >= 2, (w.number, s.id)


def test_hard_exercises_get_doable_doses():
    # Advanced, bodyweight only, hamstring history: Nordic curls and pistols every week.
    p = plan(experience="advanced", equipment=[], phase="off_season",
             injuries=[("hamstring", "history")], goals=["speed_power"])
    nordics = [rx for s in p.sessions for rx in s.exercises if rx.slug == "nordic-curl"]
    assert nordics
    for rx in nordics:
        assert (rx.target.min, rx.target.max) == (3, 5)  # slow lowerings, never 3 x 8-12
        assert rx.sets <= 3
        assert "3-5 seconds" in rx.load.advice
        assert "hands" in rx.load.advice
    pistols = [rx for s in p.sessions for rx in s.exercises if rx.slug == "pistol-squat"]
    assert pistols
    for rx in pistols:
        assert rx.target.max <= 5
        assert rx.tempo is None
        assert "a few perfect reps" in rx.load.advice
    assert not checks.hard_dose_problems(p.sessions)
    assert any(Rule.HARD_DOSES in s.rules for s in p.sessions)
    # Bounds cover metres on alternating legs: one distance a set, not one a leg.
    bounds = [rx for s in p.sessions for rx in s.exercises
              if ex(rx).pattern in (Pattern.BOUND, Pattern.SKIP)]
    assert all(rx.target.unit is Measure.METERS and not rx.target.per_side for rx in bounds)
    assert all(rx.rest_seconds >= RULES.rest_plyometric for rx in bounds)
    # Assisted variants say how to use the help.
    assisted = plan(experience="intermediate", equipment=["dumbbells", "mini_band"],
                    session_minutes=40)
    helped = [rx for s in assisted.sessions for rx in s.exercises
              if rx.slug == "assisted-pistol-squat"]
    for rx in helped:
        assert rx.target.max <= 8
        assert "just enough help" in rx.load.advice


def test_one_form_per_movement_each_week():
    # The defects: pistol squat Monday, assisted pistol Thursday; two single-leg Romanian
    # deadlifts (with and without a dumbbell, or B-stance) in one week.
    cases = [
        {"experience": "advanced", "equipment": [], "phase": "base",
         "injuries": [("achilles", "history")]},
        {"experience": "advanced", "equipment": [], "phase": "off_season",
         "goals": ["speed_power"], "injuries": [("hamstring", "history")]},
        {"experience": "intermediate", "equipment": ["dumbbells", "mini_band"],
         "injuries": [("knee", "current")]},
        {"experience": "beginner", "equipment": []},
        {"experience": "advanced", "equipment": GYM, "phase": "off_season"},
    ]
    for kw in cases:
        p = plan(**kw)
        assert not checks.form_problems(p), (kw, checks.form_problems(p))
        movement_of = forms(CAT)
        slugs = [rx.slug for s in p.sessions for rx in s.exercises]
        assert len({movement_of[s] for s in slugs}) == len(set(slugs)), kw
    # The same exercise may repeat: an injury's exercise every session.
    ham = plan(experience="advanced", equipment=[], phase="off_season",
               injuries=[("hamstring", "history")])
    assert sum(rx.slug == "nordic-curl" for s in ham.sessions for rx in s.exercises) >= 2
    # Different exercises for the same job stay welcome: not forms of one movement.
    assert forms(CAT)["goblet-squat"] != forms(CAT)["dumbbell-split-squat"]
    assert forms(CAT)["reverse-lunge"] != forms(CAT)["split-squat"]
    assert forms(CAT)["pistol-squat"] == forms(CAT)["assisted-pistol-squat"]
    assert forms(CAT)["single-leg-romanian-deadlift"] == forms(CAT)[
        "dumbbell-single-leg-romanian-deadlift"] == forms(CAT)["b-stance-romanian-deadlift"]
    two = plan(experience="advanced", equipment=[], phase="base")
    assert Rule.ONE_FORM_A_WEEK in two.sessions[1].rules


def test_push_and_pull_each_week():
    cases = [
        {"experience": "intermediate", "equipment": ["dumbbells", "mini_band"],
         "session_minutes": 40},
        {"experience": "advanced", "equipment": [], "phase": "build", "session_minutes": 45},
        {"experience": "advanced", "equipment": ["dumbbells"], "phase": "build",
         "runs": SIX_DAYS, "session_minutes": 45},
        {"experience": "beginner", "equipment": [], "session_minutes": 45},
    ]
    for kw in cases:
        p = plan(**kw)
        held = {ex(rx).pattern for s in p.sessions for rx in s.exercises
                if ex(rx).category is Category.UPPER_BODY}
        assert held & PULLS, (kw, held)
        assert held & PUSHES, (kw, held)
        assert any(Rule.PUSH_AND_PULL in s.rules for s in p.sessions)
    # A heavy day and a light single-leg day (build): the push still finds a place.
    build = plan(experience="advanced", equipment=GYM, phase="build", session_minutes=50)
    assert {s.focus.value for s in build.sessions} == {"lower_body_strength",
                                                        "single_leg_and_core"}
    assert {ex(rx).pattern for s in build.sessions for rx in s.exercises} & PUSHES
    # Race-specific maintenance keeps the pull and adds no extras: no push is forced in.
    upkeep = plan(experience="intermediate", equipment=["kettlebell"], phase="race_specific",
                  session_minutes=60)
    held = {ex(rx).pattern for s in upkeep.sessions for rx in s.exercises}
    assert held & PULLS
    assert not held & PUSHES
    # No time for one more exercise: nothing is forced in, and the check agrees.
    tight = profile(experience="beginner", equipment=[], session_minutes=15)
    week = generate_week(tight)
    budget = session_budget(15, len(tight.runs), week.phase, rules=RULES)
    assert not checks.push_pull_missing(week, tight, budget)


def test_counted_messages_agree_with_their_number():
    render = ENGLISH.render
    assert render(msg("prog.maintain", sets=1)).endswith("build, 1 set.")
    assert render(msg("prog.maintain", sets=2)).endswith("build, 2 sets.")
    assert render(msg("plan.race_weeks_after", weeks=1)) == "the week after this one"
    assert render(msg("plan.race_weeks_after", weeks=3)) == "3 weeks after this one"
    assert render(msg("adapt.missed", count=1)).startswith("1 session missed")
    assert render(msg("prog.easy_start", weeks=1)).startswith("The first week is the easiest")
    assert render(msg("warn.plan_has", count=1)) == "The plan has 1 strength session."
    assert "1 rep in reserve" in render(msg("load.source_week", week=2, sets=3, reps=10,
                                            load="16", unit="kg", reserve=1))
    one = plan(sessions_per_week=1, unavailable_days=["mon", "tue", "wed", "thu", "fri", "sat",
                                                       "sun"])
    reduced = next(w for w in one.warnings if w.code == "sessions_reduced")
    assert reduced.message.startswith("The strength session you were due does not fit")
    prog = generate_programme(profile(phase=None, experience="advanced", equipment=GYM,
                                      strength_history_weeks=52),
                              start_date=date(2026, 1, 5), race_date=date(2026, 4, 26))
    lines = [*prog.rationale] + [n.note for w in prog.weeks for n in w.progression.values()]
    assert any(line.startswith("The first week is the easiest") for line in lines)
    assert not checks.counted_word_problems(lines)
