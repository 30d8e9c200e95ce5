"""Which exercises fill a session (DOMAIN §2, §7): slots, balance, variety, injuries, goals.

For each slot in the session's focus the best-scoring exercise is chosen from what the runner
may do, with these rules on top of the score:
- one movement once per session (no exercise beside its own loaded, assisted or easier variant),
  and one form of each movement a week (pistol on Monday, then not assisted pistol on Thursday:
  the same exercise may repeat);
- over the week, hip-dominant exercises are at least as many as knee-dominant ones minus one;
- core is anti-movement work; a carry only ever complements it;
- a full-body session holds an upper-body pull (a push only when no pull is possible);
- injury history adds its emphasis, current pain keeps low-load work for the painful area;
- the injury_resilience goal adds calf and hip-abductor work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from app.engine.catalogue import Catalogue
from app.engine.context import WeekContext
from app.engine.explain import Msg, msg
from app.engine.rules import Emphasis
from app.engine.slots import (
    EMPHASIS,
    FULL_FOCUSES,
    OPTIONAL,
    PLYO,
    PUSH,
    PUSH_WEEK,
    PUSHES,
    REQUIRED,
    SLOTS,
    UNI,
    UNI_HIP,
    Slot,
    is_hip_dominant,
    is_knee_dominant,
    other_form,
    same_movement,
)
from app.engine.types import (
    Category,
    Equipment,
    Exercise,
    Focus,
    Goal,
    Impact,
    InjuryArea,
    Intensity,
    Level,
    LoadKind,
    Measure,
    Pattern,
    Phase,
)


@dataclass(frozen=True, slots=True)
class Chosen:
    """One main exercise of a session and why it is there."""

    slot: Slot
    ex: Exercise
    rank: tuple[int, int]  # lower is more important; the budget drops the highest first
    emphasis: Emphasis | None = None
    pain_free_range: bool = False


@dataclass(frozen=True, slots=True)
class Emphasised:
    """An injury or goal emphasis and the exercise that serves it, for the rationale."""

    area: InjuryArea | None
    current: bool
    emphasis: Emphasis
    ex: Exercise


@dataclass(slots=True)
class Selection:
    chosen: list[Chosen] = field(default_factory=list)
    emphasised: list[Emphasised] = field(default_factory=list)
    missing: list[Msg] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)  # main exercises and warm-up drills


def select(ctx: WeekContext, focus: Focus, intensity: Intensity, *, taper: bool,
           plyo: bool, warmup: Sequence[Exercise]) -> Selection:
    """The main exercises of one session, in slot order (required first)."""
    sel = Selection(taken={ex.slug for ex in warmup})
    pool = ctx.bodyweight_pool if taper else ctx.pool
    bonus = _emphasis_bonus(ctx, focus)
    slots = list(SLOTS[focus])
    if plyo:
        slots.insert(0, PLYO)
    # Maintenance (race-specific) and a programme's first week: short sessions, no extras.
    lean = ctx.phase is Phase.RACE_SPECIFIC or ctx.options.lean
    week_push = any(ctx.catalogue.by_slug[s].pattern in PUSHES for s in ctx.used)
    for order, slot in enumerate(slots):
        if slot is PUSH:  # one push a week is enough: the pulls come first (posture)
            if week_push or ctx.phase is Phase.RACE_SPECIFIC:
                continue
            slot = PUSH_WEEK
        if lean and slot.priority == OPTIONAL and slot is not PLYO:
            continue
        if slot is UNI and knee_lead(ctx, sel.chosen) >= 1:
            slot = UNI_HIP
        ex, pain_free = pick(ctx, slot, pool, sel, intensity, taper, bonus)
        if ex is None:
            if slot.priority == REQUIRED:
                sel.missing.append(missing_reason(ctx, slot))
            continue
        rank = (_plyo_rank(ctx), -1) if slot is PLYO else (slot.priority, order)
        sel.chosen.append(Chosen(slot, ex, rank, pain_free_range=pain_free))
        sel.taken.add(ex.slug)
    if focus in FULL_FOCUSES or focus is Focus.CORE_AND_UPPER_BODY:
        _add_emphasis(ctx, focus, pool, sel, intensity, taper)
    return sel


def _plyo_rank(ctx: WeekContext) -> int:
    return EMPHASIS if Goal.SPEED_POWER in ctx.profile.goals else OPTIONAL


def _emphasis_areas(ctx: WeekContext, focus: Focus) -> list[tuple[InjuryArea, bool, Emphasis]]:
    """Injury emphases that apply to this session: history areas in full sessions (lower back
    in every session), and current pain's low-load work where the rules keep some."""
    out: list[tuple[InjuryArea, bool, Emphasis]] = []
    seen: set[str] = set()
    full = focus in FULL_FOCUSES
    for area in ctx.history:
        emp = ctx.rules.emphasis[area]
        if emp.label not in seen and (full or area is InjuryArea.LOWER_BACK):
            seen.add(emp.label)
            out.append((area, False, emp))
    for area in sorted(ctx.current):
        pain = ctx.rules.pain_emphasis.get(area)
        if pain is not None and full and pain.label not in seen:
            seen.add(pain.label)
            out.append((area, True, pain))
    return out


