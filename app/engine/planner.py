"""generate_week: a runner profile in, a week of strength sessions out.

Pure and deterministic: no clock, no randomness, no I/O. Every rule of DOMAIN.md §3-§8 is applied
here from the tables in rules.py, and every rule that shaped a session is named in its `rules` and
explained in its `rationale`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import combinations, permutations

from app.engine.catalogue import Catalogue, default_catalogue
from app.engine.errors import ProfileError
from app.engine.rules import (
    BIG_LOWER_PATTERNS,
    DEFAULT_RULES,
    ENGINE_VERSION,
    DoseRow,
    Emphasis,
    Rule,
    Rules,
)
from app.engine.types import (
    DAY_ORDER,
    KEY_RUNS,
    LOADING_EQUIPMENT,
    Category,
    Day,
    DayEntry,
    Equipment,
    Exercise,
    Experience,
    Focus,
    Goal,
    Impact,
    InjuryArea,
    InjuryStatus,
    Intensity,
    Level,
    Load,
    LoadKind,
    Measure,
    Muscle,
    Pattern,
    Phase,
    PlanWarning,
    Prescription,
    RunKind,
    RunnerProfile,
    Session,
    Strategy,
    Target,
    Timing,
    WeekPlan,
)

H, M, L = Intensity.HEAVY, Intensity.MODERATE, Intensity.LIGHT
RUN_WORDS = {
    RunKind.EASY: "easy run",
    RunKind.QUALITY: "quality run",
    RunKind.LONG: "long run",
    RunKind.RACE: "race",
}
PHASE_WORDS = {
    Phase.OFF_SEASON: "off-season (general preparation)",
    Phase.BASE: "base",
    Phase.BUILD: "build",
    Phase.RACE_SPECIFIC: "race-specific",
    Phase.TAPER: "taper",
}
AREA_WORDS = {
    InjuryArea.KNEE: "knee",
    InjuryArea.IT_BAND: "IT band",
    InjuryArea.ACHILLES: "Achilles",
    InjuryArea.CALF: "calf",
    InjuryArea.HAMSTRING: "hamstring",
    InjuryArea.SHIN: "shin",
    InjuryArea.PLANTAR_FASCIA: "plantar fascia",
    InjuryArea.HIP: "hip",
    InjuryArea.LOWER_BACK: "lower back",
}
CORE_PATTERNS = frozenset(
    {Pattern.ANTI_EXTENSION, Pattern.ANTI_ROTATION, Pattern.ANTI_LATERAL_FLEXION, Pattern.CARRY,
     Pattern.HIP_ADDUCTION}
)
PLYO_PATTERNS = frozenset({Pattern.JUMP, Pattern.HOP, Pattern.BOUND, Pattern.SKIP})


# ------------------------------------------------------------------ profile checks and phase


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
            allowed = allowed_phases(weeks_out(profile.race_date, profile.week_start))
            if profile.phase not in allowed:
                names = ", ".join(p.value for p in allowed)
                raise ProfileError(
                    "phase",
                    f"phase {profile.phase.value} contradicts a race "
                    f"{weeks_out(profile.race_date, profile.week_start)} week(s) away; "
                    f"allowed: {names} (or omit phase to derive it)",
                )
    if profile.phase is None and (profile.race_date is None or profile.week_start is None):
        raise ProfileError(
            "phase", "phase is required unless race_date and week_start are both given"
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
    if weeks <= 13:
        return (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD)
    return (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD)


# ------------------------------------------------------------------ context


@dataclass(slots=True)
class _Ctx:
    profile: RunnerProfile
    rules: Rules
    catalogue: Catalogue
    phase: Phase
    phase_derived: bool
    runs: list[RunKind | None]
    race_idx: int | None
    race_offset: int | None  # days from this Monday to a dated race up to next Tuesday
    current: frozenset[InjuryArea]
    history: tuple[InjuryArea, ...]
    level: Level
    owned: frozenset[Equipment]
    pool: frozenset[str]
    bodyweight_pool: frozenset[str]
    plyo_ok: bool
    plyo_reason: str
    high_mileage: bool
    blocked: frozenset[Day] = frozenset()
    warnings: list[PlanWarning] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


_LEVEL_OF = {
    Experience.BEGINNER: Level.BEGINNER,
    Experience.INTERMEDIATE: Level.INTERMEDIATE,
    Experience.ADVANCED: Level.ADVANCED,
}


def _context(profile: RunnerProfile, rules: Rules, catalogue: Catalogue) -> _Ctx:
    phase_derived = False
    race_idx: int | None = None
    race_offset: int | None = None
    if profile.race_date is not None and profile.week_start is not None:
        wk = weeks_out(profile.race_date, profile.week_start)
        offset = (profile.race_date - profile.week_start).days
        if offset <= 6 + rules.heavy_days_clear_before_race:
            race_offset = offset
        if profile.phase is None:
            phase = derive_phase(wk, rules=rules)
            phase_derived = True
        if wk == 0:
            race_idx = (profile.race_date - profile.week_start).days
    if not phase_derived:
        assert profile.phase is not None  # validate_profile guarantees it
        phase = profile.phase
    runs: list[RunKind | None] = [None] * 7
    for run in profile.runs:
        runs[run.day.num] = run.kind
    if race_idx is not None:
        runs[race_idx] = RunKind.RACE
    current = frozenset(i.area for i in profile.injuries if i.status is InjuryStatus.CURRENT)
    history = tuple(
        dict.fromkeys(
            i.area for i in profile.injuries
            if i.status is InjuryStatus.HISTORY and i.area not in current
        )
    )
    level = _LEVEL_OF[profile.experience]
    pool, bodyweight_pool = _pools(catalogue, profile.equipment, level, current)
    if profile.experience is Experience.BEGINNER:
        plyo_ok, reason = False, "plyometrics wait until you have lifted consistently for a while"
    elif current:
        plyo_ok, reason = False, "no jumping or other high-impact work while something hurts"
    elif phase is Phase.TAPER:
        plyo_ok, reason = False, "the taper keeps everything gentle"
    elif RunKind.RACE in runs:
        plyo_ok, reason = False, "the race this week comes first"
    elif phase is Phase.RACE_SPECIFIC and Goal.SPEED_POWER not in profile.goals:
        plyo_ok, reason = False, "running quality comes first in the race-specific phase"
    elif phase is Phase.BASE and not {Goal.SPEED_POWER, Goal.ECONOMY} & set(profile.goals):
        plyo_ok, reason = False, "the base phase builds technique and strength first"
    else:
        plyo_ok, reason = True, ""
    run_days = sum(1 for r in runs if r is not None)
    return _Ctx(
        profile=profile, rules=rules, catalogue=catalogue, phase=phase,
        phase_derived=phase_derived, runs=runs, race_idx=race_idx, race_offset=race_offset,
        current=current,
        history=history, level=level, owned=profile.equipment, pool=pool,
        bodyweight_pool=bodyweight_pool, plyo_ok=plyo_ok,
        plyo_reason=reason, high_mileage=run_days >= rules.high_mileage_run_days,
    )


# ------------------------------------------------------------------ how many sessions


@lru_cache(maxsize=4096)
def _pools(catalogue: Catalogue, owned: frozenset[Equipment], level: Level,
           current: frozenset[InjuryArea]) -> tuple[frozenset[str], frozenset[str]]:
    """Slugs a runner may be given: owned equipment, level, nothing their current pain loads,
    and no high-impact work while anything hurts. The second set is the bodyweight-only part."""
    pool = frozenset(
        ex.slug for ex in catalogue.exercises
        if ex.equipment <= owned and ex.level.rank <= level.rank and not (ex.stress & current)
        and not (current and ex.impact is Impact.HIGH)
    )
    return pool, frozenset(s for s in pool if not catalogue.by_slug[s].equipment)


def session_budget(session_minutes: int, run_days: int, phase: Phase, *,
                   rules: Rules = DEFAULT_RULES) -> int:
    """Minutes a session may take: session_minutes, capped for high-mileage weeks and tapers."""
    budget = session_minutes
    if run_days >= rules.high_mileage_run_days:
        budget = min(budget, rules.high_mileage_max_minutes)
    if phase is Phase.TAPER:
        budget = min(budget, rules.taper_max_minutes)
    return budget


def session_seconds(session: Session, catalogue: Catalogue) -> int:
    """sets x (work + rest) over warm-up, exercises and cool-down: what estimated_minutes is."""
    return _seconds((*session.warmup, *session.exercises, *session.cooldown), catalogue.by_slug)


def _session_target(ctx: _Ctx) -> int:
    rules, profile = ctx.rules, ctx.profile
    default = rules.sessions_default[(ctx.phase, profile.experience)]
    cap = rules.sessions_max[ctx.phase]
    wanted = default if profile.sessions_per_week is None else profile.sessions_per_week
    if wanted > cap:
        ctx.warnings.append(PlanWarning(
            "sessions_capped",
            f"You asked for {wanted} strength sessions; the {PHASE_WORDS[ctx.phase]} phase "
            f"holds at most {cap}, so the plan has {cap}.",
        ))
        wanted = cap
    if ctx.high_mileage and wanted > rules.high_mileage_max_sessions:
        ctx.warnings.append(PlanWarning(
            "sessions_capped",
            f"With {sum(r is not None for r in ctx.runs)} run days a week, strength stays at "
            f"{rules.high_mileage_max_sessions} shorter sessions so it never crowds your running.",
        ))
        wanted = rules.high_mileage_max_sessions
    return wanted


# ------------------------------------------------------------------ which days


@dataclass(frozen=True, slots=True)
class _Slotted:
    day: int
    planned: Intensity
    actual: Intensity


def _day_limits(ctx: _Ctx) -> tuple[list[int], list[Intensity], list[str]]:  # noqa: C901
    """Days that may hold a session, the heaviest intensity each may hold, and why not heavier."""
    profile, rules, runs = ctx.profile, ctx.rules, ctx.runs
    allowed: list[int] = []
    caps: list[Intensity] = [H] * 7
    why: list[str] = [""] * 7
    races = [r for r in range(7) if runs[r] is RunKind.RACE]
    dated = ctx.race_offset  # a dated race may fall early next week
    for d in range(7):
        if _next_run(ctx, d) in KEY_RUNS:
            caps[d] = L
            why[d] = Rule.LIGHT_BEFORE_KEY_RUN
        elif any(0 < (r - d) % 7 <= rules.heavy_days_clear_before_race for r in races) or (
            dated is not None and 0 < dated - d <= rules.heavy_days_clear_before_race
        ):
            caps[d] = L
            why[d] = Rule.NO_HEAVY_BEFORE_RACE
        if ctx.phase is Phase.TAPER:
            caps[d] = L
        if DAY_ORDER[d] in profile.unavailable_days or DAY_ORDER[d] in ctx.blocked:
            continue
        if runs[d] in (RunKind.LONG, RunKind.RACE):
            continue
        if profile.strategy is Strategy.SEPARATE and runs[d] is RunKind.QUALITY:
            continue
        if ctx.phase is Phase.TAPER:
            if d > rules.taper_last_day_index:
                continue
            # In a race week: at least three days before the race, and never after it (the
            # days after a race are for recovery, not strength).
            if any(r - d < rules.taper_days_clear_before_race for r in races):
                continue
        allowed.append(d)
    return allowed, caps, why


def _next_run(ctx: _Ctx, d: int) -> RunKind | None:
    """The run on the day after d: the week repeats, except that a dated race counts where it
    really falls (possibly next Monday)."""
    if ctx.race_offset == d + 1:
        return RunKind.RACE
    return ctx.runs[(d + 1) % 7]


def _spaced(days: Sequence[int]) -> bool:
    """At least one full day between sessions, in a week that repeats (Sunday touches Monday)."""
    if len(days) < 2:
        return True
    if any(b - a < 2 for a, b in zip(days, days[1:], strict=False)):
        return False
    return days[0] + 7 - days[-1] >= 2


def _min_gap(days: Sequence[int]) -> int:
    if len(days) < 2:
        return 7
    gaps = [b - a for a, b in zip(days, days[1:], strict=False)]
    gaps.append(days[0] + 7 - days[-1])
    return min(gaps)


def _place(ctx: _Ctx, n: int) -> list[_Slotted]:
    """Best placement of up to n sessions: every hard constraint holds; preferences are scored.

    Score = 3 x the smallest gap between sessions (spread them out) + per-session value, where
    each step an intended intensity must drop costs 100, and day preferences add: beginners on
    non-running days, hard_days_hard on quality days (or rest days), separate on rest days,
    taper as early as possible. Ties keep the first in day order, so the result is stable.
    """
    allowed, caps, _ = _day_limits(ctx)
    template = ctx.rules.phase_template[ctx.phase]
    profile = ctx.profile
    planned_all = [template[i % len(template)] for i in range(n)]
    if profile.experience is Experience.BEGINNER or ctx.current:
        planned_all = [min(p, M) for p in planned_all]
    value: dict[tuple[int, Intensity], float] = {}
    for d in allowed:
        run = ctx.runs[d]
        for p in (H, M, L):
            actual = min(p, caps[d])
            v = -100.0 * (p - actual)
            if profile.experience is Experience.BEGINNER and run is None:
                v += 12
            if profile.strategy is Strategy.HARD_DAYS_HARD:
                if run is RunKind.QUALITY and actual >= M:
                    v += 10
                elif run is None:
                    v += 2
            else:
                v += 6 if run is None else 2
            if ctx.phase is Phase.TAPER:
                v -= d
            value[(d, p)] = v
    for k in range(n, 0, -1):
        orders = sorted(set(permutations(planned_all[:k])), reverse=True)
        best_score = -1e18
        best: tuple[tuple[int, ...], tuple[Intensity, ...]] | None = None
        for combo in combinations(allowed, k):
            if not _spaced(combo):
                continue
            base = 3.0 * min(_min_gap(combo), 4)
            for order in orders:
                score = base + sum(value[(d, p)] for d, p in zip(combo, order, strict=True))
                if score > best_score:
                    best_score, best = score, (combo, order)
        if best is not None:
            return [_Slotted(d, p, min(p, caps[d])) for d, p in zip(*best, strict=True)]
    return []


def _reduction_reason(ctx: _Ctx) -> str:
    parts = ["sessions need a full day between them", "none goes on a long-run or race day"]
    if ctx.profile.unavailable_days:
        days = ", ".join(d.label for d in DAY_ORDER if d in ctx.profile.unavailable_days)
        parts.append(f"you are unavailable on {days}")
    if ctx.profile.strategy is Strategy.SEPARATE:
        parts.append("the separate strategy keeps quality-run days free of strength")
    if ctx.phase is Phase.TAPER:
        parts.append("a taper session must come early in the week, well clear of the race")
    return "; ".join(parts)


# ------------------------------------------------------------------ what goes in a session

REQUIRED, EMPHASIS, OPTIONAL = 0, 1, 2
LOWER = frozenset({Category.QUADS, Category.GLUTES_HIPS, Category.POSTERIOR_CHAIN})


@dataclass(frozen=True, slots=True)
class _Slot:
    key: str
    purpose: str
    categories: frozenset[Category]
    patterns: frozenset[Pattern] | None = None
    unilateral: bool | None = None
    priority: int = REQUIRED
    slugs: tuple[str, ...] = ()  # when set: only these, earlier ones preferred

    def fits(self, ex: Exercise) -> bool:
        if self.slugs:
            return ex.slug in self.slugs
        if not self.categories.intersection(ex.categories):
            return False
        if self.patterns is not None and ex.pattern not in self.patterns:
            return False
        return self.unilateral is None or ex.unilateral is self.unilateral


def _s(key: str, purpose: str, cats: Iterable[Category], pats: Iterable[Pattern] | None = None,
       uni: bool | None = None, prio: int = REQUIRED) -> _Slot:
    return _Slot(key, purpose, frozenset(cats), None if pats is None else frozenset(pats), uni,
                 prio)


P = Pattern
C = Category
KNEE = _s("knee", "knee-dominant strength", [C.QUADS], [P.SQUAT, P.LUNGE, P.STEP])
HIP = _s("hip", "hip-dominant strength", [C.POSTERIOR_CHAIN, C.GLUTES_HIPS],
         [P.HINGE, P.BRIDGE, P.KNEE_FLEXION])
UNI = _s("unilateral", "single-leg strength", LOWER,
         [P.SQUAT, P.LUNGE, P.STEP, P.HINGE, P.BRIDGE], uni=True)
CALF = _s("calf", "calf and Achilles strength", [C.CALVES_ANKLES], [P.CALF_RAISE, P.ANKLE])
CORE = _s("core", "trunk stiffness", [C.CORE], CORE_PATTERNS)
CORE2 = _s("core2", "a second trunk angle", [C.CORE], CORE_PATTERNS, prio=OPTIONAL)
GLUTE = _s("glutes", "hip stability", [C.GLUTES_HIPS], [P.HIP_ABDUCTION, P.BRIDGE], prio=OPTIONAL)
UPPER = _s("upper", "posture and arm drive", [C.UPPER_BODY],
           [P.HORIZONTAL_PULL, P.VERTICAL_PULL], prio=OPTIONAL)
PUSH = _s("push", "upper-body pushing", [C.UPPER_BODY], [P.HORIZONTAL_PUSH, P.VERTICAL_PUSH],
          prio=OPTIONAL)
KNEE_UNI = _s("knee", "single-leg knee strength", [C.QUADS], [P.SQUAT, P.LUNGE, P.STEP], uni=True)
HIP_UNI = _s("hip", "single-leg hip strength", [C.POSTERIOR_CHAIN, C.GLUTES_HIPS],
             [P.HINGE, P.BRIDGE], uni=True)
ACTIVATE = _s("activation", "glute activation", [C.ACTIVATION, C.GLUTES_HIPS],
              [P.BRIDGE, P.HIP_ABDUCTION])
PLYO = _s("plyo", "power and spring", [C.PLYOMETRICS], PLYO_PATTERNS)

SLOTS: dict[Focus, tuple[_Slot, ...]] = {
    Focus.LOWER_BODY_STRENGTH: (KNEE, HIP, UNI, CALF, CORE, GLUTE, CORE2, UPPER),
    Focus.FULL_BODY_STRENGTH: (KNEE, HIP, UNI, CALF, CORE, UPPER, GLUTE, CORE2, PUSH),
    Focus.SINGLE_LEG_AND_CORE: (KNEE_UNI, HIP_UNI, CALF, CORE, GLUTE, CORE2),
    Focus.CORE_AND_UPPER_BODY: (
        CORE, _Slot("core2", "a second trunk angle", frozenset({C.CORE}), CORE_PATTERNS),
        _Slot("upper", "posture and arm drive", frozenset({C.UPPER_BODY})), PUSH,
    ),
    Focus.ACTIVATION_AND_MOBILITY: (ACTIVATE, CORE, _Slot(
        "calf", "springy calves", frozenset({C.CALVES_ANKLES}), frozenset({P.CALF_RAISE}),
        priority=OPTIONAL)),
}


def _focus(actual: Intensity, planned: Intensity, cap_reason: str, phase: Phase) -> Focus:
    if phase is Phase.TAPER:
        return Focus.ACTIVATION_AND_MOBILITY
    if actual is L:
        return Focus.CORE_AND_UPPER_BODY if cap_reason else Focus.SINGLE_LEG_AND_CORE
    return Focus.LOWER_BODY_STRENGTH if actual is H else Focus.FULL_BODY_STRENGTH


def _emphasis_slots(ctx: _Ctx, focus: Focus) -> list[tuple[_Slot, InjuryArea, Emphasis]]:
    out: list[tuple[_Slot, InjuryArea, Emphasis]] = []
    seen: set[str] = set()
    for area in ctx.history:
        emp = ctx.rules.emphasis[area]
        if emp.label in seen:
            continue
        if focus in (Focus.CORE_AND_UPPER_BODY, Focus.ACTIVATION_AND_MOBILITY) and (
            area is not InjuryArea.LOWER_BACK
        ):
            continue
        seen.add(emp.label)
        slot = _Slot(f"emphasis:{area.value}", emp.label, frozenset(), None, None, EMPHASIS,
                     emp.slugs)
        out.append((slot, area, emp))
    return out


@cache
def _static_scores(catalogue: Catalogue, slot: _Slot, level: Level, light: bool,
                   intensity: Intensity) -> dict[str, int]:
    """The part of a candidate's score that depends only on the slot and the session type."""
    out: dict[str, int] = {}
    for ex in _candidates(catalogue, slot):
        if ex.level.rank > level.rank:
            continue
        if ex.impact is Impact.HIGH and slot.key != "plyo":
            continue
        if light:  # light sessions lean on the simplest variations
            s = (6, 3, 0)[ex.level.rank]
        else:  # otherwise the runner's own level first, then one below
            s = (6, 3, 0)[level.rank - ex.level.rank]
        if light:
            s += {LoadKind.BODYWEIGHT: 6, LoadKind.BAND: 3, LoadKind.EXTERNAL: 0}[ex.load_kind]
        else:
            s += {LoadKind.BODYWEIGHT: 0, LoadKind.BAND: 3, LoadKind.EXTERNAL: 8}[ex.load_kind]
        if slot.key == "knee" and intensity >= M and not ex.unilateral:
            s += 5
        if slot.slugs:
            s += 40 - slot.slugs.index(ex.slug)
        if slot.key in ("knee", "hip", "unilateral") and ex.measure is not Measure.REPS:
            s -= 10
        if slot.key == "calf" and ex.pattern is not Pattern.CALF_RAISE:
            s -= 8
        out[ex.slug] = s
    return out


