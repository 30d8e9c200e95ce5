"""The week's context: profile checks, the phase, what the runner may be given (DOMAIN §5, §7-§8).

Everything later stages read about the runner is derived here once: the run on each day, the
areas that hurt now or did before, the exercise pool their equipment and level allow, and
whether plyometrics are allowed this week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from app.engine.catalogue import Catalogue
from app.engine.errors import ProfileError
from app.engine.explain import ENGLISH, Msg, Voice, msg
from app.engine.rules import DEFAULT_RULES, Rules
from app.engine.types import (
    DAY_ORDER,
    Day,
    Equipment,
    Experience,
    Goal,
    Impact,
    InjuryArea,
    InjuryStatus,
    Intensity,
    Level,
    Phase,
    PlanWarning,
    RunKind,
    RunnerProfile,
)

LEVEL_OF = {
    Experience.BEGINNER: Level.BEGINNER,
    Experience.INTERMEDIATE: Level.INTERMEDIATE,
    Experience.ADVANCED: Level.ADVANCED,
}


def validate_profile(profile: RunnerProfile, *, rules: Rules = DEFAULT_RULES) -> None:
    """Cross-field checks the request schema cannot express. Raises ProfileError naming a field."""
    seen: dict[Day, int] = {}
    for i, run in enumerate(profile.runs):
        if run.day in seen:
            raise ProfileError(
                f"runs.{i}.day",
                f"two runs on {run.day.value} (runs[{seen[run.day]}] and runs[{i}]); "
                "list at most one run a day",
            )
        seen[run.day] = i
    if not 15 <= profile.session_minutes <= 120:
        raise ProfileError("session_minutes", "session_minutes must be between 15 and 120")
    if profile.sessions_per_week is not None and not 0 <= profile.sessions_per_week <= 4:
        raise ProfileError("sessions_per_week", "sessions_per_week must be between 0 and 4")
    if profile.week_start is not None and profile.week_start.weekday() != 0:
        raise ProfileError("week_start", "week_start must be a Monday (the plan runs mon..sun)")
    if profile.race_date is not None and profile.week_start is not None:
        _check_race(profile, seen)
    if profile.phase is None and (profile.race_date is None or profile.week_start is None):
        raise ProfileError(
            "phase", "phase is required unless race_date and week_start are both given"
        )


def _check_race(profile: RunnerProfile, seen: dict[Day, int]) -> None:
    assert profile.race_date is not None
    assert profile.week_start is not None
    if profile.race_date < profile.week_start:
        raise ProfileError("race_date", "race_date is before week_start; a plan needs a race "
                           "that is still ahead")
    race_idx = (profile.race_date - profile.week_start).days
    if race_idx < 7:
        race_day = DAY_ORDER[race_idx]
        if race_day in seen and profile.runs[seen[race_day]].kind is not RunKind.RACE:
            raise ProfileError(
                f"runs.{seen[race_day]}.kind",
                f"race_date falls on {race_day.value} of this week, so the run that day "
                "must have kind race",
            )
    if profile.phase is not None:
        weeks = weeks_out(profile.race_date, profile.week_start)
        allowed = allowed_phases(weeks)
        if profile.phase not in allowed:
            names = ", ".join(p.value for p in allowed)
            away = "this week" if weeks == 0 else "1 week away" if weeks == 1 else (
                f"{weeks} weeks away")
            raise ProfileError(
                "phase",
                f"phase {profile.phase.value} contradicts a race {away}; "
                f"allowed: {names} (or omit phase to derive it)",
            )


def weeks_out(race_date: date, week_start: date) -> int:
    """Whole weeks between the start of this week and the race: 0 means the race is this week."""
    return (race_date - week_start).days // 7


def derive_phase(weeks: int, *, rules: Rules = DEFAULT_RULES) -> Phase:
    for last_week, phase in rules.phase_by_weeks_out:
        if weeks <= last_week:
            return phase
    return rules.phase_beyond


def allowed_phases(weeks: int) -> tuple[Phase, ...]:
    """Phases a runner may state without contradicting the race date (DOMAIN §5 ranges)."""
    if weeks == 0:
        return (Phase.TAPER,)
    if weeks == 1:
        return (Phase.TAPER, Phase.RACE_SPECIFIC)
    if weeks <= 5:
        return (Phase.RACE_SPECIFIC, Phase.BUILD)
    if weeks <= 9:
        return (Phase.BASE, Phase.BUILD, Phase.RACE_SPECIFIC)
    return (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD)


@dataclass(frozen=True, slots=True)
class WeekOptions:
    """Limits a programme puts on one week (DOMAIN §5-§6): the first weeks are the easiest, and
    after pain or a very hard week the next is never heavier or bigger than the one before."""

    max_intensity: Intensity = Intensity.HEAVY
    max_sets: int | None = None
    max_sessions: int | None = None
    lean: bool = False  # only the minimum effective session and the pull: no extras
    extra_reserve: int = 0  # reps in reserve on top of the dose table's (an easier effort)
    plyometrics: bool = True  # False: no jumps this week, whatever else allows them


NO_LIMITS = WeekOptions()


@dataclass(slots=True)
class WeekContext:
    """What every stage knows about this runner's week. Only `warnings` and `used` change as
    the week is built (sessions are built in day order)."""

    profile: RunnerProfile
    rules: Rules
    catalogue: Catalogue
    voice: Voice
    phase: Phase
    phase_derived: bool
    runs: tuple[RunKind | None, ...]
    race_idx: int | None
    race_offset: int | None  # days from this Monday to a dated race up to next Tuesday
    current: frozenset[InjuryArea]
    history: tuple[InjuryArea, ...]
    level: Level
    owned: frozenset[Equipment]
    pool: frozenset[str]
    bodyweight_pool: frozenset[str]
    plyo_reason: Msg | None  # None: plyometrics allowed
    high_mileage: bool
    blocked: frozenset[Day] = frozenset()
    options: WeekOptions = NO_LIMITS
    warnings: list[PlanWarning] = field(default_factory=list)
    used: list[str] = field(default_factory=list)  # main exercises of earlier sessions
    said: set[str] = field(default_factory=set)  # emphases already explained this week

    @property
    def plyo_ok(self) -> bool:
        return self.plyo_reason is None

    @property
    def run_days(self) -> int:
        return sum(r is not None for r in self.runs)

    def warn(self, code: str, message_id: str, **params: object) -> None:
        self.warnings.append(PlanWarning(code, self.voice.render(msg(message_id, **params))))


def build_context(profile: RunnerProfile, rules: Rules, catalogue: Catalogue, *,
                  voice: Voice = ENGLISH, blocked: frozenset[Day] = frozenset(),
                  options: WeekOptions = NO_LIMITS) -> WeekContext:
    phase, derived, race_idx, race_offset = _phase_and_race(profile, rules)
    runs: list[RunKind | None] = [None] * 7
    for run in profile.runs:
        runs[run.day.num] = run.kind
    if race_idx is not None:
        runs[race_idx] = RunKind.RACE
    current = frozenset(i.area for i in profile.injuries if i.status is InjuryStatus.CURRENT)
    history = tuple(dict.fromkeys(
        i.area for i in profile.injuries
        if i.status is InjuryStatus.HISTORY and i.area not in current
    ))
    level = LEVEL_OF[profile.experience]
    pool, bodyweight_pool = pools(catalogue, profile.equipment, level, current)
    return WeekContext(
        profile=profile, rules=rules, catalogue=catalogue, voice=voice, phase=phase,
        phase_derived=derived, runs=tuple(runs), race_idx=race_idx, race_offset=race_offset,
        current=current, history=history, level=level, owned=profile.equipment, pool=pool,
        bodyweight_pool=bodyweight_pool,
        plyo_reason=plyometrics_blocked(profile, phase, current, RunKind.RACE in runs),
        high_mileage=sum(r is not None for r in runs) >= rules.high_mileage_run_days,
        blocked=blocked, options=options,
    )


def _phase_and_race(profile: RunnerProfile,
                    rules: Rules) -> tuple[Phase, bool, int | None, int | None]:
    race_idx: int | None = None
    race_offset: int | None = None
    phase = profile.phase
    derived = False
    if profile.race_date is not None and profile.week_start is not None:
        weeks = weeks_out(profile.race_date, profile.week_start)
        offset = (profile.race_date - profile.week_start).days
        if offset <= 6 + rules.heavy_days_clear_before_race:
            race_offset = offset
        if phase is None:
            phase, derived = derive_phase(weeks, rules=rules), True
        if weeks == 0:
            race_idx = offset
    assert phase is not None  # validate_profile guarantees it
    return phase, derived, race_idx, race_offset


def plyometrics_blocked(profile: RunnerProfile, phase: Phase, current: frozenset[InjuryArea],
                        race_week: bool) -> Msg | None:
    """Why plyometrics are off this week (DOMAIN §3), or None when they are allowed."""
    goals = set(profile.goals)
    if profile.experience is Experience.BEGINNER:
        return msg("plyo.beginner")
    if current:
        return msg("plyo.pain")
    if phase is Phase.TAPER:
        return msg("plyo.taper")
    if phase is Phase.RECOVERY:
        return msg("plyo.recovery")
    if race_week:
        return msg("plyo.race_week")
    if phase is Phase.RACE_SPECIFIC and Goal.SPEED_POWER not in goals:
        return msg("plyo.race_specific")
    if phase is Phase.BASE and not {Goal.SPEED_POWER, Goal.ECONOMY} & goals:
        return msg("plyo.base")
    return None


@lru_cache(maxsize=4096)
def pools(catalogue: Catalogue, owned: frozenset[Equipment], level: Level,
          current: frozenset[InjuryArea]) -> tuple[frozenset[str], frozenset[str]]:
    """Slugs a runner may be given: owned equipment, level, nothing their current pain loads,
    and no high-impact work while anything hurts. The second set is the bodyweight-only part."""
    pool = frozenset(
        ex.slug for ex in catalogue.exercises
        if ex.equipment <= owned and ex.level.rank <= level.rank and not (ex.stress & current)
        and not (current and ex.impact is Impact.HIGH)
    )
    return pool, frozenset(s for s in pool if not catalogue.by_slug[s].equipment)
