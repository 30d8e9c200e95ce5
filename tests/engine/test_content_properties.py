"""Property tests for what goes inside the sessions (DOMAIN §2, §3, §7, §9), over random valid
profiles: 1,000 examples each under HYPOTHESIS_PROFILE=ci (profiles as in test_properties)."""

from __future__ import annotations

from hypothesis import given

from app.engine.budget import session_budget
from app.engine.planner import generate_week
from app.engine.rules import DEFAULT_RULES
from tests.engine import checks
from tests.engine.test_properties import profiles


@given(profiles())
def test_no_session_holds_two_variants_of_one_movement(p):
    for s in generate_week(p).sessions:
        assert not checks.repeated_movements(s), (s.id, checks.repeated_movements(s))


@given(profiles())
def test_reps_reserve_and_percent_add_up_and_efforts_are_reachable(p):
    problems = checks.dose_problems(generate_week(p), p)
    assert not problems, problems


@given(profiles())
def test_every_week_with_a_session_holds_anti_movement_core(p):
    plan = generate_week(p)
    if plan.sessions:
        assert checks.week_has_anti_movement_core(plan), [
            [rx.slug for rx in s.exercises] for s in plan.sessions]


@given(profiles())
def test_hip_dominant_at_least_knee_dominant_minus_one_over_the_week(p):
    knee, hip = checks.knee_hip(generate_week(p))
    assert hip >= knee - 1, (knee, hip)


@given(profiles())
def test_full_body_session_holds_upper_body_when_the_budget_allows(p):
    plan = generate_week(p)
    budget = session_budget(p.session_minutes, sum(1 for d in plan.week if d.runs), plan.phase,
                            rules=DEFAULT_RULES)
    problems = checks.upper_body_missing(plan, budget, p.equipment)
    assert not problems, problems


@given(profiles())
def test_every_sentence_is_true_specific_and_well_formed(p):
    plan = generate_week(p)
    assert not checks.word_problems(plan), checks.word_problems(plan)
    assert not checks.shared_sentences(plan), checks.shared_sentences(plan)


@given(profiles())
def test_estimated_minutes_count_changeovers(p):
    assert not checks.changeover_problems(generate_week(p))


@given(profiles())
def test_heavy_sessions_keep_strength_rest_and_two_sets_of_the_main_lift(p):
    problems = checks.heavy_rest_problems(generate_week(p))
    assert not problems, problems


@given(profiles())
def test_near_maximal_and_eccentric_work_never_exceeds_its_cap(p):
    plan = generate_week(p)
    problems = checks.hard_dose_problems(plan.sessions)
    assert not problems, problems


@given(profiles())
def test_one_form_per_movement_each_week(p):
    problems = checks.form_problems(generate_week(p))
    assert not problems, problems


@given(profiles())
def test_push_and_pull_each_week_when_the_budget_allows(p):
    plan = generate_week(p)
    budget = session_budget(p.session_minutes, sum(1 for d in plan.week if d.runs), plan.phase,
                            rules=DEFAULT_RULES)
    problems = checks.push_pull_missing(plan, p, budget)
    assert not problems, problems


@given(profiles())
def test_words_match_the_plan_they_sit_in(p):
    """Issue 9: the time sentence names the budget used, the week's sentences (two shorter
    sessions, variety, injury resilience) and the missing-work warnings are true of its
    sessions."""
    plan = generate_week(p)
    assert not checks.true_words_problems(plan, p), checks.true_words_problems(plan, p)