@cache
def _candidates(catalogue: Catalogue, slot: _Slot) -> tuple[Exercise, ...]:
    """Exercises that fit a slot, computed once per catalogue."""
    return tuple(ex for ex in catalogue.exercises if slot.fits(ex))


def _pick(slot: _Slot, ctx: _Ctx, pool: frozenset[str], taken: set[str],
          intensity: Intensity, taper: bool, emphasis: dict[str, int]) -> Exercise | None:
    """The best-scoring exercise for a slot; ties go to the alphabetically first slug.

    Score = the cached static part (level, load, slot fit) + injury emphasis + a small
    variety nudge + goal-specific plyometric preferences.
    """
    static = _static_scores(ctx.catalogue, slot, ctx.level, taper or intensity is L, intensity)
    by_slug = ctx.catalogue.by_slug
    used = ctx.used
    emphasis = {} if slot.slugs else emphasis
    plyo = slot.key == "plyo"
    back = InjuryArea.LOWER_BACK in ctx.history
    goals = ctx.profile.goals
    best_slug = ""
    best_score = -10_000
    for slug, sc in static.items():
        if slug in taken or slug not in pool:
            continue
        if slug in emphasis:
            sc += 20 - emphasis[slug]
        if slug in used:  # mild preference for variety across the week
            sc -= 4
        if back or plyo:
            ex = by_slug[slug]
            if back and ex.pattern is Pattern.HINGE and Equipment.BARBELL in ex.equipment:
                sc -= 15
            if plyo and Goal.SPEED_POWER in goals and ex.pattern in (Pattern.JUMP, Pattern.BOUND):
                sc += 4
            if plyo and Goal.ECONOMY in goals and ex.pattern is Pattern.HOP:
                sc += 4
        if sc > best_score or (sc == best_score and slug < best_slug):
            best_slug, best_score = slug, sc
    return by_slug[best_slug] if best_slug else None


