"""The engine's vocabulary: enums and frozen value types. Nothing here does I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class Day(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def num(self) -> int:
        """0 for Monday .. 6 for Sunday."""
        return _DAY_NUM[self]

    @property
    def label(self) -> str:
        return DAY_LABELS[self]


DAY_ORDER: tuple[Day, ...] = tuple(Day)
_DAY_NUM: dict[Day, int] = {d: i for i, d in enumerate(DAY_ORDER)}
DAY_LABELS: dict[Day, str] = {
    Day.MON: "Monday",
    Day.TUE: "Tuesday",
    Day.WED: "Wednesday",
    Day.THU: "Thursday",
    Day.FRI: "Friday",
    Day.SAT: "Saturday",
    Day.SUN: "Sunday",
}


class RunKind(StrEnum):
    EASY = "easy"
    QUALITY = "quality"
    LONG = "long"
    RACE = "race"


# Runs whose eve may hold only a light session (DOMAIN §4).
KEY_RUNS: frozenset[RunKind] = frozenset({RunKind.QUALITY, RunKind.LONG, RunKind.RACE})


class Experience(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.ADVANCED: 2}


class Phase(StrEnum):
    OFF_SEASON = "off_season"
    BASE = "base"
    BUILD = "build"
    RACE_SPECIFIC = "race_specific"
    TAPER = "taper"
    RECOVERY = "recovery"  # the week after a race: mobility and light activation only


# Phases of very light work only: bodyweight activation and mobility, nothing that makes sore.
GENTLE_PHASES: frozenset[Phase] = frozenset({Phase.TAPER, Phase.RECOVERY})


class Units(StrEnum):
    KG = "kg"
    LB = "lb"


class Strategy(StrEnum):
    HARD_DAYS_HARD = "hard_days_hard"
    SEPARATE = "separate"


class InjuryArea(StrEnum):
    KNEE = "knee"
    IT_BAND = "it_band"
    ACHILLES = "achilles"
    CALF = "calf"
    HAMSTRING = "hamstring"
    SHIN = "shin"
    PLANTAR_FASCIA = "plantar_fascia"
    HIP = "hip"
    LOWER_BACK = "lower_back"


class InjuryStatus(StrEnum):
    HISTORY = "history"
    CURRENT = "current"


class Goal(StrEnum):
    ECONOMY = "economy"
    INJURY_RESILIENCE = "injury_resilience"
    SPEED_POWER = "speed_power"
    WEIGHT_LOSS = "weight_loss"


class Equipment(StrEnum):
    MAT = "mat"
    MINI_BAND = "mini_band"
    RESISTANCE_BAND = "resistance_band"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"
    CABLE_MACHINE = "cable_machine"
    BENCH = "bench"
    BOX_OR_STEP = "box_or_step"
    PULL_UP_BAR = "pull_up_bar"
    SUSPENSION_TRAINER = "suspension_trainer"


# Equipment that adds external load (DOMAIN §8); bands are their own load kind.
LOADING_EQUIPMENT: frozenset[Equipment] = frozenset(
    {Equipment.DUMBBELLS, Equipment.KETTLEBELL, Equipment.BARBELL, Equipment.CABLE_MACHINE}
)
BAND_EQUIPMENT: frozenset[Equipment] = frozenset({Equipment.MINI_BAND, Equipment.RESISTANCE_BAND})


class Category(StrEnum):
    GLUTES_HIPS = "glutes_hips"
    POSTERIOR_CHAIN = "posterior_chain"
    QUADS = "quads"
    CALVES_ANKLES = "calves_ankles"
    CORE = "core"
    UPPER_BODY = "upper_body"
    PLYOMETRICS = "plyometrics"
    ACTIVATION = "activation"
    MOBILITY = "mobility"


LOWER_BODY: frozenset[Category] = frozenset(
    {Category.GLUTES_HIPS, Category.POSTERIOR_CHAIN, Category.QUADS, Category.CALVES_ANKLES}
)


class Pattern(StrEnum):
    SQUAT = "squat"
    LUNGE = "lunge"
    STEP = "step"
    HINGE = "hinge"
    BRIDGE = "bridge"
    KNEE_FLEXION = "knee_flexion"
    HIP_ABDUCTION = "hip_abduction"
    HIP_ADDUCTION = "hip_adduction"
    CALF_RAISE = "calf_raise"
    ANKLE = "ankle"
    ANTI_EXTENSION = "anti_extension"
    ANTI_ROTATION = "anti_rotation"
    ANTI_LATERAL_FLEXION = "anti_lateral_flexion"
    CARRY = "carry"
    HORIZONTAL_PUSH = "horizontal_push"
    VERTICAL_PUSH = "vertical_push"
    HORIZONTAL_PULL = "horizontal_pull"
    VERTICAL_PULL = "vertical_pull"
    JUMP = "jump"
    HOP = "hop"
    BOUND = "bound"
    SKIP = "skip"
    BALANCE = "balance"
    DYNAMIC_WARMUP = "dynamic_warmup"
    STRETCH = "stretch"


KNEE_DOMINANT: frozenset[Pattern] = frozenset({Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP})
HIP_DOMINANT: frozenset[Pattern] = frozenset({Pattern.HINGE, Pattern.BRIDGE, Pattern.KNEE_FLEXION})


class Muscle(StrEnum):
    GLUTES = "glutes"
    GLUTE_MED = "glute_med"
    HAMSTRINGS = "hamstrings"
    QUADS = "quads"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip_flexors"
    CALVES = "calves"
    SOLEUS = "soleus"
    TIBIALIS_ANTERIOR = "tibialis_anterior"
    FOOT = "foot"
    CORE = "core"
    OBLIQUES = "obliques"
    LOWER_BACK = "lower_back"
    LATS = "lats"
    UPPER_BACK = "upper_back"
    CHEST = "chest"
    SHOULDERS = "shoulders"
    TRICEPS = "triceps"
    BICEPS = "biceps"


class Measure(StrEnum):
    REPS = "reps"
    SECONDS = "seconds"
    METERS = "meters"


class Impact(StrEnum):
    NONE = "none"
    LOW = "low"
    HIGH = "high"


class Intensity(IntEnum):
    """Ordered so that min() gives the lighter of two intensities."""

    LIGHT = 1
    MODERATE = 2
    HEAVY = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Focus(StrEnum):
    LOWER_BODY_STRENGTH = "lower_body_strength"
    FULL_BODY_STRENGTH = "full_body_strength"
    SINGLE_LEG_AND_CORE = "single_leg_and_core"
    CORE_AND_UPPER_BODY = "core_and_upper_body"
    ACTIVATION_AND_MOBILITY = "activation_and_mobility"


class Timing(StrEnum):
    STANDALONE = "standalone"
    AFTER_RUN = "after_run"


class LoadKind(StrEnum):
    BODYWEIGHT = "bodyweight"
    BAND = "band"
    EXTERNAL = "external"


# ---------------------------------------------------------------- catalogue


@dataclass(frozen=True, slots=True, eq=False)
class Exercise:
    """One catalogue record. Compared and hashed by identity: the catalogue holds one of each."""

    slug: str
    name: str
    categories: tuple[Category, ...]
    pattern: Pattern
    primary_muscles: tuple[Muscle, ...]
    secondary_muscles: tuple[Muscle, ...]
    equipment: frozenset[Equipment]
    level: Level
    unilateral: bool
    measure: Measure
    impact: Impact
    stress: frozenset[InjuryArea]
    tempo: str | None
    instructions: tuple[str, ...]
    cues: tuple[str, ...]
    easier: tuple[str, ...]
    harder: tuple[str, ...]
    load_kind: LoadKind

    @property
    def category(self) -> Category:
        return self.categories[0]


def load_kind_of(equipment: frozenset[Equipment]) -> LoadKind:
    """External load beats band, band beats bodyweight."""
    if equipment & LOADING_EQUIPMENT:
        return LoadKind.EXTERNAL
    if equipment & BAND_EQUIPMENT:
        return LoadKind.BAND
    return LoadKind.BODYWEIGHT


# ---------------------------------------------------------------- profile


@dataclass(frozen=True, slots=True)
class Run:
    day: Day
    kind: RunKind
    minutes: int | None = None  # optional, for the week's training load (DOMAIN §10)
    rpe: int | None = None  # CR-10 session RPE of the run


@dataclass(frozen=True, slots=True)
class Injury:
    area: InjuryArea
    status: InjuryStatus


@dataclass(frozen=True, slots=True)
class RunnerProfile:
    experience: Experience
    runs: tuple[Run, ...] = ()
    phase: Phase | None = None
    race_date: date | None = None
    week_start: date | None = None
    equipment: frozenset[Equipment] = frozenset()
    session_minutes: int = 30
    sessions_per_week: int | None = None
    injuries: tuple[Injury, ...] = ()
    goals: tuple[Goal, ...] = ()
    strategy: Strategy = Strategy.HARD_DAYS_HARD
    unavailable_days: frozenset[Day] = frozenset()
    units: Units = Units.KG
    # The loads the runner can set, per equipment kind: one step size, or the list they own
    # (in `units`). Missing kinds use the rules' defaults.
    load_increments: tuple[tuple[Equipment, tuple[float, ...]], ...] = ()
    strength_history_weeks: int | None = None  # weeks of regular strength training so far


# ---------------------------------------------------------------- plan


@dataclass(frozen=True, slots=True)
class Target:
    unit: Measure
    min: int
    max: int
    per_side: bool


@dataclass(frozen=True, slots=True)
class SuggestedLoad:
    """A concrete load from a logged set: the estimated one-rep max and the log it came from."""

    value: float
    unit: Units
    e1rm: float
    source: str  # which log, in words: "your Tuesday session in week 3: 3 x 10 at 16 kg ..."
    week: int = 0  # the programme week of that log (1 for a saved week plan)
    session_id: str = ""
    day: Day | None = None
    on: date | None = None  # the date of that session, when the plan is dated
    log_id: str = ""  # the stored log's id, when it came through the API


@dataclass(frozen=True, slots=True)
class Load:
    kind: LoadKind
    reps_in_reserve: int | None
    rpe: int | None
    percent_1rm: int | None
    advice: str
    suggested: SuggestedLoad | None = None


@dataclass(frozen=True, slots=True)
class Prescription:
    slug: str
    name: str
    category: Category
    sets: int
    target: Target
    rest_seconds: int
    tempo: str | None
    load: Load
    purpose: str = ""
    harder_variation: str | None = None


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    day: Day
    intensity: Intensity
    focus: Focus
    timing: Timing
    estimated_minutes: int
    warmup: tuple[Prescription, ...]
    exercises: tuple[Prescription, ...]
    cooldown: tuple[Prescription, ...]
    rationale: tuple[str, ...]
    rules: tuple[str, ...]
    date: date | None = None


@dataclass(frozen=True, slots=True)
class DayEntry:
    day: Day
    runs: tuple[RunKind, ...]
    session_id: str | None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class PlanWarning:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class WeekPlan:
    engine_version: str
    phase: Phase
    week: tuple[DayEntry, ...]
    sessions: tuple[Session, ...]
    warnings: tuple[PlanWarning, ...]
    rationale: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    after_run_core_block: tuple[Prescription, ...] = field(default=())
    rules: tuple[str, ...] = ()  # plan-level rule codes (session-level ones are on sessions)
