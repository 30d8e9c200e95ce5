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
    Experience,
    InjuryArea,
    Intensity,
    Pattern,
    Phase,
)

ENGINE_VERSION = "1.0.0"

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


@dataclass(frozen=True, slots=True)
class DoseRow:
    """Sets, rep range and effort for the main lifts of a session."""

    sets: int
    reps: tuple[int, int]
    reps_in_reserve: int
    rpe: int
    percent_1rm: int | None


@dataclass(frozen=True, slots=True)
class Emphasis:
    """What a history of injury in an area adds to every full session (DOMAIN §7)."""

    label: str
    slugs: tuple[str, ...]
    reason: str


def _ro(d: dict[K, V]) -> Mapping[K, V]:
    return MappingProxyType(d)


@dataclass(frozen=True, slots=True)
class Rules:
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
            }
        )
    )
    sessions_max: Mapping[Phase, int] = field(
        default_factory=lambda: _ro(
            {Phase.OFF_SEASON: 3, Phase.BASE: 3, Phase.BUILD: 2, Phase.RACE_SPECIFIC: 2,
             Phase.TAPER: 1}
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
                Phase.RACE_SPECIFIC: (M, L),
                Phase.TAPER: (L,),
            }
        )
    )
    # §3: dose of the main lifts by intensity and experience.
    dose: Mapping[tuple[Intensity, Experience], DoseRow] = field(
        default_factory=lambda: _ro(
            {
                (H, INT): DoseRow(3, (6, 8), 2, 8, 80),
                (H, ADV): DoseRow(3, (6, 8), 2, 8, 80),
                (M, BEG): DoseRow(2, (12, 15), 3, 7, None),
                (M, INT): DoseRow(3, (8, 12), 3, 7, 70),
                (M, ADV): DoseRow(3, (8, 10), 2, 8, 75),
                (L, BEG): DoseRow(2, (12, 15), 4, 6, None),
                (L, INT): DoseRow(2, (12, 15), 4, 6, None),
                (L, ADV): DoseRow(2, (12, 15), 4, 6, None),
            }
        )
    )
    taper_dose: DoseRow = DoseRow(1, (8, 10), 5, 5, None)
    maintenance_max_sets: int = 2
    heavy_main_lift_extra_sets: int = 1
    pain_extra_reps_in_reserve: int = 1
    pain_percent_1rm_drop: int = 10
    # §3: rest in seconds.
    rest_lower_body_lift: int = 90
    rest_small_muscle: int = 60
    rest_core_upper: int = 60
    rest_circuit: int = 45
    rest_plyometric: int = 120
    rest_warmup: int = 10
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
    # §4: light-only on the eve of these; no heavy within this many days before a race.
    heavy_days_clear_before_race: int = 2
    # §5: taper session only on these day indices (0 = Monday) and this many days clear of a race.
    taper_last_day_index: int = 2
    taper_days_clear_before_race: int = 3
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
    emphasis: Mapping[InjuryArea, Emphasis] = field(
        default_factory=lambda: _ro(
            {
                InjuryArea.KNEE: Emphasis(
                    "glutes and hip abductors",
                    ("single-leg-glute-bridge", "lateral-band-walk", "step-up", "lateral-step-up",
                     "banded-clamshell", "clamshell", "side-lying-hip-abduction",
                     "eccentric-step-down"),
                    "strong glutes and hip abductors keep the knee tracking over the foot",
                ),
                InjuryArea.IT_BAND: Emphasis(
                    "glutes and hip abductors",
                    ("lateral-band-walk", "single-leg-glute-bridge", "banded-clamshell",
                     "clamshell", "side-lying-hip-abduction", "lateral-step-up", "step-up"),
                    "hip abductor strength controls the hip drop that loads the IT band",
                ),
                InjuryArea.ACHILLES: Emphasis(
                    "slow single-leg and bent-knee calf raises",
                    ("single-leg-eccentric-calf-raise", "weighted-single-leg-calf-raise",
                     "single-leg-bent-knee-calf-raise", "seated-soleus-raise",
                     "bent-knee-calf-raise", "single-leg-calf-raise"),
                    "heavy, slow calf raises build a tendon that tolerates running load",
                ),
                InjuryArea.CALF: Emphasis(
                    "slow single-leg and bent-knee calf raises",
                    ("single-leg-eccentric-calf-raise", "single-leg-bent-knee-calf-raise",
                     "seated-soleus-raise", "bent-knee-calf-raise", "single-leg-calf-raise",
                     "weighted-single-leg-calf-raise"),
                    "calf and soleus strength, with slow lowering, protects against strains",
                ),
                InjuryArea.HAMSTRING: Emphasis(
                    "eccentric hamstring work",
                    ("nordic-curl", "band-assisted-nordic-curl", "suspension-hamstring-curl",
                     "dumbbell-single-leg-romanian-deadlift", "single-leg-romanian-deadlift",
                     "dumbbell-romanian-deadlift", "hamstring-bridge"),
                    "hamstrings that are strong while lengthening resist strains at speed",
                ),
                InjuryArea.SHIN: Emphasis(
                    "calf, soleus and ankle work",
                    ("tibialis-raise", "bent-knee-calf-raise", "seated-soleus-raise",
                     "banded-ankle-dorsiflexion", "single-leg-calf-raise"),
                    "stronger calves, soleus and shin muscles absorb more of each landing",
                ),
                InjuryArea.PLANTAR_FASCIA: Emphasis(
                    "calf, soleus and foot work",
                    ("single-leg-eccentric-calf-raise", "bent-knee-calf-raise", "short-foot",
                     "seated-soleus-raise", "single-leg-calf-raise"),
                    "strong calves and foot muscles share the load the plantar fascia carries",
                ),
                InjuryArea.LOWER_BACK: Emphasis(
                    "trunk stability",
                    ("bird-dog", "dead-bug", "side-plank", "pallof-press", "kneeling-side-plank",
                     "cable-pallof-press"),
                    "a stable trunk and a well-learnt hip hinge at light load protect the back",
                ),
                InjuryArea.HIP: Emphasis(
                    "hip stability",
                    ("single-leg-glute-bridge", "lateral-band-walk", "side-lying-hip-abduction",
                     "banded-clamshell", "clamshell", "copenhagen-plank-short-lever"),
                    "glute and hip stability keep the pelvis level on every landing",
                ),
            }
        )
    )


DEFAULT_RULES = Rules()

# Patterns whose main lifts take the long rest (DOMAIN §3: ~90 s after lower-body lifts).
BIG_LOWER_PATTERNS: frozenset[Pattern] = frozenset(
    {Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP, Pattern.HINGE, Pattern.BRIDGE,
     Pattern.KNEE_FLEXION}
)