@cache
def _slugs_by_pattern(catalogue: Catalogue, slot: _Slot) -> dict[Pattern, frozenset[str]]:
    out: dict[Pattern, set[str]] = {}
    for ex in _candidates(catalogue, slot):
        out.setdefault(ex.pattern, set()).add(ex.slug)
    return {k: frozenset(v) for k, v in out.items()}


# ------------------------------------------------------------------ dose


@cache
def _role(ex: Exercise) -> str:
    if Category.PLYOMETRICS in ex.categories:
        return "plyo"
    if ex.category is Category.CALVES_ANKLES:
        return "calf"
    if ex.category is Category.CORE or ex.pattern is Pattern.CARRY:
        return "core"
    if ex.category is Category.UPPER_BODY:
        return "upper"
    if ex.pattern in BIG_LOWER_PATTERNS:
        return "lift"
    return "accessory"


@dataclass(frozen=True, slots=True)
class _SessionKind:
    intensity: Intensity
    taper: bool
    maintenance: bool
    pain: bool
    circuit: bool


def _range(ex: Exercise, role: str, sk: _SessionKind, ctx: _Ctx) -> tuple[int, int]:
    rules = ctx.rules
    light = sk.intensity is L or sk.taper
    beginner = ctx.profile.experience is Experience.BEGINNER
    if ex.measure is Measure.SECONDS:
        if role != "core":
            return (20, 30) if light else (30, 45)
        if ex.unilateral:
            return (15, 25) if beginner or light else (30, 45)
        return (20, 30) if beginner or light else (45, 60)
    if ex.measure is Measure.METERS:
        if role == "plyo":
            return rules.plyometric_meters
        return (20, 30) if light else (30, 40)
    if role == "plyo":
        hop = ex.pattern is Pattern.HOP
        return rules.plyometric_reps_hop if hop else rules.plyometric_reps_jump
    if sk.taper:
        return rules.taper_dose.reps
    if role == "calf":
        if light:
            return (15, 20)
        return (8, 12) if sk.intensity is H and ex.load_kind is LoadKind.EXTERNAL else (12, 15)
    if role == "accessory":
        return (15, 20) if light else (12, 15)
    if role in ("upper", "core"):
        return (10, 15) if light else (8, 12)
    return _dose(ctx, sk).reps


