"""Which days hold strength, and at what intensity (DOMAIN §3-§5).

Hard constraints are never broken: light only on the day before a long run, quality run or race;
nothing heavy within 48 h of a race; nothing on long-run or race days; a full day between
sessions (the week repeats, so Sunday touches Monday); unavailable days; taper sessions early
and clear of the race. Preferences are scored. When the requested sessions do not fit, fewer are
placed and a warning says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, permutations

from app.engine.context import WeekContext
from app.engine.explain import Msg, msg
from app.engine.rules import Rule, Rules
from app.engine.types import (
    DAY_ORDER,
    GENTLE_PHASES,
    KEY_RUNS,
    Experience,
    Intensity,
    Phase,
    RunKind,
    Strategy,
)

H, M, L = Intensity.HEAVY, Intensity.MODERATE, Intensity.LIGHT


@dataclass(frozen=True, slots=True)
class Slotted:
    """A placed session: its day index (0 = Monday), the intensity the phase wanted, the one the
    day allows, and the rule that capped it ("" when none did)."""

    day: int
    planned: Intensity
    actual: Intensity
    cap_rule: str = ""


def session_target(ctx: WeekContext) -> int:
    """Sessions this week: the phase and experience default or the runner's request, within the
    phase's cap and the high-mileage cap. Each cap that bites is a warning."""
    rules, profile = ctx.rules, ctx.profile
    default = rules.sessions_default[(ctx.phase, profile.experience)]
    cap = rules.sessions_max[ctx.phase]
    wanted = default if profile.sessions_per_week is None else profile.sessions_per_week
    if wanted > cap:
        ctx.warn("sessions_capped", "warn.sessions_capped_phase", wanted=wanted,
                 phase=msg(f"phase.{ctx.phase.value}"), cap=cap)
        wanted = cap
    if ctx.options.max_sessions is not None:
        wanted = min(wanted, ctx.options.max_sessions)
    if ctx.high_mileage and wanted > rules.high_mileage_max_sessions:
        ctx.warn("sessions_capped", "warn.sessions_capped_mileage", run_days=ctx.run_days,
                 cap=rules.high_mileage_max_sessions)
        wanted = rules.high_mileage_max_sessions
    return wanted


def next_run(ctx: WeekContext, d: int) -> RunKind | None:
    """The run on the day after d: the week repeats, except that a dated race counts where it
    really falls (possibly next Monday)."""
    if ctx.race_offset == d + 1:
        return RunKind.RACE
    return ctx.runs[(d + 1) % 7]


def day_limits(ctx: WeekContext) -> tuple[tuple[int, ...], tuple[Intensity, ...], tuple[str, ...]]:
    """Days that may hold a session, the heaviest intensity each may hold, and the rule that
    capped it."""
    return _day_limits(ctx.runs, ctx.race_offset, ctx.phase, ctx.profile.strategy,
                       ctx.profile.unavailable_days | ctx.blocked, ctx.rules)


@lru_cache(maxsize=4096)
def _day_limits(runs: tuple[RunKind | None, ...], dated: int | None, phase: Phase,
                strategy: Strategy, unavailable: frozenset[object],
                rules: Rules) -> tuple[tuple[int, ...], tuple[Intensity, ...], tuple[str, ...]]:
    allowed: list[int] = []
    caps: list[Intensity] = [H] * 7
    why: list[str] = [""] * 7
    races = [r for r in range(7) if runs[r] is RunKind.RACE]
    clear = rules.heavy_days_clear_before_race
    for d in range(7):
        after = RunKind.RACE if dated == d + 1 else runs[(d + 1) % 7]
        if after in KEY_RUNS:
            caps[d], why[d] = L, Rule.LIGHT_BEFORE_KEY_RUN
        elif any(0 < (r - d) % 7 <= clear for r in races) or (
            dated is not None and 0 < dated - d <= clear
        ):
            caps[d], why[d] = L, Rule.NO_HEAVY_BEFORE_RACE
        if phase in GENTLE_PHASES:
            caps[d] = L
        if DAY_ORDER[d] in unavailable or runs[d] in (RunKind.LONG, RunKind.RACE):
            continue
        if strategy is Strategy.SEPARATE and runs[d] is RunKind.QUALITY:
            continue
        if phase is Phase.RECOVERY and d < rules.recovery_first_day_index:
            continue  # the legs rest for the first days after the race
        if phase is Phase.TAPER and (
            d > rules.taper_last_day_index
            # in a race week: at least three days before the race, and never after it
            or any(r - d < rules.taper_days_clear_before_race for r in races)
        ):
            continue
        allowed.append(d)
    return tuple(allowed), tuple(caps), tuple(why)


