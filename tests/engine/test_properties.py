"""Property-based tests: rules of DOMAIN §3-§8 that must hold for every valid runner profile.

Each test draws one random, valid RunnerProfile, generates its week and checks one behaviour.
The week repeats, so "the day before" is cyclic: Sunday is the day before Monday.

Profiles: `HYPOTHESIS_PROFILE=ci` (1,000 examples, derandomised) or `dev` (200, the default).
"""

from __future__ import annotations

import json
import math
import os
from datetime import date, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import planner
from app.engine.catalogue import default_catalogue
from app.engine.planner import allowed_phases, generate_week, validate_profile, weeks_out
from app.engine.rules import DEFAULT_RULES
from app.engine.types import (
    DAY_ORDER,
    HIP_DOMINANT,
    KEY_RUNS,
    KNEE_DOMINANT,
    Category,
    Day,
    Equipment,
    Exercise,
    Experience,
    Focus,
    Goal,
    Impact,
    Injury,
    InjuryArea,
    InjuryStatus,
    Intensity,
    Measure,
    Phase,
    Prescription,
    Run,
    RunKind,
    RunnerProfile,
    Session,
    Strategy,
    WeekPlan,
)
from app.schemas import plan_to_dict

settings.register_profile("ci", max_examples=1000, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

CAT = default_catalogue()
RULES = DEFAULT_RULES
FIRST_MONDAY = date(2026, 1, 5)
assert FIRST_MONDAY.weekday() == 0
TRAINING_RUNS = (RunKind.EASY, RunKind.QUALITY, RunKind.LONG)
LOWER_STRENGTH = frozenset({Category.QUADS, Category.GLUTES_HIPS, Category.POSTERIOR_CHAIN})
MIN_EFFECTIVE_FOCI = frozenset(
    {Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH, Focus.SINGLE_LEG_AND_CORE}
)


# ------------------------------------------------------------------ the profile strategy


@st.composite
def profiles(draw: st.DrawFn, days_to_race: st.SearchStrategy[int] | None = None) -> RunnerProfile:
    """A random RunnerProfile that validate_profile accepts.

    `days_to_race` forces a dated week with a race that many days after week_start.
    """
    experience = draw(st.sampled_from(Experience))
    run_days = draw(st.lists(st.sampled_from(DAY_ORDER), unique=True, max_size=7))
    kinds = {d: draw(st.sampled_from(TRAINING_RUNS)) for d in run_days}

    week_start = race_date = phase = None
    dating = draw(st.sampled_from(["none", "week_only", "race_only", "week_and_race"]))
    if days_to_race is not None:
        dating = "week_and_race"
    if dating in ("week_only", "week_and_race"):
        week_start = FIRST_MONDAY + timedelta(weeks=draw(st.integers(0, 104)))
    if dating == "race_only":
        race_date = FIRST_MONDAY + timedelta(days=draw(st.integers(0, 900)))
    if dating == "week_and_race":
        assert week_start is not None
        # 0..200 days out, with extra weight on this week and the next (the race-week rules).
        if days_to_race is None:
            days_to_race = st.integers(0, 13) | st.integers(0, 200)
        n = draw(days_to_race)
        race_date = week_start + timedelta(days=n)
        phase = draw(st.none() | st.sampled_from(allowed_phases(weeks_out(race_date, week_start))))
        if n < 7 and DAY_ORDER[n] in kinds:
            kinds[DAY_ORDER[n]] = RunKind.RACE
    else:
        phase = draw(st.sampled_from(Phase))

    runs = tuple(Run(d, kinds[d]) for d in draw(st.permutations(run_days)))
    injuries = draw(st.dictionaries(st.sampled_from(InjuryArea), st.sampled_from(InjuryStatus)))
    profile = RunnerProfile(
        experience=experience,
        runs=runs,
        phase=phase,
        race_date=race_date,
        week_start=week_start,
        equipment=draw(st.frozensets(st.sampled_from(Equipment))),
        session_minutes=draw(st.integers(15, 120)),
        sessions_per_week=draw(st.none() | st.integers(0, 4)),
        injuries=tuple(Injury(a, s) for a, s in injuries.items()),
        goals=tuple(draw(st.lists(st.sampled_from(Goal), unique=True))),
        strategy=draw(st.sampled_from(Strategy)),
        unavailable_days=draw(st.frozensets(st.sampled_from(DAY_ORDER))),
    )
    validate_profile(profile)  # the strategy must only build valid profiles
    return profile


# ------------------------------------------------------------------ helpers


def ex(rx: Prescription) -> Exercise:
    return CAT.by_slug[rx.slug]


def session_items(s: Session) -> list[Prescription]:
    return [*s.warmup, *s.exercises, *s.cooldown]


def all_items(plan: WeekPlan) -> list[Prescription]:
    return [rx for s in plan.sessions for rx in session_items(s)] + list(plan.after_run_core_block)


def race_index(p: RunnerProfile) -> int | None:
    """The day index (0 = Monday) of a race that falls in this week, else None."""
    if p.race_date is None or p.week_start is None:
        return None
    n = (p.race_date - p.week_start).days
    return n if 0 <= n < 7 else None


def runs_by_day(p: RunnerProfile) -> list[RunKind | None]:
    """The runs of the week from the profile, the race day from race_date included."""
    out: list[RunKind | None] = [None] * 7
    for run in p.runs:
        out[run.day.num] = run.kind
    r = race_index(p)
    if r is not None:
        out[r] = RunKind.RACE
    return out


def warning_codes(plan: WeekPlan) -> set[str]:
    return {w.code for w in plan.warnings}


def describe(s: Session) -> str:
    return f"{s.day.value} {s.intensity.label} {s.focus.value}"


# ------------------------------------------------------------------ properties


@given(profiles())
def test_no_heavy_or_moderate_session_the_day_before_a_long_quality_or_race_run(p):
    plan = generate_week(p)
    runs = runs_by_day(p)
    # The plan shows the same runs the profile gave (and the race day from race_date).
    assert [e.runs for e in plan.week] == [() if r is None else (r,) for r in runs]
    for s in plan.sessions:
        nxt = runs[(s.day.num + 1) % 7]
        if nxt in KEY_RUNS:
            assert s.intensity is Intensity.LIGHT, f"{describe(s)} is the day before a {nxt}"


@given(profiles())
def test_at_least_one_full_day_between_strength_sessions(p):
    plan = generate_week(p)
    days = sorted(s.day.num for s in plan.sessions)
    assert len(days) == len(set(days)), "two sessions on one day"
    for a, b in combinations(days, 2):
        assert min((b - a) % 7, (a - b) % 7) >= 2, (
            f"sessions on adjacent days {DAY_ORDER[a].value} and {DAY_ORDER[b].value}"
        )


@given(profiles())
def test_no_session_on_a_long_run_or_race_day(p):
    plan = generate_week(p)
    runs = runs_by_day(p)
    for s in plan.sessions:
        assert runs[s.day.num] not in (RunKind.LONG, RunKind.RACE), (
            f"{describe(s)} shares the day with a {runs[s.day.num]}"
        )


@given(profiles())
def test_no_session_on_an_unavailable_day(p):
    plan = generate_week(p)
    for s in plan.sessions:
        assert s.day not in p.unavailable_days, f"{describe(s)} is on an unavailable day"


@given(profiles())
def test_every_exercise_uses_only_equipment_the_runner_has(p):
    plan = generate_week(p)
    for rx in all_items(plan):
        need = ex(rx).equipment
        assert need <= p.equipment, f"{rx.slug} needs {sorted(need - p.equipment)}"


@given(profiles())
def test_estimated_minutes_fit_the_budget_and_are_computed_from_content(p):
    plan = generate_week(p)
    for s in plan.sessions:
        assert s.estimated_minutes <= p.session_minutes, (
            f"{describe(s)}: {s.estimated_minutes} min > {p.session_minutes}"
        )
        seconds = sum(
            rx.sets * (planner.work_seconds(ex(rx), rx.target, rx.tempo) + rx.rest_seconds)
            for rx in session_items(s)
        )
        changeovers = sum(RULES.changeover_equipment_seconds
                          if ex(rx).equipment - {Equipment.MAT} else RULES.changeover_seconds
                          for rx in s.exercises)
        assert s.estimated_minutes == math.ceil((seconds + changeovers) / 60), describe(s)


@given(profiles())
def test_plyometrics_only_when_allowed_and_in_at_most_two_sessions(p):
    plan = generate_week(p)
    gated = (
        p.experience is Experience.BEGINNER
        or any(i.status is InjuryStatus.CURRENT for i in p.injuries)
        or plan.phase is Phase.TAPER
        or race_index(p) is not None
    )
    with_plyo = [
        s
        for s in plan.sessions
        if any(Category.PLYOMETRICS in ex(rx).categories for rx in session_items(s))
    ]
    if gated:
        assert not with_plyo, f"plyometrics in {[describe(s) for s in with_plyo]}"
        assert not any(Category.PLYOMETRICS in ex(rx).categories for rx in all_items(plan))
    assert len(with_plyo) <= RULES.plyometric_max_sessions


@given(profiles())
def test_taper_is_one_light_bodyweight_session_early_in_the_week_clear_of_the_race(p):
    plan = generate_week(p)
    if plan.phase is not Phase.TAPER:
        return
    assert len(plan.sessions) <= 1
    race = race_index(p)
    for s in plan.sessions:
        assert s.intensity is Intensity.LIGHT, describe(s)
        assert s.day in (Day.MON, Day.TUE, Day.WED), describe(s)
        for rx in session_items(s):
            assert not ex(rx).equipment, f"{describe(s)}: {rx.slug} is not bodyweight"
        if race is not None:
            assert race - s.day.num >= RULES.taper_days_clear_before_race, (
                f"{describe(s)} with the race on {DAY_ORDER[race].value}"
            )


@given(profiles(), profiles())
def test_generation_is_deterministic(p, other):
    first = generate_week(p)
    generate_week(other)  # nothing may leak from one call into the next
    second = generate_week(p)
    assert first == second
    assert json.dumps(plan_to_dict(first), sort_keys=False) == json.dumps(
        plan_to_dict(second), sort_keys=False
    )


@given(profiles())
def test_current_injuries_exclude_stressing_and_high_impact_exercises(p):
    current = {i.area for i in p.injuries if i.status is InjuryStatus.CURRENT}
    if not current:
        return
    plan = generate_week(p)
    for rx in all_items(plan):
        e = ex(rx)
        stressed = {a for a in e.stress & current
                    if rx.slug not in RULES.pain_free_range.get(a, ())}
        assert not stressed, f"{rx.slug} stresses {sorted(stressed)}"
        if e.stress & current:  # DOMAIN §7: knee work only in a pain-free range
            assert "pain-free" in rx.load.advice, rx.load.advice
        assert e.impact is not Impact.HIGH, f"{rx.slug} is high impact"


@given(profiles())
def test_never_to_failure_and_every_session_has_warmup_cooldown_and_rationale(p):
    plan = generate_week(p)
    for s in plan.sessions:
        for rx in s.exercises:
            if rx.target.unit is Measure.REPS and rx.load.reps_in_reserve is not None:
                assert rx.load.reps_in_reserve >= 2, f"{describe(s)}: {rx.slug}"
        assert s.warmup, f"{describe(s)} has no warm-up"
        assert s.cooldown, f"{describe(s)} has no cool-down"
        assert s.rationale, f"{describe(s)} has no rationale"
        assert all(s.rationale), f"{describe(s)} has an empty rationale line"


@given(profiles())
def test_session_count_respects_the_request_and_the_phase_cap(p):
    plan = generate_week(p)
    n = len(plan.sessions)
    cap = RULES.sessions_max[plan.phase]
    assert n <= cap
    if p.sessions_per_week is not None:
        assert n <= p.sessions_per_week
        if p.sessions_per_week <= cap and n < p.sessions_per_week:
            assert warning_codes(plan) & {"sessions_reduced", "sessions_capped"}, (
                f"{n} of {p.sessions_per_week} sessions and no warning"
            )


@given(profiles())
def test_full_sessions_cover_the_minimum_effective_session_or_warn(p):
    plan = generate_week(p)
    for s in plan.sessions:
        if s.focus not in MIN_EFFECTIVE_FOCI:
            continue
        incomplete = any(
            w.code == "session_incomplete" and w.message.startswith(f"{s.day.label}:")
            for w in plan.warnings
        )
        if incomplete:
            continue
        exs = [ex(rx) for rx in s.exercises]
        covered = {
            "knee-dominant": any(
                e.pattern in KNEE_DOMINANT and Category.QUADS in e.categories for e in exs
            ),
            "hip-dominant": any(e.pattern in HIP_DOMINANT for e in exs),
            "single-leg": any(e.unilateral and set(e.categories) & LOWER_STRENGTH for e in exs),
            "calves": any(Category.CALVES_ANKLES in e.categories for e in exs),
            "core": any(Category.CORE in e.categories for e in exs),
        }
        missing = [what for what, ok in covered.items() if not ok]
        assert not missing, (
            f"{describe(s)} lacks {missing} without a session_incomplete warning; "
            f"exercises={[rx.slug for rx in s.exercises]}"
        )


# ------------------------------------------------------------------ beyond the brief's list


@given(profiles(days_to_race=st.integers(7, 6 + RULES.heavy_days_clear_before_race)))
def test_sessions_within_two_days_before_a_race_early_next_week_are_light(p):
    """The 48 hours before a race stay light even when the race is just past this week's end
    (e.g. a Monday race next week and a runner who states race_specific for this week)."""
    if p.race_date is None or p.week_start is None:
        return
    n = (p.race_date - p.week_start).days
    plan = generate_week(p)
    for s in plan.sessions:
        if 0 < n - s.day.num <= RULES.heavy_days_clear_before_race:
            assert s.intensity is Intensity.LIGHT, (
                f"{describe(s)} is {n - s.day.num} day(s) before the race on {p.race_date}"
            )
