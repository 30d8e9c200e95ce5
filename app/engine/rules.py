"""Coaching rules as data (DOMAIN.md §3-§8).

The planner reads these tables; it holds no numbers of its own. A test can pass a modified
`Rules` to `generate_week(..., rules=...)` to pin one rule at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from app.engine.types import (
    Equipment,
    Experience,
    InjuryArea,
    Intensity,
    Pattern,
    Phase,
)

ENGINE_VERSION = "2.0.0"

K = TypeVar("K")
V = TypeVar("V")

H, M, L = Intensity.HEAVY, Intensity.MODERATE, Intensity.LIGHT
BEG, INT, ADV = Experience.BEGINNER, Experience.INTERMEDIATE, Experience.ADVANCED


class Rule:
    """Stable rule codes. Each appears in `Session.rules` / `WeekPlan` rationale when it applied,
    and each has a test named after it."""

    SESSIONS_BY_PHASE = "sessions_by_phase_and_experience"
    HIGH_MILEAGE_TWO_SHORTER = "high_mileage_keeps_two_shorter_sessions"
    SESSION_FITS_BUDGET = "session_fits_time_budget"
    DOSE_BY_INTENSITY = "dose_by_intensity_and_experience"
    HEAVY_NEEDS_EXPERIENCE = "heavy_only_for_experienced"
    NEVER_TO_FAILURE = "reps_in_reserve_never_to_failure"
    REST_BY_TYPE = "rest_by_exercise_type"
    PLYOMETRICS_GATED = "plyometrics_only_when_allowed"
    PLYOMETRICS_FIRST_LOW_VOLUME = "plyometrics_low_volume_after_warmup"
    WARMUP_AND_COOLDOWN = "warmup_and_cooldown_every_session"
    MINIMUM_EFFECTIVE_SESSION = "minimum_effective_session"
    UNILATERAL_WORK = "unilateral_work_every_session"
    LIGHT_BEFORE_KEY_RUN = "light_only_day_before_key_run"
    NO_HEAVY_BEFORE_RACE = "no_heavy_within_48h_of_race"
    NOT_ON_LONG_RUN_DAY = "never_after_long_run_same_day"
    DAY_BETWEEN_SESSIONS = "one_full_day_between_sessions"
    RUN_FIRST = "run_first_then_strength"
    HARD_DAYS_HARD = "strategy_hard_days_hard"
    SEPARATE = "strategy_separate"
    BEGINNERS_OFF_DAYS = "beginners_prefer_non_running_days"
    CORE_BLOCK_AFTER_RUN = "short_core_block_after_any_run"
    DROP_OR_LIGHTEN = "drop_or_lighten_with_warning"
    UNAVAILABLE_DAYS = "unavailable_days_respected"
    PHASE_FROM_RACE = "phase_from_race_date"
    PHASE_TEMPLATE = "phase_sets_session_mix"
    MAINTENANCE_SETS = "race_specific_cuts_sets_to_two"
    TAPER = "taper_one_light_bodyweight_session_early"
    RACE_WEEK = "race_week_rest_before_race"
    BEGINNERS_BODYWEIGHT_FIRST = "beginners_start_with_bodyweight"
    ONE_VARIABLE = "progress_one_variable_at_a_time"
    NO_LOAD_PROGRESSION = "no_load_progress_by_harder_variation"
    INJURY_EMPHASIS = "injury_history_emphasis"
    CURRENT_PAIN = "current_pain_no_impact_lower_loads"
    CURRENT_PAIN_EXCLUSIONS = "current_pain_excludes_stressing_exercises"
    EQUIPMENT = "equipment_respected"
    RECOVERY_WEEK = "recovery_week_after_the_race"
    # DOMAIN §5-§6, programmes (engine 2.0): tested in tests/engine/test_rules_programme.py
    PROGRESSION_CONTINUES = "progression_continues_across_phases"
    FIRST_WEEKS_EASIEST = "first_weeks_are_the_easiest"
    LOAD_STEP_EVERY_THIRD = "load_step_every_third_loading_week"
    DELOAD_EVERY_FOURTH = "deload_about_every_fourth_week"
    FEEDBACK_OUTRANKS_CALENDAR = "feedback_outranks_the_calendar"
    PAIN_SWAPS_EXERCISE = "pain_on_one_exercise_swaps_it"
    RACE_SPECIFIC_KEEPS_EFFORT = "race_specific_keeps_load_and_effort"
    LOADS_FROM_LOGS = "concrete_loads_from_logged_sets"
    HISTORY_SETS_START = "strength_history_sets_the_start"
    RACE_SPECIFIC_CUTS_SETS = "race_specific_cuts_weekly_sets_by_a_third"
    BASE_BELOW_BUILD = "base_never_bigger_or_harder_than_build"
    STEP_FITS_THE_TIME = "a_tempo_step_without_time_comes_with_fewer_reps"
    TOP_HOLDS = "nothing_harder_holds_at_the_top"
    # DOMAIN §2, §3, §7, §9 (engine 2.0)
    ANTI_MOVEMENT_CORE = "core_is_anti_movement_every_week"
    POSTERIOR_CHAIN_FIRST = "hip_dominant_at_least_knee_dominant_minus_one"
    UPPER_BODY_PULL = "full_body_holds_upper_body_pull_first"
    ONE_MOVEMENT_ONCE = "one_movement_once_per_session"
    VARIETY_IN_WEEK = "variety_within_week_consistency_across_weeks"
    PERCENT_FROM_REPS = "percent_1rm_from_reps_and_reserve"
    PERCENT_WHERE_MEANINGFUL = "percent_1rm_only_on_bilateral_loaded_lifts"
    EFFORT_REACHABLE = "stated_effort_is_reachable"
    HEAVY_SLOW_CALVES = "heavy_slow_calf_raises_are_loaded_and_slow"
    KNEE_PAIN_KEEPS_HIP_WORK = "current_knee_pain_keeps_hip_and_glute_work"
    CALF_PAIN_KEEPS_LOW_LOAD = "current_calf_pain_keeps_low_load_calf_work"
    BACK_HISTORY_LIGHT_HINGES = "lower_back_history_keeps_hinges_light"
    GOALS_SHAPE_CONTENT = "goals_shape_content"
    CHANGEOVERS_COUNTED = "session_time_counts_changeovers"
    TRUE_WORDS = "words_true_of_the_plan"
    # DOMAIN §2, §3 (issue 9: sessions a coach would sign)
    HEAVY_KEEPS_REST = "heavy_session_keeps_strength_rest"
    HARD_DOSES = "hard_exercises_get_doable_doses"
    ONE_FORM_A_WEEK = "one_form_per_movement_each_week"
    PUSH_AND_PULL = "push_and_pull_each_week"


@dataclass(frozen=True, slots=True)
class DoseRow:
    """Sets, rep range and effort for the main lifts of a session. %1RM is never stored: it
    follows from the reps and the reserve (dosing.percent_1rm)."""

    sets: int
    reps: tuple[int, int]
    reps_in_reserve: int

    @property
    def rpe(self) -> int:
        return 10 - self.reps_in_reserve


@dataclass(frozen=True, slots=True)
class HardDose:
    """The dose of an exercise that is near-maximal or eccentric at bodyweight (DOMAIN §3: the
    effort must be reachable, and so must the reps): at most `sets` sets of `amount` (reps, or
    seconds for a hold), with its own advice (a message id) on how to do them, if any."""

    sets: int
    amount: tuple[int, int]
    advice: str | None = None


@dataclass(frozen=True, slots=True)
class Emphasis:
    """What an injury area adds to every full session (DOMAIN §7): a label and a reason (message
    ids), the exercises that do the job (best first), and a second reason for when the chosen
    exercise is loaded (so the words match the prescription)."""

    label: str
    slugs: tuple[str, ...]
    reason: str
    reason_loaded: str = ""
    label_loaded: str = ""
    slow_tempo: str | None = None


def _ro(d: dict[K, V]) -> Mapping[K, V]:
    return MappingProxyType(d)


@dataclass(frozen=True, slots=True, eq=False)
class Rules:
    """Hashed by identity, so a stage can cache results per rule set."""

    # §3/§5: default sessions a week by phase and experience, and the most a phase allows.
    sessions_default: Mapping[tuple[Phase, Experience], int] = field(
        default_factory=lambda: _ro(
            {
                (Phase.OFF_SEASON, BEG): 2, (Phase.OFF_SEASON, INT): 3, (Phase.OFF_SEASON, ADV): 3,
                (Phase.BASE, BEG): 2, (Phase.BASE, INT): 2, (Phase.BASE, ADV): 2,
                (Phase.BUILD, BEG): 2, (Phase.BUILD, INT): 2, (Phase.BUILD, ADV): 2,
                (Phase.RACE_SPECIFIC, BEG): 1, (Phase.RACE_SPECIFIC, INT): 2,
                (Phase.RACE_SPECIFIC, ADV): 2,
                (Phase.TAPER, BEG): 1, (Phase.TAPER, INT): 1, (Phase.TAPER, ADV): 1,
                (Phase.RECOVERY, BEG): 1, (Phase.RECOVERY, INT): 1, (Phase.RECOVERY, ADV): 1,
            }
        )
    )
    sessions_max: Mapping[Phase, int] = field(
        default_factory=lambda: _ro(
            {Phase.OFF_SEASON: 3, Phase.BASE: 3, Phase.BUILD: 2, Phase.RACE_SPECIFIC: 2,
             Phase.TAPER: 1, Phase.RECOVERY: 2}
        )
    )
    # §3: runners on this many run days keep at most 2 sessions, each at most this long.
    high_mileage_run_days: int = 5
    high_mileage_max_sessions: int = 2
    high_mileage_max_minutes: int = 30
    taper_max_minutes: int = 20
    # §5: the intensity each session aims for, in the order sessions are placed.
    phase_template: Mapping[Phase, tuple[Intensity, ...]] = field(
        default_factory=lambda: _ro(
            {
                Phase.OFF_SEASON: (H, M, H),
                Phase.BASE: (M, M, M),
                Phase.BUILD: (H, L),
                # §5: race-specific keeps build's pattern and intensity; sets are cut to two.
                Phase.RACE_SPECIFIC: (H, L),
                Phase.TAPER: (L,),
                Phase.RECOVERY: (L, L),
            }
        )
    )
    # §3: dose of the main lifts by intensity and experience.
    dose: Mapping[tuple[Intensity, Experience], DoseRow] = field(
        default_factory=lambda: _ro(
            {
                (H, INT): DoseRow(3, (6, 8), 2),
                (H, ADV): DoseRow(3, (6, 8), 2),
                (M, BEG): DoseRow(2, (12, 15), 3),
                (M, INT): DoseRow(3, (8, 12), 3),
                (M, ADV): DoseRow(3, (8, 10), 2),
                (L, BEG): DoseRow(2, (12, 15), 4),
                (L, INT): DoseRow(2, (12, 15), 4),
                (L, ADV): DoseRow(2, (12, 15), 4),
            }
        )
    )
    taper_dose: DoseRow = DoseRow(1, (8, 10), 5)
    maintenance_max_sets: int = 2
    heavy_main_lift_extra_sets: int = 1
    pain_extra_reps_in_reserve: int = 1
    # §3: changeover between exercises (setting up, moving equipment), counted in the time.
    changeover_seconds: int = 30
    changeover_equipment_seconds: int = 45
    # §3: %1RM only on bilateral lifts of these patterns with this equipment.
    one_rep_max_patterns: frozenset[Pattern] = frozenset(
        {Pattern.SQUAT, Pattern.HINGE, Pattern.BRIDGE})
    one_rep_max_equipment: frozenset[Equipment] = frozenset(
        {Equipment.BARBELL, Equipment.DUMBBELLS})
    one_rep_max_excluded: frozenset[str] = frozenset({"kettlebell-swing"})
    # §3: a two-legged bodyweight squat, hinge or bridge cannot reach RPE 7-8 in 8-12 reps past
    # beginner level: it gets this slow tempo (lowering-pause-lifting-pause).
    reachable_tempo: str = "4-2-1-0"
    no_load_tempo: str = "3-0-1-0"
    # §7: lower-back history keeps hinges at this effort or below, with no %1RM.
    back_hinge_max_rpe: int = 7
    # §3: rest in seconds.
    rest_lower_body_lift: int = 90
    rest_small_muscle: int = 60
    rest_core_upper: int = 60
    rest_circuit: int = 45
    rest_plyometric: int = 120
    rest_warmup: int = 10
    # §3 heavy work (6-8 reps at ~RPE 8, ~75-80%): about 2 min between sets of a heavy session's
    # leg lifts. The time budget never shortens it: sets and exercises go instead, and a session
    # that cannot hold this many sets of its main lift with it is moderate instead of heavy.
    rest_heavy_lift: int = 120
    heavy_main_lift_min_sets: int = 2
    # §3 near-maximal and eccentric bodyweight work: few, slow, controlled reps (a Nordic curl is
    # 2-3 x 3-5 lowerings, never 3 x 8-12); single-leg hops are counted contacts.
    hard_doses: Mapping[str, HardDose] = field(default_factory=lambda: _ro(_HARD_DOSES))
    # §3: plyometrics.
    plyometric_sets: int = 3
    plyometric_reps_jump: tuple[int, int] = (5, 6)
    plyometric_reps_hop: tuple[int, int] = (10, 12)
    plyometric_meters: tuple[int, int] = (20, 30)
    plyometric_max_sessions: int = 2
    # §3: warm-up ~5 min activation, cool-down 3-5 min mobility.
    warmup_items: int = 4
    warmup_items_min: int = 3
    cooldown_items: int = 3
    cooldown_items_min: int = 2
    # ... and, before a required exercise would go, never below these.
    warmup_items_floor: int = 2
    cooldown_items_floor: int = 1
    # §4: light-only on the eve of these; no heavy within this many days before a race.
    heavy_days_clear_before_race: int = 2
    # §5: taper session only on these day indices (0 = Monday) and this many days clear of a race.
    taper_last_day_index: int = 2
    taper_days_clear_before_race: int = 3
    # §5: the recovery week after a race holds nothing before this day (0 = Monday).
    recovery_first_day_index: int = 2
    # §5: weeks out from the race (0 = race week) -> derived phase, and the phases a runner may
    # state instead without contradicting the race date.
    phase_by_weeks_out: tuple[tuple[int, Phase], ...] = (
        (1, Phase.TAPER),
        (7, Phase.RACE_SPECIFIC),
        (11, Phase.BUILD),
        (17, Phase.BASE),
    )
    phase_beyond: Phase = Phase.OFF_SEASON
    # §7: what a history of injury adds.
    emphasis: Mapping[InjuryArea, Emphasis] = field(default_factory=lambda: _ro(_HISTORY))
    # §7: what current pain keeps or adds: lower loads is not no loads.
    pain_emphasis: Mapping[InjuryArea, Emphasis] = field(default_factory=lambda: _ro(_PAIN))
    # §7: knee work only in a pain-free range: these stay allowed while the area hurts.
    pain_free_range: Mapping[InjuryArea, tuple[str, ...]] = field(default_factory=lambda: _ro({
        InjuryArea.KNEE: ("spanish-squat", "wall-sit", "box-squat"),
    }))
    # §1/§9: the injury_resilience goal adds the areas that absorb each landing.
    resilience: tuple[Emphasis, ...] = (
        Emphasis("purpose.resilience_calf",
                 ("single-leg-bent-knee-calf-raise", "seated-soleus-raise",
                  "bent-knee-calf-raise", "single-leg-calf-raise", "weighted-calf-raise"),
                 "reason.shin"),
        Emphasis("purpose.resilience_hip",
                 ("lateral-band-walk", "monster-walk", "side-lying-hip-abduction",
                  "standing-banded-hip-abduction", "clamshell"),
                 "reason.hip"),
    )


_HARD_DOSES: dict[str, HardDose] = {
    "nordic-curl": HardDose(3, (3, 5), "advice.eccentric"),
    "band-assisted-nordic-curl": HardDose(3, (4, 6), "advice.band_assisted"),
    "single-leg-towel-hamstring-curl": HardDose(3, (5, 8), "advice.eccentric_slow"),
    "pistol-squat": HardDose(3, (3, 5), "advice.near_max"),
    "skater-squat": HardDose(3, (5, 8), "advice.near_max"),
    "assisted-pistol-squat": HardDose(3, (5, 8), "advice.assisted"),
    "pull-up": HardDose(3, (3, 6), "advice.near_max"),
    "band-assisted-pull-up": HardDose(3, (5, 8), "advice.band_assisted"),
    "pike-push-up": HardDose(3, (5, 8), "advice.near_max"),
    "copenhagen-plank": HardDose(3, (15, 25), "advice.near_max_hold"),
    # plyometrics keep their own advice (full rest, stop while landings are crisp)
    "single-leg-pogo-hops": HardDose(3, (6, 8)),
    "drop-jump": HardDose(3, (4, 6)),
}

_GLUTE_ABDUCTORS = ("single-leg-glute-bridge", "lateral-band-walk", "step-up", "lateral-step-up",
                    "banded-clamshell", "clamshell", "side-lying-hip-abduction",
                    "eccentric-step-down")
_CALF_SLOW = ("weighted-single-leg-calf-raise", "weighted-calf-raise",
              "single-leg-eccentric-calf-raise", "single-leg-bent-knee-calf-raise",
              "seated-soleus-raise", "single-leg-calf-raise", "bent-knee-calf-raise")

_HISTORY: dict[InjuryArea, Emphasis] = {
    InjuryArea.KNEE: Emphasis("emphasis.glutes_abductors", _GLUTE_ABDUCTORS, "reason.knee"),
    InjuryArea.IT_BAND: Emphasis(
        "emphasis.glutes_abductors",
        ("lateral-band-walk", "single-leg-glute-bridge", "banded-clamshell", "clamshell",
         "side-lying-hip-abduction", "lateral-step-up", "step-up"),
        "reason.it_band"),
    InjuryArea.ACHILLES: Emphasis(
        "emphasis.calf_slow", _CALF_SLOW, "reason.achilles_bodyweight",
        reason_loaded="reason.achilles_loaded", label_loaded="emphasis.calf_heavy_slow",
        slow_tempo="3-1-3-0"),
    InjuryArea.CALF: Emphasis(
        "emphasis.calf_slow", _CALF_SLOW, "reason.calf",
        label_loaded="emphasis.calf_heavy_slow", slow_tempo="3-1-3-0"),
    InjuryArea.HAMSTRING: Emphasis(
        "emphasis.eccentric_hamstring",
        ("nordic-curl", "band-assisted-nordic-curl", "single-leg-towel-hamstring-curl",
         "towel-hamstring-curl", "suspension-hamstring-curl",
         "dumbbell-single-leg-romanian-deadlift", "single-leg-romanian-deadlift",
         "dumbbell-romanian-deadlift", "hamstring-bridge"),
        "reason.hamstring"),
    InjuryArea.SHIN: Emphasis(
        "emphasis.lower_leg",
        ("tibialis-raise", "bent-knee-calf-raise", "seated-soleus-raise",
         "banded-ankle-dorsiflexion", "single-leg-calf-raise"),
        "reason.shin"),
    InjuryArea.PLANTAR_FASCIA: Emphasis(
        "emphasis.foot",
        ("single-leg-eccentric-calf-raise", "bent-knee-calf-raise", "short-foot",
         "seated-soleus-raise", "single-leg-calf-raise"),
        "reason.plantar_fascia", slow_tempo="3-1-3-0"),
    InjuryArea.LOWER_BACK: Emphasis(
        "emphasis.trunk",
        ("bird-dog", "dead-bug", "side-plank", "pallof-press", "kneeling-side-plank",
         "cable-pallof-press"),
        "reason.lower_back"),
    InjuryArea.HIP: Emphasis(
        "emphasis.hip_stability",
        ("single-leg-glute-bridge", "lateral-band-walk", "side-lying-hip-abduction",
         "banded-clamshell", "clamshell", "copenhagen-plank-short-lever"),
        "reason.hip"),
}

_PAIN: dict[InjuryArea, Emphasis] = {
    InjuryArea.KNEE: Emphasis(
        "emphasis.glutes_abductors",
        ("lateral-band-walk", "side-lying-hip-abduction", "banded-clamshell", "clamshell",
         "single-leg-glute-bridge", "side-plank"),
        "reason.knee_pain"),
    InjuryArea.IT_BAND: Emphasis(
        "emphasis.glutes_abductors",
        ("lateral-band-walk", "side-lying-hip-abduction", "banded-clamshell", "clamshell",
         "single-leg-glute-bridge"),
        "reason.knee_pain"),
    InjuryArea.ACHILLES: Emphasis(
        "emphasis.calf_low_load", ("isometric-calf-raise-hold", "bent-knee-isometric-calf-hold"),
        "reason.calf_pain"),
    InjuryArea.CALF: Emphasis(
        "emphasis.calf_low_load", ("isometric-calf-raise-hold", "bent-knee-isometric-calf-hold"),
        "reason.calf_pain"),
}


DEFAULT_RULES = Rules()

# Patterns whose main lifts take the long rest (DOMAIN §3: ~90 s after lower-body lifts).
BIG_LOWER_PATTERNS: frozenset[Pattern] = frozenset(
    {Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP, Pattern.HINGE, Pattern.BRIDGE,
     Pattern.KNEE_FLEXION}
)