def _emphasis_bonus(ctx: WeekContext, focus: Focus) -> Mapping[str, int]:
    """Emphasis exercises score higher in every slot they fit, best-listed first."""
    bonus: dict[str, int] = {}
    if Goal.INJURY_RESILIENCE in ctx.profile.goals and focus in FULL_FOCUSES:
        for emp in ctx.rules.resilience:  # goal work keeps the week's variety
            for i, slug in enumerate(emp.slugs):
                bonus[slug] = max(bonus.get(slug, 0), 10 - i)
    for _, _, emp in _emphasis_areas(ctx, focus):  # injury work may repeat: it is the point
        for i, slug in enumerate(emp.slugs):
            bonus[slug] = max(bonus.get(slug, 0), INJURY_BONUS - i)
    return bonus


INJURY_BONUS = 20


def _add_emphasis(ctx: WeekContext, focus: Focus, pool: frozenset[str], sel: Selection,
                  intensity: Intensity, taper: bool) -> None:
    wanted: list[tuple[InjuryArea | None, bool, Emphasis]] = list(_emphasis_areas(ctx, focus))
    if Goal.INJURY_RESILIENCE in ctx.profile.goals and focus in FULL_FOCUSES:
        wanted += [(None, False, emp) for emp in ctx.rules.resilience]
    for order, (area, current, emp) in enumerate(wanted):
        done = next((c for c in sel.chosen if c.ex.slug in emp.slugs), None)
        if done is None:
            slot = Slot(f"emphasis:{emp.label}", emp.label, frozenset(), None, None, EMPHASIS,
                        emp.slugs)
            ex, _ = pick(ctx, slot, pool, sel, intensity, taper, {})
            if ex is None:
                continue
            done = Chosen(slot, ex, (EMPHASIS, order), emphasis=emp)
            sel.chosen.append(done)
            sel.taken.add(ex.slug)
        else:  # an extra that serves an emphasis is kept like one; an injury's dose wins
            done = Chosen(done.slot, done.ex, min(done.rank, (EMPHASIS, order)),
                          done.emphasis or emp, done.pain_free_range)
            sel.chosen[[c.ex.slug for c in sel.chosen].index(done.ex.slug)] = done
        sel.emphasised.append(Emphasised(area, current, emp, done.ex))


def knee_lead(ctx: WeekContext, chosen: Sequence[Chosen]) -> int:
    """Knee-dominant minus hip-dominant exercises over the week so far, this session included.
    The rule (DOMAIN §2): it never ends the week above one."""
    by_slug = ctx.catalogue.by_slug
    exs = [by_slug[s] for s in ctx.used] + [c.ex for c in chosen]
    return sum(is_knee_dominant(e) for e in exs) - sum(is_hip_dominant(e) for e in exs)


def _allowed(ctx: WeekContext, slot: Slot, pool: frozenset[str]) -> tuple[frozenset[str], bool]:
    """The pool for a slot; the knee slot keeps its pain-free-range options while the knee hurts."""
    if slot.key != "knee":
        return pool, False
    extra: set[str] = set()
    for area in ctx.current:
        for slug in ctx.rules.pain_free_range.get(area, ()):
            ex = ctx.catalogue.by_slug.get(slug)
            if ex is not None and ex.equipment <= ctx.owned and ex.level.rank <= ctx.level.rank:
                extra.add(slug)
    return (pool | extra, True) if extra else (pool, False)


def pick(ctx: WeekContext, slot: Slot, pool: frozenset[str], sel: Selection,
          intensity: Intensity, taper: bool,
          bonus: Mapping[str, int]) -> tuple[Exercise | None, bool]:
    """The best-scoring exercise for a slot; ties go to the alphabetically first slug.

    Score = the cached static part (level, load, slot fit, reachable effort) + emphasis bonus
    - a variety penalty for an exercise already used this week + goal preferences."""
    allowed, pain_free = _allowed(ctx, slot, pool)
    light = taper or intensity is Intensity.LIGHT
    static = static_scores(ctx.catalogue, slot, ctx.level, light, intensity)
    by_slug = ctx.catalogue.by_slug
    mains = [c.ex for c in sel.chosen]
    core_patterns = {c.ex.pattern for c in sel.chosen if Category.CORE in c.ex.categories}
    knee_full = slot.key != "knee" and knee_lead(ctx, sel.chosen) >= 1
    used = tuple(ctx.used)
    best_slug, best_score = "", -10_000
    for slug, sc in static.items():
        if slug in sel.taken or slug not in allowed or other_form(ctx.catalogue, used, slug):
            continue
        ex = by_slug[slug]
        if any(same_movement(ex, m) for m in mains):
            continue
        if slot.key == "core2" and ex.pattern in core_patterns:
            continue
        if knee_full and is_knee_dominant(ex):
            continue
        sc += _dynamic_score(ctx, slot, ex, bonus)
        if sc > best_score or (sc == best_score and slug < best_slug):
            best_slug, best_score = slug, sc
    if not best_slug:
        return None, False
    return by_slug[best_slug], pain_free and best_slug not in pool