def _dose(ctx: _Ctx, sk: _SessionKind) -> DoseRow:
    if sk.taper:
        return ctx.rules.taper_dose
    return ctx.rules.dose[(sk.intensity, ctx.profile.experience)]


def _seconds_per_rep(ex: Exercise, tempo: str | None) -> int:
    if tempo:
        return sum(int(x) for x in tempo.split("-"))
    if ex.pattern is Pattern.HOP:
        return 1
    if Category.PLYOMETRICS in ex.categories:
        return 2
    return 3


def _work_seconds(ex: Exercise, target: Target, tempo: str | None) -> int:
    """Seconds of work in one set, at the middle of the target range."""
    sides = 2 if target.per_side else 1
    amount = (target.min + target.max) / 2
    if target.unit is Measure.REPS:
        return math.ceil(amount * _seconds_per_rep(ex, tempo)) * sides
    if target.unit is Measure.SECONDS:
        return math.ceil(amount) * sides
    speed = 3 if Category.PLYOMETRICS in ex.categories else 1
    return math.ceil(amount / speed) * sides


def _harder_variation(ex: Exercise, ctx: _Ctx) -> Exercise | None:
    for slug in ex.harder:
        other = ctx.catalogue.by_slug[slug]
        if other.equipment <= ctx.owned and not (other.stress & ctx.current) and (
            other.impact is not Impact.HIGH or Category.PLYOMETRICS in ex.categories
        ):
            return other
    return None


def _prescribe(ex: Exercise, sk: _SessionKind, ctx: _Ctx, *, main: bool = False,
               sets: int | None = None, purpose: str = "") -> Prescription:
    rules = ctx.rules
    role = _role(ex)
    row = _dose(ctx, sk)
    lo, hi = _range(ex, role, sk, ctx)
    if sets is None:
        if role == "plyo":
            sets = rules.plyometric_sets
        else:
            sets = row.sets + (rules.heavy_main_lift_extra_sets if main and sk.intensity is H
                               and not sk.taper else 0)
        if sk.maintenance:
            sets = min(sets, rules.maintenance_max_sets)
    if role == "plyo":
        rest = rules.rest_plyometric
    elif sk.circuit or sk.taper:
        rest = rules.rest_circuit
    elif role == "lift":
        rest = rules.rest_lower_body_lift
    elif role in ("calf", "accessory"):
        rest = rules.rest_small_muscle
    else:
        rest = rules.rest_core_upper
    no_load = not (ctx.owned & LOADING_EQUIPMENT)
    tempo = ex.tempo
    harder = None
    if ex.load_kind is LoadKind.BODYWEIGHT and role in ("lift", "calf") and not sk.taper:
        nxt = _harder_variation(ex, ctx)
        harder = nxt.slug if nxt else None
        if no_load and sk.intensity >= M and tempo is None and ex.measure is Measure.REPS:
            tempo = "3-0-1-0"
    rir: int | None = row.reps_in_reserve
    rpe: int | None = row.rpe
    pct: int | None = row.percent_1rm
    if sk.pain:
        rir = (rir or 0) + rules.pain_extra_reps_in_reserve
        rpe = max(1, (rpe or 7) - rules.pain_extra_reps_in_reserve)
        pct = None if pct is None else pct - rules.pain_percent_1rm_drop
    if role == "plyo":
        rir, rpe, pct = None, None, None
    elif ex.measure is not Measure.REPS:
        rir = None
    if (ex.load_kind is not LoadKind.EXTERNAL or role not in ("lift",)
            or ctx.profile.experience is Experience.BEGINNER):
        pct = None
    target = Target(ex.measure, lo, hi, ex.unilateral)
    advice = _advice(ex, role, sk, ctx, rir, rpe, pct, harder)
    return Prescription(
        slug=ex.slug, name=ex.name, category=ex.category, sets=sets, target=target,
        rest_seconds=rest, tempo=tempo,
        load=Load(kind=ex.load_kind, reps_in_reserve=rir, rpe=rpe, percent_1rm=pct,
                  advice=advice),
        purpose=purpose, harder_variation=harder,
    )


