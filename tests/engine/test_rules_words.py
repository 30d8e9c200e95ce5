"""Sessions a coach would sign (DOMAIN §9): every sentence is true of the plan it sits in. One
test per rule, on the runners a coach's read found them on; the same predicates run over random
profiles in test_content_properties.test_words_match_the_plan_they_sit_in."""

from __future__ import annotations

from datetime import date

from app.engine.planner import generate_week
from app.engine.slots import same_movement
from app.engine.types import Pattern
from tests.engine import checks
from tests.engine.helpers import CAT, plan, profile, runs

SIX_DAYS = runs(mon="easy", tue="quality", wed="easy", thu="quality", sat="long", sun="easy")
EXAMPLE = {"equipment": ["dumbbells", "mini_band", "mat"], "session_minutes": 35,
           "goals": ["injury_resilience", "economy"]}


def _check(**kw):
    p = profile(**kw)
    return generate_week(p), p


def test_fit_sentence_names_the_budget_used():
    week, p = _check(experience="advanced", runs=SIX_DAYS, phase="build", session_minutes=45,
                     equipment=["kettlebell", "mini_band", "mat", "pull_up_bar"])
    assert week.sessions
    for s in week.sessions:
        line = next(r for r in s.rationale if r.startswith("About "))
        assert "your 45" not in line, line
        assert "30 min, the limit in a week with 6 run days (you set 45)" in line, line
    assert not checks.fit_budget_problems(week, p)
    own, q = _check(session_minutes=35)  # the runner's own minutes: "your 35"
    assert all(any("your 35." in r for r in s.rationale) for s in own.sessions)
    assert not checks.fit_budget_problems(own, q)


def test_taper_names_its_limit_once_and_no_high_mileage_sessions():
    week, p = _check(**EXAMPLE, phase=None, race_date=date(2026, 11, 27),
                     week_start=date(2026, 11, 23),
                     runs=runs(mon="easy", tue="easy", wed="quality", fri="race", sun="long"))
    assert len(week.sessions) <= 1
    assert not any("two shorter sessions" in r for r in week.rationale), week.rationale
    for s in week.sessions:
        assert any("the limit in a taper week (you set 35)" in r for r in s.rationale)
        assert not any(r.startswith("Taper sessions stay under") for r in s.rationale)
    assert not checks.fit_budget_problems(week, p)
    assert not checks.high_mileage_problems(week)


def test_high_mileage_two_sessions_said_only_of_two():
    one = plan(runs=SIX_DAYS, sessions_per_week=1, session_minutes=45)
    assert len(one.sessions) == 1
    assert not any("two shorter sessions" in r for r in one.rationale)
    assert any("strength stays short (30 min at most)" in r for r in one.rationale)
    two = plan(runs=SIX_DAYS, session_minutes=45)
    assert len(two.sessions) == 2
    assert any("two shorter sessions (30 min at most)" in r for r in two.rationale)


def test_variety_claimed_only_when_the_sessions_differ():
    knee = plan(**EXAMPLE, injuries=[("knee", "current")])
    assert len(knee.sessions) == 2
    assert not checks.varied(knee)
    assert not any("use different exercises" in r for r in knee.rationale)
    assert any("share most of their exercises: while your knee hurts" in r
               for r in knee.rationale), knee.rationale
    fine = plan(**EXAMPLE)
    assert checks.varied(fine)
    assert any("use different exercises for the same job" in r for r in fine.rationale)


def test_resilience_sentence_names_each_area_it_lists():
    short = plan(**{**EXAMPLE, "session_minutes": 15})
    achilles = plan(**EXAMPLE, injuries=[("achilles", "current")])
    for week in (short, achilles, plan(**EXAMPLE)):
        assert not checks.resilience_problems(week), checks.resilience_problems(week)
    lines = [r for s in short.sessions for r in s.rationale if r.startswith("For injury")]
    assert "For injury resilience: Weighted calf raise for the calves, which absorb every " \
           "landing." in lines, lines
    # Thursday of the 15-min week has no hip-abductor work: the plan does not promise it.
    assert not any("every full session holds" in r for r in short.rationale)
    assert any("wherever a session has time for it" in r for r in short.rationale)
    assert any("every full session holds calf and hip-abductor" in r
               for r in plan(**EXAMPLE).rationale)


def test_missing_work_warned_only_when_no_exercise_does_it():
    short = plan(**{**EXAMPLE, "session_minutes": 15})
    monday = short.sessions[0]
    assert any(CAT.by_slug[rx.slug].unilateral and CAT.by_slug[rx.slug].pattern is Pattern.HINGE
               for rx in monday.exercises)
    assert not any("single-leg strength" in w.message for w in short.warnings), short.warnings
    assert not checks.missing_work_problems(short)


def test_one_leg_form_of_a_named_exercise_is_the_same_movement():
    by = CAT.by_slug
    assert same_movement(by["hip-thrust"], by["single-leg-hip-thrust"])
    assert same_movement(by["glute-bridge"], by["single-leg-glute-bridge"])
    assert not same_movement(by["goblet-squat"], by["pistol-squat"])
    back = plan(equipment=["barbell", "dumbbells", "bench"], session_minutes=50,
                injuries=[("lower_back", "history")], goals=["injury_resilience", "economy"])
    for s in back.sessions:
        assert not checks.repeated_movements(s), (s.id, checks.repeated_movements(s))
        slugs = {rx.slug for rx in s.exercises}
        assert not {"hip-thrust", "single-leg-hip-thrust"} <= slugs, slugs


def test_programme_weeks_restate_the_capped_time_sentence():
    # A later week with other sets restates its minutes in the sentence the planner wrote, the
    # high-mileage limit and its reason included.
    from app.engine.programme import generate_programme

    p = profile(runs=SIX_DAYS, session_minutes=60, phase=None)
    prog = generate_programme(p, start_date=date(2026, 3, 2), race_date=date(2026, 6, 21))
    said = 0
    for w in prog.weeks:
        for s in w.plan.sessions:
            lines = [r for r in s.rationale if r.startswith("About ")]
            assert len(lines) == 1, (w.number, s.id)
            assert lines[0].startswith(f"About {s.estimated_minutes} min "), (w.number, lines)
            said += "the limit in a week with 6 run days (you set 60)" in lines[0]
    assert said