def _dynamic_score(ctx: WeekContext, slot: Slot, ex: Exercise, bonus: Mapping[str, int]) -> int:
    emphasis = 0 if slot.slugs else bonus.get(ex.slug, 0)
    sc = emphasis
    if ex.slug in ctx.used and emphasis <= INJURY_BONUS - 10:  # variety within the week
        sc -= 12
    if InjuryArea.LOWER_BACK in ctx.history and Equipment.BARBELL in ex.equipment and (
            ex.pattern is Pattern.HINGE or InjuryArea.LOWER_BACK in ex.stress):
        sc -= 15  # a back with a history: light hinges and squats, technique first
    if slot.key == "plyo":
        goals = ctx.profile.goals
        if Goal.SPEED_POWER in goals and ex.pattern in (Pattern.JUMP, Pattern.BOUND):
            sc += 4
        if Goal.ECONOMY in goals and ex.pattern is Pattern.HOP:
            sc += 4
    return sc


@cache
def candidates(catalogue: Catalogue, slot: Slot) -> tuple[Exercise, ...]:
    """Exercises that fit a slot, computed once per catalogue."""
    return tuple(ex for ex in catalogue.exercises if slot.fits(ex))


@cache
def static_scores(catalogue: Catalogue, slot: Slot, level: Level, light: bool,
                  intensity: Intensity) -> dict[str, int]:
    """The part of a candidate's score that depends only on the slot and the session type."""
    out: dict[str, int] = {}
    for ex in candidates(catalogue, slot):
        if ex.level.rank > level.rank:
            continue
        if ex.impact is Impact.HIGH and slot.key != "plyo":
            continue
        out[ex.slug] = _static_score(ex, slot, level, light, intensity)
    return out


def _static_score(ex: Exercise, slot: Slot, level: Level, light: bool,
                  intensity: Intensity) -> int:
    if light:  # light sessions lean on the simplest variations, without load
        s = (6, 3, 0)[ex.level.rank]
        s += {LoadKind.BODYWEIGHT: 6, LoadKind.BAND: 3, LoadKind.EXTERNAL: 0}[ex.load_kind]
    else:  # otherwise the runner's own level first, then one below; load preferred
        s = (6, 3, 0)[level.rank - ex.level.rank]
        s += {LoadKind.BODYWEIGHT: 0, LoadKind.BAND: 3, LoadKind.EXTERNAL: 8}[ex.load_kind]
        if level is not Level.BEGINNER and unreachable_without_load(ex):
            s -= 15  # RPE 7-8 in 8-12 reps is out of reach: prefer a single-leg option
    if slot.key == "knee" and intensity >= Intensity.MODERATE and not ex.unilateral:
        s += 5
    if slot.slugs:
        s += 40 - slot.slugs.index(ex.slug)
    if slot.key in ("knee", "hip", "unilateral") and ex.measure is not Measure.REPS:
        s -= 10
    if slot.key == "calf" and ex.pattern is not Pattern.CALF_RAISE:
        s -= 8
    if slot.key == "core" and ex.pattern is Pattern.ANTI_EXTENSION:
        s += 1  # the plank family first; side planks and anti-rotation as the second angle
    return s


def unreachable_without_load(ex: Exercise) -> bool:
    """A two-legged bodyweight squat, hinge or bridge: past beginner level it cannot reach
    RPE 7-8 in 8-12 reps at a normal tempo (DOMAIN §3)."""
    return (ex.load_kind is LoadKind.BODYWEIGHT and not ex.unilateral
            and ex.pattern in (Pattern.SQUAT, Pattern.HINGE, Pattern.BRIDGE)
            and ex.measure is Measure.REPS and (ex.tempo is None or int(ex.tempo[0]) < 3))


def missing_reason(ctx: WeekContext, slot: Slot) -> Msg:
    """Why a required slot stayed empty: current pain, or nothing that fits what the runner has."""
    for ex in candidates(ctx.catalogue, slot):
        fits = ex.equipment <= ctx.owned and ex.level.rank <= ctx.level.rank
        if fits and ex.stress & ctx.current:
            areas = tuple(msg(f"area.{a.value}") for a in sorted(ex.stress & ctx.current))
            return msg("warn.missing_pain", purpose=msg(slot.purpose), areas=areas)
    return msg("warn.missing_equipment", purpose=msg(slot.purpose))