def _advice(ex: Exercise, role: str, sk: _SessionKind, ctx: _Ctx, rir: int | None,
            rpe: int | None, pct: int | None, harder: str | None) -> str:
    parts: list[str] = []
    if sk.pain:
        parts.append("Keep the load light and every rep pain-free; stop if the pain returns.")
    if sk.taper:
        parts.append("Very easy: this is to feel springy, not to get stronger. Stop long before "
                     "anything burns.")
        return " ".join(parts)
    if role == "plyo":
        parts.append("Full effort on every rep with soft, quiet landings. Rest fully between "
                     "sets and stop as soon as the landings get heavy.")
        return " ".join(parts)
    effort = f"about {rir} good reps left in reserve (RPE {rpe})" if rir is not None else (
        f"an effort of about RPE {rpe}: finish each set with a little left")
    if ex.load_kind is LoadKind.EXTERNAL:
        if ctx.profile.experience is Experience.BEGINNER:
            parts.append("For your first 2-3 weeks do this with bodyweight or the lightest "
                         "weight to learn the movement.")
            parts.append(f"Then pick a weight that leaves {effort}.")
        else:
            parts.append(f"Pick a weight that leaves {effort}; never train to failure.")
        if pct is not None:
            parts.append(f"That is roughly {pct}% of a one-rep max, if you know yours.")
        if InjuryArea.LOWER_BACK in ctx.history and ex.pattern is Pattern.HINGE:
            parts.append("Keep hinges light: own the movement before adding weight.")
        parts.append("When every set feels comfortable (RPE 7 or less), change one thing: "
                     "first a rep per set, then a little more weight every 2-3 weeks.")
    elif ex.load_kind is LoadKind.BAND:
        parts.append(f"Choose a band tension that leaves {effort}; move to a stronger band when "
                     "all sets feel easy.")
    else:
        parts.append(f"Bodyweight: work with {effort}.")
        if harder is not None:
            name = ctx.catalogue.by_slug[harder].name
            if ex.measure is Measure.REPS:
                parts.append("When every set feels easy, add one rep per set each week, then "
                             f"slow the lowering to 3 s, then move on to {name.lower()}.")
            else:
                parts.append(f"When holds feel easy, progress to {name.lower()}.")
    return " ".join(parts)



# ------------------------------------------------------------------ warm-up and cool-down

WARMUP_PATTERNS = (Pattern.BRIDGE, Pattern.HIP_ABDUCTION, Pattern.DYNAMIC_WARMUP,
                   Pattern.DYNAMIC_WARMUP, Pattern.DYNAMIC_WARMUP)
COOLDOWN_GROUPS: tuple[frozenset[Muscle], ...] = (
    frozenset({Muscle.CALVES, Muscle.SOLEUS}),
    frozenset({Muscle.HIP_FLEXORS, Muscle.GLUTES, Muscle.ADDUCTORS, Muscle.QUADS}),
    frozenset({Muscle.UPPER_BACK, Muscle.LOWER_BACK, Muscle.HAMSTRINGS}),
)


@cache
def _easy(ex: Exercise, *, cooldown: bool) -> Prescription:
    per_side = ex.unilateral
    if ex.measure is Measure.SECONDS:
        lo, hi = (20, 30)
    elif ex.measure is Measure.METERS:
        lo, hi = 15, 20
    else:
        lo, hi = (5, 6) if cooldown else (8, 10)
    advice = ("Ease into each position and breathe slowly; no bouncing." if cooldown
              else "Easy and controlled: the aim is to wake the muscles up, not tire them.")
    return Prescription(
        slug=ex.slug, name=ex.name, category=ex.category, sets=1,
        target=Target(ex.measure, lo, hi, per_side), rest_seconds=10, tempo=None,
        load=Load(kind=ex.load_kind, reps_in_reserve=None, rpe=None, percent_1rm=None,
                  advice=advice),
        purpose="cool-down mobility" if cooldown else "warm-up activation",
    )


@cache
def _warmup_candidates(catalogue: Catalogue, pattern: Pattern) -> tuple[Exercise, ...]:
    """Activation drills of one pattern, best first: bands, then the simplest, then by slug."""
    found = [ex for ex in catalogue.exercises
             if ex.pattern is pattern and ex.impact is not Impact.HIGH
             and Category.ACTIVATION in ex.categories]
    found.sort(key=lambda ex: (-(2 if ex.load_kind is LoadKind.BAND else 0)
                               - (ex.level is Level.BEGINNER), ex.slug))
    return tuple(found)


@cache
def _cooldown_candidates(catalogue: Catalogue, group: frozenset[Muscle]) -> tuple[Exercise, ...]:
    return tuple(ex for ex in catalogue.exercises
                 if Category.MOBILITY in ex.categories
                 and ex.pattern in (Pattern.STRETCH, Pattern.ANKLE)
                 and group.intersection(ex.primary_muscles))


def _warmup(ctx: _Ctx, pool: frozenset[str], items: int) -> list[Exercise]:
    chosen: list[Exercise] = []
    for pattern in WARMUP_PATTERNS[:items]:
        for ex in _warmup_candidates(ctx.catalogue, pattern):
            if ex.slug in pool and ex not in chosen:
                chosen.append(ex)
                break
    return chosen


def _cooldown(ctx: _Ctx, pool: frozenset[str]) -> list[Exercise]:
    chosen: list[Exercise] = []
    for group in COOLDOWN_GROUPS:
        for ex in _cooldown_candidates(ctx.catalogue, group):
            if ex.slug in pool and ex not in chosen:
                chosen.append(ex)
                break
    return chosen


# ------------------------------------------------------------------ one session


@dataclass(slots=True)
class _Item:
    slot: _Slot
    ex: Exercise
    rx: Prescription
    rank: tuple[int, int]
    seconds: int = 0

    def __post_init__(self) -> None:
        self.set(self.rx)

    def set(self, rx: Prescription) -> None:
        self.rx = rx
        self.seconds = rx.sets * (_work_seconds(self.ex, rx.target, rx.tempo) + rx.rest_seconds)


ROLE_ORDER = {"plyo": 0, "lift": 1, "accessory": 2, "calf": 3, "core": 4, "upper": 5}


def _seconds(rxs: Iterable[Prescription], by_slug: Mapping[str, Exercise]) -> int:
    return sum(rx.sets * (_work_seconds(by_slug[rx.slug], rx.target, rx.tempo) + rx.rest_seconds)
               for rx in rxs)


