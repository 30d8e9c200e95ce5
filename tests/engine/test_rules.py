"""One test per coaching rule of DOMAIN.md §3-§8, named after the rule code in app.engine.rules.

test_every_rule_has_a_named_test keeps the list complete.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import sys
from datetime import timedelta

import pytest

from app.engine.errors import ProfileError
from app.engine.planner import generate_week
from app.engine.rules import DEFAULT_RULES, Rule
from app.engine.types import (
    KEY_RUNS,
    LOWER_BODY,
    Category,
    Day,
    Equipment,
    Focus,
    Impact,
    InjuryArea,
    Intensity,
    LoadKind,
    Measure,
    Pattern,
    Phase,
    RunKind,
    Timing,
)
from tests.engine.helpers import (
    CAT,
    DAYS,
    MONDAY,
    all_items,
    categories,
    ex,
    plan,
    profile,
    run_on,
    runs,
)

H, M, L = Intensity.HEAVY, Intensity.MODERATE, Intensity.LIGHT


def codes(p):  # every rule code the plan mentions, session-level and plan-level
    return {c for s in p.sessions for c in s.rules} | set(p.rules)


# ---------------------------------------------------------------- §3 dose


def test_sessions_by_phase_and_experience():
    assert len(plan(phase="base").sessions) == 2
    off = plan(phase="off_season", runs=runs(tue="quality", sat="long"))
    assert len(off.sessions) == 3
    assert len(plan(phase="race_specific", experience="beginner").sessions) == 1
    assert len(plan(phase="taper").sessions) <= 1
    assert Rule.SESSIONS_BY_PHASE in codes(off)


def test_sessions_per_week_request_is_honoured_up_to_the_phase_maximum():
    assert len(plan(phase="base", sessions_per_week=1).sessions) == 1
    capped = plan(phase="build", sessions_per_week=4)
    assert len(capped.sessions) == 2
    assert "sessions_capped" in {w.code for w in capped.warnings}


def test_high_mileage_keeps_two_shorter_sessions():
    p = plan(phase="off_season", session_minutes=60,
             runs=runs(mon="easy", tue="quality", wed="easy", thu="easy", sat="long"))
    assert len(p.sessions) == 2
    assert all(s.estimated_minutes <= DEFAULT_RULES.high_mileage_max_minutes for s in p.sessions)
    assert all(Rule.HIGH_MILEAGE_TWO_SHORTER in s.rules for s in p.sessions)
    assert "sessions_capped" in {w.code for w in p.warnings}


@pytest.mark.parametrize("minutes", [15, 20, 30, 45, 60, 90])
def test_session_fits_time_budget(minutes):
    p = plan(session_minutes=minutes, phase="off_season", runs=runs(tue="quality", sat="long"))
    for s in p.sessions:
        assert s.estimated_minutes <= minutes
        assert Rule.SESSION_FITS_BUDGET in s.rules


def test_shorter_budget_drops_exercises_and_sets_not_the_time_limit():
    long = plan(session_minutes=60).sessions[0]
    short = plan(session_minutes=20).sessions[0]
    volume = lambda s: sum(rx.sets for rx in s.exercises)  # noqa: E731
    assert volume(short) < volume(long)
    assert short.estimated_minutes <= 20 < long.estimated_minutes
    assert any("trimmed to fit" in line for line in short.rationale)


def test_estimated_minutes_is_computed_from_content():
    from app.engine.planner import work_seconds as _work_seconds

    for s in plan(session_minutes=40).sessions:
        total = sum(rx.sets * (_work_seconds(ex(rx), rx.target, rx.tempo) + rx.rest_seconds)
                    for rx in all_items(s))
        changeovers = sum(45 if ex(rx).equipment - {Equipment.MAT} else 30 for rx in s.exercises)
        assert s.estimated_minutes == math.ceil((total + changeovers) / 60)


def test_dose_by_intensity_and_experience():
    heavy = plan(phase="build", experience="advanced",
                 equipment=["barbell", "dumbbells"], session_minutes=90)
    h = next(s for s in heavy.sessions if s.intensity is H)
    main = next(rx for rx in h.exercises if Category.PLYOMETRICS not in ex(rx).categories)
    assert ex(main).category is Category.QUADS
    assert (main.sets, main.target.min, main.target.max) == (4, 6, 8)
    assert main.load.reps_in_reserve == 2
    assert main.load.rpe == 8
    assert main.load.percent_1rm == 75  # 8 reps + 2 in reserve: a 10-rep max, ~75% (Epley)
    moderate = plan(phase="base", session_minutes=90).sessions[0]
    lift = next(rx for rx in moderate.exercises if ex(rx).pattern is Pattern.SQUAT)
    assert (lift.sets, lift.target.min, lift.target.max) == (3, 8, 12)
    beginner = plan(phase="base", experience="beginner", session_minutes=90).sessions[0]
    lift = next(rx for rx in beginner.exercises if ex(rx).pattern is Pattern.SQUAT)
    assert (lift.sets, lift.target.min, lift.target.max) == (2, 12, 15)
    assert lift.load.percent_1rm is None
    assert Rule.DOSE_BY_INTENSITY in h.rules


def test_heavy_only_for_experienced():
    beginner = plan(phase="build", experience="beginner")
    assert all(s.intensity is not H for s in beginner.sessions)
    assert any(Rule.HEAVY_NEEDS_EXPERIENCE in s.rules for s in beginner.sessions)
    intermediate = plan(phase="build", experience="intermediate")
    assert any(s.intensity is H for s in intermediate.sessions)


def test_reps_in_reserve_never_to_failure():
    for phase in Phase:
        for level in ("beginner", "intermediate", "advanced"):
            p = plan(phase=phase.value, experience=level)
            for s in p.sessions:
                for rx in s.exercises:
                    if rx.load.reps_in_reserve is not None:
                        assert rx.load.reps_in_reserve >= 2
                    if rx.load.rpe is not None:
                        assert rx.load.rpe <= 8
                if s.exercises and phase not in (Phase.TAPER, Phase.RECOVERY):
                    assert Rule.NEVER_TO_FAILURE in s.rules


def test_rest_by_exercise_type():
    p = plan(phase="off_season", goals=["speed_power"], session_minutes=90,
             runs=runs(tue="quality", sat="long"))
    s = next(s for s in p.sessions if s.intensity is H)
    for rx in s.exercises:
        e = ex(rx)
        if Category.PLYOMETRICS in e.categories:
            assert rx.rest_seconds == DEFAULT_RULES.rest_plyometric
        elif e.category in (Category.QUADS, Category.POSTERIOR_CHAIN) and e.pattern in (
            Pattern.SQUAT, Pattern.LUNGE, Pattern.HINGE,
        ):  # heavy sets: about 2 min
            assert rx.rest_seconds == DEFAULT_RULES.rest_heavy_lift == 120
        elif e.category in (Category.CORE, Category.UPPER_BODY):
            assert rx.rest_seconds == DEFAULT_RULES.rest_core_upper == 60
    light = next(s for s in plan(phase="build").sessions if s.intensity is L)
    assert {rx.rest_seconds for rx in light.exercises} == {DEFAULT_RULES.rest_circuit}
    moderate = next(s for s in plan(phase="base", session_minutes=90).sessions)
    lifts = [rx for rx in moderate.exercises if ex(rx).pattern in (Pattern.SQUAT, Pattern.HINGE)]
    assert lifts
    assert {rx.rest_seconds for rx in lifts} == {DEFAULT_RULES.rest_lower_body_lift}


def _has_plyo(p):
    return [s for s in p.sessions
            if any(Category.PLYOMETRICS in ex(rx).categories for rx in s.exercises)]


def test_plyometrics_only_when_allowed():
    allowed = plan(phase="build", goals=["speed_power"], session_minutes=60)
    assert _has_plyo(allowed)
    assert not _has_plyo(plan(phase="build", goals=["speed_power"], experience="beginner",
                              session_minutes=60))
    assert not _has_plyo(plan(phase="build", goals=["speed_power"], session_minutes=60,
                              injuries=[("hip", "current")]))
    assert not _has_plyo(plan(phase="taper", goals=["speed_power"]))
    gated = plan(phase="build", goals=["speed_power"], experience="beginner")
    assert any("no plyometrics" in line for line in gated.rationale)
    assert all(Rule.PLYOMETRICS_GATED in s.rules for s in gated.sessions if s.intensity >= M)


def test_plyometrics_low_volume_after_warmup():
    p = plan(phase="off_season", goals=["speed_power"], session_minutes=90,
             runs=runs(tue="quality", sat="long"))
    with_plyo = _has_plyo(p)
    assert 1 <= len(with_plyo) <= DEFAULT_RULES.plyometric_max_sessions
    for s in with_plyo:
        first = s.exercises[0]
        assert Category.PLYOMETRICS in ex(first).categories  # straight after the warm-up
        plyos = [rx for rx in s.exercises if Category.PLYOMETRICS in ex(rx).categories]
        assert len(plyos) == 1
        assert first.sets <= 3
        assert first.target.max <= (30 if first.target.unit is Measure.METERS else 12)
        assert first.rest_seconds >= 90  # full recovery
        assert Rule.PLYOMETRICS_FIRST_LOW_VOLUME in s.rules
        assert len(s.warmup) == DEFAULT_RULES.warmup_items + 1  # a more thorough warm-up


def test_warmup_and_cooldown_every_session():
    for phase in Phase:
        for s in plan(phase=phase.value).sessions:
            assert s.warmup
            assert s.cooldown
            assert all(Category.ACTIVATION in ex(rx).categories for rx in s.warmup)
            assert all(Category.MOBILITY in ex(rx).categories for rx in s.cooldown)
            assert Rule.WARMUP_AND_COOLDOWN in s.rules


def _covers_minimum(s):
    es = [ex(rx) for rx in s.exercises]
    knee = any(e.category is Category.QUADS and e.pattern in (Pattern.SQUAT, Pattern.LUNGE,
                                                              Pattern.STEP) for e in es)
    hip = any(e.pattern in (Pattern.HINGE, Pattern.BRIDGE, Pattern.KNEE_FLEXION) for e in es)
    uni = any(e.unilateral and set(e.categories) & LOWER_BODY for e in es)
    calf = any(e.category is Category.CALVES_ANKLES for e in es)
    core = any(e.category is Category.CORE for e in es)
    return knee and hip and uni and calf and core


@pytest.mark.parametrize("equipment", [[], ["dumbbells"], ["kettlebell", "box_or_step"],
                                       ["barbell", "bench"], ["resistance_band", "mat"]])
def test_minimum_effective_session(equipment):
    for minutes in (15, 30, 60):
        for s in plan(equipment=equipment, session_minutes=minutes, phase="build").sessions:
            if s.focus is Focus.CORE_AND_UPPER_BODY:
                continue
            assert _covers_minimum(s), (equipment, minutes, [rx.slug for rx in s.exercises])
            assert Rule.MINIMUM_EFFECTIVE_SESSION in s.rules


def test_unilateral_work_every_session():
    for phase in ("off_season", "base", "build", "race_specific"):
        for s in plan(phase=phase).sessions:
            if s.focus is Focus.CORE_AND_UPPER_BODY:
                continue
            assert any(ex(rx).unilateral and set(ex(rx).categories) & LOWER_BODY
                       for rx in s.exercises)
            assert Rule.UNILATERAL_WORK in s.rules


# ---------------------------------------------------------------- §4 scheduling


def test_light_only_day_before_key_run():
    # Every free day is the eve of a key run, so both sessions must be light.
    p = plan(runs=runs(mon="quality", tue="long", wed="quality", thu="long", fri="quality",
                       sat="long", sun="quality"))
    assert p.sessions
    for s in p.sessions:
        assert s.intensity is L
        assert s.focus is Focus.CORE_AND_UPPER_BODY
        assert not categories(s) & (LOWER_BODY | {Category.PLYOMETRICS})
        assert Rule.LIGHT_BEFORE_KEY_RUN in s.rules
        assert any("day before" in line for line in s.rationale)


def test_no_heavy_or_moderate_session_the_day_before_a_long_or_quality_run():
    for strategy in ("hard_days_hard", "separate"):
        p = plan(phase="off_season", strategy=strategy,
                 runs=runs(tue="quality", thu="quality", sat="long"))
        for s in p.sessions:
            nxt = run_on(p, DAYS[(DAYS.index(s.day) + 1) % 7])
            if nxt in KEY_RUNS:
                assert s.intensity is L


def test_no_heavy_within_48h_of_race():
    p = plan(phase="build", runs=runs(tue="easy", sun="race"), sessions_per_week=2)
    by_day = {s.day: s for s in p.sessions}
    for day in (Day.FRI, Day.SAT):
        if day in by_day:
            assert by_day[day].intensity is L
    assert not any(s.intensity is H and s.day in (Day.FRI, Day.SAT) for s in p.sessions)
    fri = plan(phase="build", runs=runs(tue="easy", sun="race"), unavailable_days=["mon", "tue",
                                                                                  "wed", "thu"])
    assert [s.day for s in fri.sessions] == [Day.FRI]
    assert fri.sessions[0].intensity is L
    assert Rule.NO_HEAVY_BEFORE_RACE in fri.sessions[0].rules
    # A dated race next Monday protects this Saturday and Sunday too.
    nxt = plan(phase="race_specific", week_start=MONDAY, race_date=MONDAY + timedelta(days=7),
               runs=runs(mon="easy", tue="easy"), unavailable_days=["mon", "tue", "wed",
                                                                     "thu", "fri"])
    assert nxt.sessions
    assert all(s.intensity is L for s in nxt.sessions)


def test_never_after_long_run_same_day():
    p = plan(phase="off_season", sessions_per_week=3,
             runs=runs(mon="long", wed="long", fri="long"))
    assert all(run_on(p, s.day) not in (RunKind.LONG, RunKind.RACE) for s in p.sessions)
    assert all(Rule.NOT_ON_LONG_RUN_DAY in s.rules for s in p.sessions)


def test_one_full_day_between_sessions():
    p = plan(phase="off_season", sessions_per_week=3, runs=runs(sat="long"))
    idx = sorted(DAYS.index(s.day) for s in p.sessions)
    assert len(idx) == 3
    gaps = [b - a for a, b in zip(idx, idx[1:], strict=False)] + [idx[0] + 7 - idx[-1]]
    assert min(gaps) >= 2
    squeezed = plan(phase="off_season", sessions_per_week=3,
                    unavailable_days=["mon", "tue", "thu", "fri"])
    assert len(squeezed.sessions) < 3
    assert Rule.DAY_BETWEEN_SESSIONS in p.sessions[0].rules


def test_run_first_then_strength():
    p = plan(runs=runs(mon="easy", tue="easy", wed="easy", thu="quality", fri="easy",
                       sat="long", sun="easy"))
    for s in p.sessions:
        assert s.timing is Timing.AFTER_RUN
        assert Rule.RUN_FIRST in s.rules
        assert any("run first" in line for line in s.rationale)
    rest = plan(runs=runs(sat="long")).sessions
    assert all(s.timing is Timing.STANDALONE for s in rest)


def test_strategy_hard_days_hard():
    p = plan(phase="build", strategy="hard_days_hard",
             runs=runs(tue="quality", thu="easy", sat="long"))
    tue = next((s for s in p.sessions if s.day is Day.TUE), None)
    assert tue is not None
    assert tue.intensity >= M
    assert Rule.HARD_DAYS_HARD in tue.rules
    assert any("Hard days hard" in line for line in tue.rationale)


def test_strategy_separate():
    p = plan(phase="build", strategy="separate", runs=runs(tue="quality", thu="easy", sat="long"))
    assert all(run_on(p, s.day) in (None, RunKind.EASY) for s in p.sessions)
    assert any(Rule.SEPARATE in s.rules for s in p.sessions)


def test_beginners_prefer_non_running_days():
    p = plan(experience="beginner", runs=runs(mon="easy", wed="easy", fri="easy", sun="long"))
    assert all(run_on(p, s.day) is None for s in p.sessions)
    assert all(Rule.BEGINNERS_OFF_DAYS in s.rules for s in p.sessions)


def test_short_core_block_after_any_run():
    p = plan()
    block = p.after_run_core_block
    assert 2 <= len(block) <= 4
    assert all(not ex(rx).equipment for rx in block)
    assert any(ex(rx).category is Category.CORE for rx in block)
    seconds = sum(rx.sets * rx.rest_seconds for rx in block)
    assert seconds < 5 * 60
    assert Rule.CORE_BLOCK_AFTER_RUN in codes(p)
    assert plan(phase="taper").after_run_core_block == ()


def test_drop_or_lighten_with_warning():
    # Thursday, Saturday and Sunday are the only free days: three sessions cannot be spaced.
    p = plan(phase="off_season", sessions_per_week=3, unavailable_days=["tue"],
             runs=runs(mon="long", wed="long", fri="long"))
    assert len(p.sessions) < 3
    warning = next(w for w in p.warnings if w.code == "sessions_reduced")
    assert "full day between" in warning.message
    # A heavy session that only fits before a key run becomes light, and says so.
    lit = plan(phase="build", runs=runs(mon="quality", tue="long", wed="quality", thu="long",
                                        fri="quality", sat="long", sun="quality"))
    assert "session_made_light" in {w.code for w in lit.warnings}
    assert any(Rule.DROP_OR_LIGHTEN in s.rules for s in lit.sessions)


def test_unavailable_days_respected():
    p = plan(unavailable_days=["mon", "wed", "fri", "sun"], runs=runs(sat="long"))
    assert not {s.day for s in p.sessions} & {Day.MON, Day.WED, Day.FRI, Day.SUN}
    assert all(Rule.UNAVAILABLE_DAYS in s.rules for s in p.sessions)


# ---------------------------------------------------------------- §5 periodisation


@pytest.mark.parametrize(("weeks", "phase"), [
    (0, Phase.TAPER), (1, Phase.TAPER), (3, Phase.RACE_SPECIFIC), (7, Phase.RACE_SPECIFIC),
    (9, Phase.BUILD), (14, Phase.BASE), (20, Phase.OFF_SEASON),
])
def test_phase_from_race_date(weeks, phase):
    p = plan(phase=None, week_start=MONDAY, race_date=MONDAY + timedelta(weeks=weeks, days=6),
             runs=runs(tue="easy", thu="quality", sat="long") if weeks else runs(sun="race"))
    assert p.phase is phase
    assert Rule.PHASE_FROM_RACE in codes(p)


def test_phase_that_contradicts_the_race_date_is_refused():
    with pytest.raises(ProfileError) as err:
        generate_week(profile(phase="off_season", week_start=MONDAY,
                              race_date=MONDAY + timedelta(days=10)))
    assert err.value.field == "phase"
    assert "taper" in err.value.message


def test_phase_sets_session_mix():
    build = plan(phase="build", runs=runs(tue="easy", sat="long"))
    assert sorted(s.intensity for s in build.sessions) == [L, H]
    light = next(s for s in build.sessions if s.intensity is L)
    assert light.focus is Focus.SINGLE_LEG_AND_CORE
    base = plan(phase="base", runs=runs(tue="easy", sat="long"))
    assert {s.intensity for s in base.sessions} == {M}
    assert all(s.focus is Focus.FULL_BODY_STRENGTH for s in base.sessions)
    assert all(Rule.PHASE_TEMPLATE in s.rules for s in build.sessions)


def test_race_specific_cuts_sets_to_two():
    p = plan(phase="race_specific", session_minutes=90, runs=runs(tue="easy", sat="long"))
    assert p.sessions
    for s in p.sessions:
        assert max(rx.sets for rx in s.exercises) <= 2
        assert Rule.MAINTENANCE_SETS in s.rules
    full = plan(phase="base", session_minutes=90, runs=runs(tue="easy", sat="long"))
    assert max(rx.sets for s in full.sessions for rx in s.exercises) == 3


def test_recovery_week_after_the_race_is_gentle():
    from tests.engine.test_rules_programme import test_recovery_week_after_the_race

    test_recovery_week_after_the_race()


def test_taper_one_light_bodyweight_session_early():
    p = plan(phase="taper", sessions_per_week=3, session_minutes=60)
    assert len(p.sessions) == 1
    s = p.sessions[0]
    assert s.intensity is L
    assert s.day in (Day.MON, Day.TUE, Day.WED)
    assert all(not ex(rx).equipment for rx in all_items(s))
    assert s.estimated_minutes <= DEFAULT_RULES.taper_max_minutes
    assert s.focus is Focus.ACTIVATION_AND_MOBILITY
    assert Rule.TAPER in s.rules


def test_race_week_rest_before_race():
    sunday_race = plan(phase=None, week_start=MONDAY, race_date=MONDAY + timedelta(days=6),
                       runs=runs(tue="easy", sun="race"))
    s = sunday_race.sessions[0]
    assert DAYS.index(s.day) <= DAYS.index(Day.THU) - 1
    assert Rule.RACE_WEEK in s.rules
    wednesday_race = plan(phase=None, week_start=MONDAY, race_date=MONDAY + timedelta(days=2),
                          runs=())
    assert wednesday_race.sessions == ()
    assert "sessions_reduced" in {w.code for w in wednesday_race.warnings}


# ---------------------------------------------------------------- §6 progression


def test_beginners_start_with_bodyweight():
    p = plan(experience="beginner", equipment=["dumbbells", "kettlebell"])
    assert Rule.BEGINNERS_BODYWEIGHT_FIRST in codes(p)
    loaded = [rx for s in p.sessions for rx in s.exercises if rx.load.kind is LoadKind.EXTERNAL]
    assert loaded
    assert all("first 2-3 weeks" in rx.load.advice for rx in loaded)


def test_progress_one_variable_at_a_time():
    p = plan()
    assert Rule.ONE_VARIABLE in codes(p)
    loaded = [rx for s in p.sessions for rx in s.exercises if rx.load.kind is LoadKind.EXTERNAL
              and rx.target.unit is Measure.REPS]
    assert loaded
    assert all("change one thing" in rx.load.advice for rx in loaded)


def test_no_load_progress_by_harder_variation():
    p = plan(equipment=[])
    lifts = [rx for s in p.sessions for rx in s.exercises if rx.harder_variation]
    assert lifts
    for rx in lifts:
        harder = CAT.by_slug[rx.harder_variation]
        assert not harder.equipment
        assert harder.name in rx.load.advice
    assert all(Rule.NO_LOAD_PROGRESSION in s.rules for s in p.sessions)
    assert any(rx.tempo in ("3-0-1-0", DEFAULT_RULES.reachable_tempo)
               for s in p.sessions for rx in s.exercises)


# ---------------------------------------------------------------- §7 injuries


@pytest.mark.parametrize("area", list(InjuryArea))
def test_injury_history_emphasis(area):
    p = plan(injuries=[(area.value, "history")], equipment=["dumbbells", "mini_band",
                                                             "box_or_step", "resistance_band"])
    emphasis = DEFAULT_RULES.emphasis[area]
    for s in p.sessions:
        if s.focus is Focus.CORE_AND_UPPER_BODY and area is not InjuryArea.LOWER_BACK:
            continue
        assert {rx.slug for rx in s.exercises} & set(emphasis.slugs), s.day
        assert Rule.INJURY_EMPHASIS in s.rules
    assert p.notes == ("This is training guidance, not medical advice.",)


def test_current_pain_no_impact_lower_loads():
    healthy = plan(phase="build", goals=["speed_power"], session_minutes=60)
    hurt = plan(phase="build", goals=["speed_power"], session_minutes=60,
                injuries=[("hamstring", "current")])
    assert all(ex(rx).impact is not Impact.HIGH for s in hurt.sessions for rx in all_items(s))
    assert all(s.intensity is not H for s in hurt.sessions)
    rir = lambda p: [rx.load.reps_in_reserve for s in p.sessions for rx in s.exercises  # noqa: E731
                     if rx.load.reps_in_reserve is not None]
    assert min(rir(hurt)) > min(rir(healthy))
    assert any("physiotherapist" in n for n in hurt.notes)
    assert all(Rule.CURRENT_PAIN in s.rules for s in hurt.sessions)


@pytest.mark.parametrize("area", list(InjuryArea))
def test_current_pain_excludes_stressing_exercises(area):
    p = plan(injuries=[(area.value, "current")],
             equipment=[e.value for e in Equipment], session_minutes=60)
    for s in p.sessions:
        for rx in all_items(s):
            if rx.slug in DEFAULT_RULES.pain_free_range.get(area, ()):
                # DOMAIN §7: knee work stays, but only in a range that stays pain-free.
                assert "pain-free" in rx.load.advice, rx.load.advice
                continue
            assert area not in ex(rx).stress, (area, rx.slug)
        assert Rule.CURRENT_PAIN_EXCLUSIONS in s.rules
    for rx in p.after_run_core_block:
        assert area not in ex(rx).stress


# ---------------------------------------------------------------- §8 equipment


@pytest.mark.parametrize("owned", [[], ["mini_band"], ["dumbbells", "bench"],
                                   ["kettlebell"], ["cable_machine", "pull_up_bar"]])
def test_equipment_respected(owned):
    p = plan(equipment=owned)
    for s in p.sessions:
        for rx in all_items(s):
            assert ex(rx).equipment <= frozenset(Equipment(e) for e in owned), rx.slug
        assert Rule.EQUIPMENT in s.rules


# ---------------------------------------------------------------- profile checks


@pytest.mark.parametrize(("changes", "field"), [
    ({"runs": runs(tue="easy") + runs(tue="long")}, "runs.1.day"),
    ({"week_start": MONDAY + timedelta(days=1)}, "week_start"),
    ({"week_start": MONDAY, "race_date": MONDAY - timedelta(days=1)}, "race_date"),
    ({"phase": None}, "phase"),
    ({"phase": None, "week_start": MONDAY, "race_date": MONDAY + timedelta(days=5),
      "runs": runs(sat="long")}, "runs.0.kind"),
    ({"session_minutes": 10}, "session_minutes"),
    ({"sessions_per_week": 5}, "sessions_per_week"),
])
def test_contradictory_profile_is_refused_naming_the_field(changes, field):
    with pytest.raises(ProfileError) as err:
        generate_week(profile(**changes))
    assert err.value.field == field


def test_same_input_gives_equal_plans():
    a = plan(injuries=[("knee", "history")], goals=["economy"])
    b = plan(injuries=[("knee", "history")], goals=["economy"])
    assert a == b


def test_rules_are_data_a_test_can_swap_one():
    strict = dataclasses.replace(DEFAULT_RULES, rest_lower_body_lift=120)
    p = generate_week(profile(session_minutes=90), rules=strict)
    assert any(rx.rest_seconds == 120 for s in p.sessions for rx in s.exercises)


def test_every_rule_has_a_named_test():
    from tests.engine import test_rules_content, test_rules_programme, test_rules_sessions

    modules = (sys.modules[__name__], test_rules_content, test_rules_programme,
               test_rules_sessions)
    names = {name for module in modules
             for name, _ in inspect.getmembers(module, inspect.isfunction)}
    codes_ = [v for k, v in vars(Rule).items() if not k.startswith("_")]
    missing = [c for c in codes_ if f"test_{c}" not in names]
    assert not missing, f"rules without a test named after them: {missing}"
