"""Training-load formulas (DOMAIN §10), each against values worked out by hand."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import load as ld
from app.engine.planner import generate_week
from app.engine.types import Day, Run, RunKind
from tests.engine.test_properties import profiles


def test_foster_load_is_session_rpe_times_minutes():
    assert ld.foster_load(6.0, 33) == 198
    assert ld.foster_load(5.5, 40) == 220
    assert ld.foster_load(4, 45) == 180


def test_session_rpe_is_the_set_weighted_target_effort_less_one_point():
    # 3+3+2 sets, all at RPE 7: mean 7, less the whole-session point: 6.0
    assert ld.session_rpe([(3, 7), (3, 7), (2, 7)], 2) == 6.0
    # (3 x 8 + 1 x 9) / 4 = 8.25 -> 7.25 -> 7.2 (one decimal)
    assert ld.session_rpe([(3, 8), (1, 9)], 3) == pytest.approx(7.2)
    # an exercise without a target counts at the intensity's value + 1 (moderate: 5 + 1 = 6):
    # (2 x 7 + 2 x 6) / 4 = 6.5 -> 5.5
    assert ld.session_rpe([(2, 7), (2, None)], 2) == 5.5


def test_session_rpe_without_target_efforts_follows_the_intensity():
    assert ld.session_rpe([(1, None), (2, None)], 1) == 3.0
    assert ld.session_rpe([], 3) == 7.0


def test_monotony_is_mean_over_population_sd():
    # mean 100; squared deviations 0+1e4+1e4+1e4+0+1e4+4e4 = 8e4; SD = sqrt(8e4/7) = 106.90
    # monotony = 100 / 106.90 = 0.935 -> 0.94
    assert ld.monotony([100, 0, 200, 0, 100, 0, 300]) == 0.94


def test_monotony_is_undefined_when_every_day_is_the_same():
    assert ld.monotony([0] * 7) is None
    assert ld.monotony([50] * 7) is None
    week = ld.week_load([50] * 7)
    assert (week.total, week.monotony, week.strain) == (350, None, None)


def test_strain_is_weekly_load_times_monotony():
    week = ld.week_load([100, 0, 200, 0, 100, 0, 300])
    assert week.total == 700
    assert week.strain == 658  # 700 x 0.94
    assert ld.strain(1000, 1.5) == 1500


def test_week_load_needs_seven_days():
    with pytest.raises(ValueError, match="seven"):
        ld.week_load([1, 2, 3])


def test_ewma_acute_chronic_ratio():
    # lambda 7 = 2/8 = 0.25: 25, 18.75, 14.0625
    # lambda 28 = 2/29: 6.8966, 6.4209, 5.9781; ratio on day 3 = 14.0625 / 5.9781 = 2.35
    acute = ld.ewma([100, 0, 0], 7)
    chronic = ld.ewma([100, 0, 0], 28)
    assert acute == pytest.approx([25.0, 18.75, 14.0625])
    assert chronic == pytest.approx([6.8966, 6.4209, 5.9781], abs=1e-4)
    view = ld.acute_chronic([100, 0, 0])
    assert view[2] == ld.AcuteChronic(acute=14.1, chronic=6.0, ratio=2.35)


def test_acute_chronic_ratio_is_one_under_a_steady_load_and_undefined_without_load():
    steady = ld.acute_chronic([60.0] * 400)
    assert math.isclose(steady[-1].ratio or 0, 1.0)
    assert ld.acute_chronic([0, 0])[-1].ratio is None


def test_runs_join_the_week_only_with_minutes_and_rpe():
    assert ld.run_load(Run(Day.TUE, RunKind.EASY, 45, 4)) == 180
    assert ld.run_load(Run(Day.TUE, RunKind.EASY)) is None


@settings(max_examples=100, deadline=None)
@given(profiles(), st.lists(st.tuples(st.integers(1, 600), st.integers(1, 10)), min_size=7,
                            max_size=7))
def test_the_week_load_adds_up(p, run_doses):
    runs = tuple(dataclasses.replace(r, minutes=m, rpe=e)
                 for r, (m, e) in zip(p.runs, run_doses, strict=False))
    p = dataclasses.replace(p, runs=runs)
    plan = generate_week(p)
    week, strength, running = ld.plan_week_load(plan, p.runs)
    assert week.total == sum(week.per_day) == strength + running
    assert strength == sum(ld.session_load(s).load for s in plan.sessions)
    assert running == sum(m * e for m, e in run_doses[: len(p.runs)])
    busy = {s.day.num for s in plan.sessions} | {r.day.num for r in p.runs}
    assert all(load == 0 for d, load in enumerate(week.per_day) if d not in busy)
    for s in plan.sessions:
        assert 1 <= ld.session_load(s).session_rpe <= 10