def _build_session(ctx: _Ctx, sl: _Slotted, why: str, plyo_allowed: bool,
                   emphasis_rank: dict[str, int]) -> tuple[Session, bool]:
    rules, profile, phase = ctx.rules, ctx.profile, ctx.phase
    day = DAY_ORDER[sl.day]
    taper = phase is Phase.TAPER
    capped = bool(why) and sl.actual is L
    focus = _focus(sl.actual, sl.planned, why if capped else "", phase)
    sk = _SessionKind(sl.actual, taper, phase is Phase.RACE_SPECIFIC, bool(ctx.current),
                      circuit=sl.actual is L)
    pool = ctx.bodyweight_pool if taper else ctx.pool
    plyo = plyo_allowed and focus in (Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH)
    rules_used: list[str] = []
    rationale: list[str] = []

    warm = _warmup(ctx, pool, rules.warmup_items + (1 if plyo else 0))
    cool = _cooldown(ctx, pool)
    taken = {ex.slug for ex in warm}

    slots = list(SLOTS[focus])
    emph = _emphasis_slots(ctx, focus)
    if plyo:
        slots.insert(0, _Slot(PLYO.key, PLYO.purpose, PLYO.categories, PLYO.patterns,
                              None, OPTIONAL))
    items: list[_Item] = []
    missing: list[str] = []
    core_patterns: set[Pattern] = set()
    for order, slot in enumerate(slots):
        blocked = taken
        if slot.key == "core2":  # a second trunk angle, not a variant of the first
            same = _slugs_by_pattern(ctx.catalogue, slot)
            blocked = taken.union(*(same.get(p, frozenset()) for p in core_patterns))
        ex = _pick(slot, ctx, pool, blocked, sl.actual, taper, emphasis_rank)
        if ex is None:
            if slot.priority == REQUIRED:
                missing.append(_missing_reason(ctx, slot))
            continue
        taken.add(ex.slug)
        if slot.key in ("core", "core2"):
            core_patterns.add(ex.pattern)
        if slot.key == "plyo":
            speed = Goal.SPEED_POWER in profile.goals
            rank = (EMPHASIS if speed else OPTIONAL, -1)
        else:
            rank = (slot.priority, order)
        main = slot.key == "knee" and sl.actual is H
        items.append(_Item(slot, ex, _prescribe(ex, sk, ctx, main=main, purpose=slot.purpose),
                           rank))
    emphasised: list[tuple[InjuryArea, Emphasis, Exercise]] = []
    for order, (slot, area, emp) in enumerate(emph):
        done = next((it.ex for it in items if it.ex.slug in emp.slugs), None)
        if done is None:
            ex = _pick(slot, ctx, pool, taken, sl.actual, taper, emphasis_rank)
            if ex is None:
                continue
            taken.add(ex.slug)
            items.append(_Item(slot, ex, _prescribe(ex, sk, ctx, purpose=slot.purpose),
                               (EMPHASIS, order)))
            done = ex
        emphasised.append((area, emp, done))

    # Time budget: drop extras, then sets, then rest, before ever exceeding session_minutes.
    budget = session_budget(profile.session_minutes, sum(r is not None for r in ctx.runs), phase,
                            rules=rules)
    budget_s = budget * 60
    by_slug = ctx.catalogue.by_slug
    warm_rx = [_easy(ex, cooldown=False) for ex in warm]
    cool_rx = [_easy(ex, cooldown=True) for ex in cool]

    fixed = _seconds(warm_rx + cool_rx, by_slug)

    def total() -> int:
        return fixed + sum(it.seconds for it in items)

    dropped: list[str] = []
    trimmed_sets = False
    while total() > budget_s:
        optional = [it for it in items if it.rank[0] == OPTIONAL]
        if not optional:
            break
        victim = max(optional, key=lambda it: it.rank)
        items.remove(victim)
        dropped.append(victim.ex.name)
    for floor in (2, 1):
        while total() > budget_s:
            cands = [it for it in items if it.rx.sets > floor]
            if not cands:
                break
            victim = max(cands, key=lambda it: (it.rx.sets, it.rank))
            victim.set(_replace_sets(victim.rx, victim.rx.sets - 1))
            trimmed_sets = True
        if floor == 2 and total() > budget_s and not sk.circuit:
            sk = _SessionKind(sk.intensity, sk.taper, sk.maintenance, sk.pain, circuit=True)
            for it in items:
                if it.slot.key != "plyo":
                    it.set(_replace_rest(it.rx, rules.rest_circuit))
    if total() > budget_s:
        warm_rx = warm_rx[: rules.warmup_items_min]
        cool_rx = cool_rx[: rules.cooldown_items_min]
        fixed = _seconds(warm_rx + cool_rx, by_slug)
    while total() > budget_s and items:
        victim = max(items, key=lambda it: it.rank)
        items.remove(victim)
        dropped.append(victim.ex.name)
        missing.append(victim.slot.purpose + " (no time left for it)")

    items.sort(key=lambda it: (ROLE_ORDER[_role(it.ex)], it.rank))
    exercises = tuple(it.rx for it in items)
    minutes = math.ceil(total() / 60)
    used_plyo = any(it.slot.key == "plyo" for it in items)
    for it in items:
        ctx.used.add(it.ex.slug)

    # ---- rationale: why this day, why this intensity, what it targets, how it is dosed
    run = ctx.runs[sl.day]
    nxt_day = DAY_ORDER[(sl.day + 1) % 7]
    nxt_run = _next_run(ctx, sl.day)
    if DAY_ORDER[sl.day] not in profile.unavailable_days and profile.unavailable_days:
        rules_used.append(Rule.UNAVAILABLE_DAYS)
    if run is None:
        rationale.append(f"{day.label} has no run, so the session has the day to itself.")
        if profile.experience is Experience.BEGINNER:
            rules_used.append(Rule.BEGINNERS_OFF_DAYS)
            rationale.append("As a newer lifter you lift on non-running days, alternating "
                             "strength days with run days.")
        if profile.strategy is Strategy.SEPARATE:
            rules_used.append(Rule.SEPARATE)
            rationale.append("You chose to keep strength separate from hard running: rest days "
                             "and easy days only.")
    else:
        rules_used.append(Rule.RUN_FIRST)
        rationale.append(f"{day.label} has a {RUN_WORDS[run]}: run first and lift afterwards, "
                         "ideally a few hours later. The run is the priority.")
        if run is RunKind.QUALITY:
            rules_used.append(Rule.HARD_DAYS_HARD)
            rationale.append(f"Hard days hard: stacking strength on the quality day keeps "
                             f"{nxt_day.label} a true easy or recovery day.")
        elif profile.strategy is Strategy.SEPARATE:
            rules_used.append(Rule.SEPARATE)
            rationale.append("You chose to keep strength separate from hard running, so it "
                             "follows an easy run rather than a quality one.")
    rules_used.append(Rule.DAY_BETWEEN_SESSIONS)
    rules_used.append(Rule.NOT_ON_LONG_RUN_DAY)
    if why == Rule.LIGHT_BEFORE_KEY_RUN and sl.actual is L:
        rules_used.append(Rule.LIGHT_BEFORE_KEY_RUN)
        assert nxt_run is not None
        rationale.append(f"{nxt_day.label} holds your {RUN_WORDS[nxt_run]}, so the day before "
                         "takes only a light session: core, upper body and mobility, nothing "
                         "that tires your legs.")
    elif why == Rule.NO_HEAVY_BEFORE_RACE and sl.actual is L:
        rules_used.append(Rule.NO_HEAVY_BEFORE_RACE)
        rationale.append("Your race is within two days; heavy leg work needs 48 hours to "
                         "clear, so this session stays light.")
    elif sl.actual is H:
        rules_used.append(Rule.LIGHT_BEFORE_KEY_RUN)
        rationale.append(f"Heavy is safe here: {nxt_day.label} has no long run, quality run or "
                         "race, so your legs get 24-48 hours before the next hard running.")
    if sl.planned < sl.actual or sl.actual < sl.planned:
        rules_used.append(Rule.DROP_OR_LIGHTEN)
    if taper:
        rules_used.append(Rule.TAPER)
        rationale.append("Taper: one very light bodyweight session early in the week, "
                         "activation and mobility only, so nothing leaves you sore for the race.")
        if ctx.race_idx is not None:
            rules_used.append(Rule.RACE_WEEK)
            rationale.append("It sits at least three days before the race; the days just "
                             "before it are for resting.")
    else:
        rules_used.append(Rule.PHASE_TEMPLATE)
        rationale.append(_phase_sentence(phase, sl))
    if profile.experience is Experience.BEGINNER and sl.planned is M and (
        H in ctx.rules.phase_template[phase]
    ):
        rules_used.append(Rule.HEAVY_NEEDS_EXPERIENCE)
        rationale.append("Heavy, low-rep lifting waits until your technique is solid, so this "
                         "session is moderate.")
    if ctx.current:
        rules_used.append(Rule.CURRENT_PAIN)
        rules_used.append(Rule.CURRENT_PAIN_EXCLUSIONS)
        areas = ", ".join(AREA_WORDS[a] for a in sorted(ctx.current))
        rationale.append(f"Because your {areas} hurts right now: lower loads, no jumping or "
                         "high-impact work, and no exercise that strains that area.")
    if focus in (Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH, Focus.SINGLE_LEG_AND_CORE):
        rules_used.append(Rule.MINIMUM_EFFECTIVE_SESSION)
        rules_used.append(Rule.UNILATERAL_WORK)
        names = [it.ex.name for it in items if it.slot.priority == REQUIRED]
        rationale.append("It covers the minimum effective session - a knee-dominant lift, a "
                         "hip-dominant lift, single-leg work, calves and core: "
                         + ", ".join(names) + ". Single-leg work matters because running is a "
                         "series of one-leg landings.")
    elif focus is Focus.CORE_AND_UPPER_BODY:
        rationale.append("Targets: trunk stiffness and upper-body posture for a relaxed arm "
                         "drive.")
    for area, emp, ex in emphasised:
        rules_used.append(Rule.INJURY_EMPHASIS)
        rationale.append(f"Your {AREA_WORDS[area]} history: {ex.name} is here for "
                         f"{emp.label}, because {emp.reason}.")
    if used_plyo:
        rules_used.append(Rule.PLYOMETRICS_GATED)
        rules_used.append(Rule.PLYOMETRICS_FIRST_LOW_VOLUME)
        rationale.append("Plyometrics come first, straight after a thorough warm-up while you "
                         "are fresh: a few short sets with full rest, stopping while every "
                         "landing is still crisp.")
    elif sl.actual >= M and not ctx.plyo_ok:
        rules_used.append(Rule.PLYOMETRICS_GATED)
        rationale.append(f"No jumps this time: {ctx.plyo_reason}.")
    if exercises and not taper:
        rules_used += [Rule.DOSE_BY_INTENSITY, Rule.NEVER_TO_FAILURE, Rule.REST_BY_TYPE]
        lifts = [rx for rx in exercises if _role(by_slug[rx.slug]) == "lift"]
        if lifts:
            rx = lifts[0]
            rir = rx.load.reps_in_reserve
            rationale.append(
                f"{sl.actual.label.capitalize()} dose: main lifts {rx.sets} x "
                f"{rx.target.min}-{rx.target.max}"
                + (f" with about {rir} reps in reserve (RPE {rx.load.rpe})" if rir else "")
                + ": hard enough to adapt, never to failure."
            )
        if sk.circuit:
            rationale.append(f"Done as a circuit with about {rules.rest_circuit} s between "
                             "exercises.")
        else:
            rationale.append(f"Rest about {rules.rest_lower_body_lift} s after leg lifts and "
                             f"{rules.rest_core_upper} s after core and upper-body work.")
        if sk.maintenance:
            rules_used.append(Rule.MAINTENANCE_SETS)
            rationale.append(f"Race-specific maintenance: same movements and effort, sets cut "
                             f"to {rules.maintenance_max_sets} so running quality comes first.")
    rules_used.append(Rule.EQUIPMENT)
    owned = ", ".join(sorted(e.value.replace("_", " ") for e in ctx.owned)) or "no equipment"
    rationale.append(f"Everything uses your bodyweight or what you have ({owned}).")
    if any(rx.harder_variation for rx in exercises) and not (ctx.owned & LOADING_EQUIPMENT):
        rules_used.append(Rule.NO_LOAD_PROGRESSION)
        rationale.append("With no weights, progress by reps, a slower 3-second lowering and "
                         "then the harder variation named in each exercise.")
    rules_used.append(Rule.WARMUP_AND_COOLDOWN)
    warm_min = math.ceil(_seconds(warm_rx, by_slug) / 60)
    cool_min = math.ceil(_seconds(cool_rx, by_slug) / 60)
    rationale.append(f"Starts with about {warm_min} min of activation (never skip it) and ends "
                     f"with about {cool_min} min of mobility.")
    rules_used.append(Rule.SESSION_FITS_BUDGET)
    fit = f"About {minutes} min, within your {profile.session_minutes}."
    if budget < profile.session_minutes:
        if taper:
            fit += f" Taper sessions stay under {budget} min."
        else:
            rules_used.append(Rule.HIGH_MILEAGE_TWO_SHORTER)
            fit += (f" With this much running, sessions stay short ({budget} min at most) so "
                    "they never crowd the runs.")
    if dropped or trimmed_sets:
        fit += " To fit the time"
        if dropped:
            fit += ", " + ", ".join(dropped) + " came out"
        if trimmed_sets:
            fit += (", sets were trimmed" if dropped else ", sets were trimmed")
        fit += "."
    rationale.append(fit)
    if missing:
        rules_used.append(Rule.DROP_OR_LIGHTEN)
        ctx.warnings.append(PlanWarning(
            "session_incomplete",
            f"{day.label}: the session runs without {'; '.join(dict.fromkeys(missing))}.",
        ))
    session_date = (profile.week_start + timedelta(days=sl.day)) if profile.week_start else None
    session = Session(
        id=f"{day.value}-strength", day=day, intensity=sl.actual, focus=focus,
        timing=Timing.STANDALONE if run is None else Timing.AFTER_RUN,
        estimated_minutes=minutes, warmup=tuple(warm_rx), exercises=exercises,
        cooldown=tuple(cool_rx), rationale=tuple(rationale),
        rules=tuple(dict.fromkeys(rules_used)), date=session_date,
    )
    return session, used_plyo