def spaced(days: Sequence[int]) -> bool:
    """At least one full day between sessions, in a week that repeats (Sunday touches Monday)."""
    if len(days) < 2:
        return True
    if any(b - a < 2 for a, b in zip(days, days[1:], strict=False)):
        return False
    return days[0] + 7 - days[-1] >= 2


def min_gap(days: Sequence[int]) -> int:
    if len(days) < 2:
        return 7
    gaps = [b - a for a, b in zip(days, days[1:], strict=False)]
    gaps.append(days[0] + 7 - days[-1])
    return min(gaps)


def place(ctx: WeekContext, n: int) -> tuple[Slotted, ...]:
    """Best placement of up to n sessions: every hard constraint holds; preferences are scored."""
    allowed, caps, why = day_limits(ctx)
    template = ctx.rules.phase_template[ctx.phase]
    planned = tuple(template[i % len(template)] for i in range(n))
    if ctx.profile.experience is Experience.BEGINNER or ctx.current:
        planned = tuple(min(p, M) for p in planned)
    planned = tuple(min(p, ctx.options.max_intensity) for p in planned)
    best = _search(allowed, caps, planned, ctx.runs, ctx.profile.experience,
                   ctx.profile.strategy, ctx.phase)
    return tuple(Slotted(d, p, min(p, caps[d]), why[d] if min(p, caps[d]) < p or caps[d] is L
                         else "") for d, p in best)


@lru_cache(maxsize=4096)
def _search(allowed: tuple[int, ...], caps: tuple[Intensity, ...],
            planned: tuple[Intensity, ...], runs: tuple[RunKind | None, ...],
            experience: Experience, strategy: Strategy,
            phase: Phase) -> tuple[tuple[int, Intensity], ...]:
    """Score = 3 x the smallest gap between sessions (spread them out) + per-session value,
    where each step an intended intensity must drop costs 100, and day preferences add:
    beginners on non-running days, hard_days_hard on quality days (or rest days), separate on
    rest days, taper as early as possible. Ties keep the first in day order."""
    value: dict[tuple[int, Intensity], float] = {}
    for d in allowed:
        for p in (H, M, L):
            value[(d, p)] = _day_value(d, p, caps[d], runs[d], experience, strategy, phase)
    for k in range(len(planned), 0, -1):
        orders = sorted(set(permutations(planned[:k])), reverse=True)
        best_score = -1e18
        best: tuple[tuple[int, ...], tuple[Intensity, ...]] | None = None
        for combo in combinations(allowed, k):
            if not spaced(combo):
                continue
            base = 3.0 * min(min_gap(combo), 4)
            for order in orders:
                score = base + sum(value[(d, p)] for d, p in zip(combo, order, strict=True))
                if score > best_score:
                    best_score, best = score, (combo, order)
        if best is not None:
            return tuple(zip(*best, strict=True))
    return ()


def _day_value(d: int, p: Intensity, cap: Intensity, run: RunKind | None,
               experience: Experience, strategy: Strategy, phase: Phase) -> float:
    actual = min(p, cap)
    v = -100.0 * (p - actual)
    if experience is Experience.BEGINNER and run is None:
        v += 12
    if strategy is Strategy.HARD_DAYS_HARD:
        if run is RunKind.QUALITY and actual >= M:
            v += 10
        elif run is None:
            v += 2
    else:
        v += 6 if run is None else 2
    if phase is Phase.TAPER:
        v -= d
    return v


def reduction_reasons(ctx: WeekContext) -> tuple[Msg, ...]:
    """Why fewer sessions fit than were due, for the sessions_reduced warning."""
    parts = [msg("reduce.spacing"), msg("reduce.long_race")]
    if ctx.profile.unavailable_days:
        days = tuple(msg(f"day.{d.value}") for d in DAY_ORDER if d in ctx.profile.unavailable_days)
        parts.append(msg("reduce.unavailable", days=days))
    if ctx.profile.strategy is Strategy.SEPARATE:
        parts.append(msg("reduce.separate"))
    if ctx.phase is Phase.TAPER:
        parts.append(msg("reduce.taper"))
    return tuple(parts)


def warn_made_light(ctx: WeekContext, sl: Slotted) -> None:
    """A session the phase wanted heavier but whose day allows only light."""
    if sl.actual >= sl.planned:
        return
    nxt = next_run(ctx, sl.day)
    reason = (msg("warn.reason_key_run", run=msg(f"run.the.{nxt.value}"))
              if nxt in KEY_RUNS and nxt is not None else msg("warn.reason_race"))
    ctx.warn("session_made_light", "warn.session_made_light",
             day=msg(f"day.{DAY_ORDER[sl.day].value}"),
             planned=msg(f"intensity.{sl.planned.label}"), reason=reason)