def _missing_reason(ctx: _Ctx, slot: _Slot) -> str:
    """Why a required slot stayed empty: current pain, or nothing that fits what the runner has."""
    for ex in _candidates(ctx.catalogue, slot):
        fits = ex.equipment <= ctx.owned and ex.level.rank <= ctx.level.rank
        if fits and ex.stress & ctx.current:
            areas = ", ".join(AREA_WORDS[a] for a in sorted(ex.stress & ctx.current))
            return f"{slot.purpose} (left out while your {areas} hurts)"
    return f"{slot.purpose} (nothing in the catalogue fits your equipment and level)"


def _replace_sets(rx: Prescription, sets: int) -> Prescription:
    return Prescription(rx.slug, rx.name, rx.category, sets, rx.target, rx.rest_seconds,
                        rx.tempo, rx.load, rx.purpose, rx.harder_variation)


def _replace_rest(rx: Prescription, rest: int) -> Prescription:
    return Prescription(rx.slug, rx.name, rx.category, rx.sets, rx.target, rest, rx.tempo,
                        rx.load, rx.purpose, rx.harder_variation)


def _phase_sentence(phase: Phase, sl: _Slotted) -> str:
    return {
        Phase.OFF_SEASON: "Off-season: the time to build maximum strength and power with "
                          "heavier lifts and good technique.",
        Phase.BASE: "Base phase: full-body sessions at moderate loads with a focus on "
                    "technique.",
        Phase.BUILD: "Build phase: one heavier session with lower reps and one lighter "
                     "single-leg and core session each week.",
        Phase.RACE_SPECIFIC: "Race-specific phase: short maintenance sessions that keep the "
                             "strength you built while the running gets sharper.",
        Phase.TAPER: "",
    }[phase]


# ------------------------------------------------------------------ the week


def _core_block(ctx: _Ctx) -> tuple[Prescription, ...]:
    """A 5-minute bodyweight block that may follow any run (DOMAIN §4)."""
    if ctx.phase is Phase.TAPER:
        return ()
    pool = ctx.bodyweight_pool
    sk = _SessionKind(L, False, False, bool(ctx.current), circuit=True)
    picks: list[Exercise] = []
    for slot in (CORE, KNEE_UNI, _s("side", "side stability", [C.CORE],
                                    [P.ANTI_LATERAL_FLEXION])):
        ex = _pick(slot, ctx, pool, {p.slug for p in picks}, L, False, {})
        if ex is not None:
            picks.append(ex)
    return tuple(_prescribe(ex, sk, ctx, sets=1, purpose="short block after a run")
                 for ex in picks)


def generate_week(
    profile: RunnerProfile,
    *,
    catalogue: Catalogue | None = None,
    rules: Rules = DEFAULT_RULES,
    engine_version: str | None = None,
    blocked_days: frozenset[Day] = frozenset(),
) -> WeekPlan:
    """Plan one week of strength work around the runner's runs.

    `blocked_days` keeps days free for reasons outside this week (a programme passes Monday
    when the week before ended with a Sunday session). Raises ProfileError when the profile
    contradicts itself (the API turns it into a 422).
    """
    validate_profile(profile, rules=rules)
    cat = catalogue if catalogue is not None else default_catalogue()
    ctx = _context(profile, rules, cat)
    ctx.blocked = blocked_days
    target = _session_target(ctx)
    slotted = _place(ctx, target) if target else []
    if len(slotted) < target:
        ctx.warnings.append(PlanWarning(
            "sessions_reduced",
            f"Only {len(slotted)} of {target} strength sessions fit this week without breaking "
            f"a rule ({_reduction_reason(ctx)}).",
        ))
    _, _, why = _day_limits(ctx)
    emphasis_rank: dict[str, int] = {}
    for area in ctx.history:
        for i, slug in enumerate(rules.emphasis[area].slugs):
            emphasis_rank.setdefault(slug, i)
    sessions: list[Session] = []
    plyo_sessions = 0
    for sl in slotted:
        if sl.actual < sl.planned:
            day = DAY_ORDER[sl.day]
            nxt = _next_run(ctx, sl.day)
            reason = (f"it is the day before your {RUN_WORDS[nxt]}" if nxt in KEY_RUNS
                      else "your race is within two days")
            ctx.warnings.append(PlanWarning(
                "session_made_light",
                f"{day.label} was meant to be a {sl.planned.label} session but {reason}, so it "
                "is light: no day this week could hold it at full intensity.",
            ))
        allowed = ctx.plyo_ok and plyo_sessions < rules.plyometric_max_sessions
        session, used = _build_session(ctx, sl, why[sl.day], allowed, emphasis_rank)
        plyo_sessions += used
        sessions.append(session)
    by_day = {s.day: s for s in sessions}
    week = tuple(
        DayEntry(
            day=d,
            runs=() if ctx.runs[d.num] is None else (ctx.runs[d.num],),  # type: ignore[arg-type]
            session_id=by_day[d].id if d in by_day else None,
            date=(profile.week_start + timedelta(days=d.num)) if profile.week_start else None,
        )
        for d in DAY_ORDER
    )
    return WeekPlan(
        engine_version=engine_version or ENGINE_VERSION,
        phase=ctx.phase,
        week=week,
        sessions=tuple(sessions),
        warnings=tuple(ctx.warnings),
        rationale=tuple(_plan_rationale(ctx, target, len(sessions))),
        notes=tuple(_notes(ctx)),
        after_run_core_block=_core_block(ctx),
    )


def _plan_rationale(ctx: _Ctx, target: int, placed: int) -> list[str]:
    profile = ctx.profile
    out: list[str] = []
    if ctx.phase_derived:
        assert profile.race_date is not None
        assert profile.week_start is not None
        wk = weeks_out(profile.race_date, profile.week_start)
        when = "this week" if wk == 0 else f"{wk} week{'s' if wk > 1 else ''} after this one"
        out.append(f"Your race is {when}, which puts you in the {PHASE_WORDS[ctx.phase]} phase "
                   f"[{Rule.PHASE_FROM_RACE}].")
    else:
        out.append(f"Phase: {PHASE_WORDS[ctx.phase]}, as you set it.")
    if target == 0 and profile.sessions_per_week == 0:
        out.append("You asked for no strength sessions this week; the short core block after a "
                   "run is still there if you want it.")
    elif ctx.phase is Phase.TAPER:
        out.append(f"Taper: at most one very light session [{Rule.TAPER}]. A full break from "
                   "strength is fine too: what you built lasts well beyond two weeks.")
    else:
        n = placed
        why = {1: "one session is the minimum effective dose",
               2: "two sessions a week is the evidence-based sweet spot for most runners",
               3: "three sessions suit off-season and base building"}.get(n, "")
        out.append(f"{n} strength session{'s' if n != 1 else ''} this week"
                   + (f": {why}" if why else "") + f" [{Rule.SESSIONS_BY_PHASE}].")
    if ctx.high_mileage:
        out.append(f"With {sum(r is not None for r in ctx.runs)} run days, strength stays at "
                   f"two shorter sessions, away from key runs [{Rule.HIGH_MILEAGE_TWO_SHORTER}].")
    if profile.strategy is Strategy.HARD_DAYS_HARD:
        out.append("Strategy hard days hard: strength shares a day with quality running where "
                   f"it can, so the next day stays easy [{Rule.HARD_DAYS_HARD}].")
    else:
        out.append("Strategy separate: strength only on rest days or after easy runs "
                   f"[{Rule.SEPARATE}].")
    if profile.experience is Experience.BEGINNER:
        out.append("New to lifting: spend the first 2-3 weeks on bodyweight to learn each "
                   f"movement, then add load [{Rule.BEGINNERS_BODYWEIGHT_FIRST}].")
    out.append("Progress one thing at a time - reps, then load, then a harder variation - when "
               f"sets feel comfortable (RPE 7 or less) [{Rule.ONE_VARIABLE}].")
    if ctx.phase is not Phase.TAPER:
        out.append("A short core block (about 5 minutes) may follow any run "
                   f"[{Rule.CORE_BLOCK_AFTER_RUN}].")
    return out


def _notes(ctx: _Ctx) -> list[str]:
    notes: list[str] = []
    if ctx.current:
        areas = ", ".join(AREA_WORDS[a] for a in sorted(ctx.current))
        notes.append(f"You reported current pain ({areas}). Please see a sports doctor or "
                     "physiotherapist before loading it; this plan avoids that area and keeps "
                     "loads low.")
    if ctx.profile.injuries:
        notes.append("This is training guidance, not medical advice.")
    return notes
