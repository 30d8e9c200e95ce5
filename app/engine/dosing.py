"""Sets, reps, reserve, derived %1RM, tempo and rest for each exercise (DOMAIN §3, §7).

Reps, reserve and %1RM add up: a set of r reps with k in reserve is an (r+k)-rep maximum, about
100 / (1 + (r+k)/30) % of 1RM (Epley). %1RM is quoted only for the top of the range and only on
bilateral barbell or dumbbell squats, hinges and hip thrusts; everything else gets reps in
reserve or RPE and plain advice. The stated effort must be reachable: a two-legged bodyweight
squat, hinge or bridge past beginner level gets a slow tempo.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.engine.context import WeekContext
from app.engine.explain import Msg, Voice, msg
from app.engine.rules import BIG_LOWER_PATTERNS, DoseRow, Emphasis, Rules
from app.engine.selection import unreachable_without_load
from app.engine.types import (
    LOADING_EQUIPMENT,
    Category,
    Exercise,
    Experience,
    Impact,
    InjuryArea,
    Intensity,
    Load,
    LoadKind,
    Measure,
    Pattern,
    Prescription,
    Target,
)


@dataclass(frozen=True, slots=True)
class SessionKind:
    intensity: Intensity
    taper: bool
    maintenance: bool
    pain: bool
    circuit: bool


def percent_1rm(reps: int, reserve: int) -> int:
    """Epley: an (reps + reserve)-rep maximum is 100 / (1 + (reps + reserve) / 30) % of 1RM."""
    return round(100 / (1 + (reps + reserve) / 30))


@cache
def role(ex: Exercise) -> str:
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


def one_rep_max_applies(ex: Exercise, rules: Rules) -> bool:
    """%1RM means something only on bilateral barbell or dumbbell squats, hinges and hip thrusts."""
    return (role(ex) == "lift" and not ex.unilateral and ex.load_kind is LoadKind.EXTERNAL
            and ex.pattern in rules.one_rep_max_patterns
            and bool(ex.equipment & rules.one_rep_max_equipment)
            and ex.slug not in rules.one_rep_max_excluded)


def dose_row(ctx: WeekContext, sk: SessionKind) -> DoseRow:
    if sk.taper:
        return ctx.rules.taper_dose
    return ctx.rules.dose[(sk.intensity, ctx.profile.experience)]


def rep_range(ex: Exercise, sk: SessionKind, ctx: WeekContext) -> tuple[int, int]:
    hard = ctx.rules.hard_doses.get(ex.slug)
    return hard.amount if hard is not None else _amount(ex, sk, ctx)


def _amount(ex: Exercise, sk: SessionKind, ctx: WeekContext) -> tuple[int, int]:
    rules = ctx.rules
    r = role(ex)
    light = sk.intensity is Intensity.LIGHT or sk.taper
    beginner = ctx.profile.experience is Experience.BEGINNER
    if ex.measure is Measure.SECONDS:
        if r != "core":
            return (20, 30) if light else (30, 45)
        if ex.unilateral:
            return (15, 25) if beginner or light else (30, 45)
        return (20, 30) if beginner or light else (45, 60)
    if ex.measure is Measure.METERS:
        return rules.plyometric_meters if r == "plyo" else ((20, 30) if light else (30, 40))
    if r == "plyo":
        return rules.plyometric_reps_hop if ex.pattern is Pattern.HOP else (
            rules.plyometric_reps_jump)
    if sk.taper:
        return rules.taper_dose.reps
    if r == "calf":
        if light:
            return (15, 20)
        return (8, 12) if sk.intensity is Intensity.HEAVY and ex.load_kind is LoadKind.EXTERNAL \
            else (12, 15)
    if r == "accessory":
        return (15, 20) if light else (12, 15)
    if r in ("upper", "core"):
        return (10, 15) if light else (8, 12)
    return dose_row(ctx, sk).reps


def _sets(ex: Exercise, sk: SessionKind, ctx: WeekContext, main: bool) -> int:
    rules = ctx.rules
    if role(ex) == "plyo":
        return rules.plyometric_sets
    sets = dose_row(ctx, sk).sets + (
        rules.heavy_main_lift_extra_sets if main and sk.intensity is Intensity.HEAVY
        and not sk.taper else 0)
    if sk.maintenance:
        sets = min(sets, rules.maintenance_max_sets)
    hard = rules.hard_doses.get(ex.slug)
    if hard is not None:
        sets = min(sets, hard.sets)
    cap = ctx.options.max_sets
    return sets if cap is None else max(1, min(sets, cap))


def _rest(ex: Exercise, sk: SessionKind, rules: Rules) -> int:
    r = role(ex)
    if r == "plyo":
        return rules.rest_plyometric
    if sk.circuit or sk.taper:
        return rules.rest_circuit
    if r == "lift":
        return rules.rest_heavy_lift if heavy_lift(ex, sk) else rules.rest_lower_body_lift
    return rules.rest_small_muscle if r in ("calf", "accessory") else rules.rest_core_upper


def heavy_lift(ex: Exercise, sk: SessionKind) -> bool:
    """A leg lift of a heavy session: it keeps the long rest heavy sets need (DOMAIN §3)."""
    return sk.intensity is Intensity.HEAVY and not sk.taper and role(ex) == "lift"


def per_side(ex: Exercise) -> bool:
    """Per side, except the drills covered in metres by alternating legs (bounds, skips,
    marching): 20-30 m of bounding is one set, not 20-30 m on each leg."""
    return ex.unilateral and not (ex.measure is Measure.METERS and ex.pattern is not Pattern.CARRY)


def _tempo(ex: Exercise, sk: SessionKind, ctx: WeekContext,
           emphasis: Emphasis | None) -> str | None:
    """The catalogue's tempo, slowed where the effort or the rationale needs it (never on
    near-maximal work: it is hard enough, and its advice says how to lower)."""
    if (sk.taper or ex.measure is not Measure.REPS or role(ex) == "plyo"
            or ex.slug in ctx.rules.hard_doses):
        return ex.tempo
    if emphasis is not None and emphasis.slow_tempo and ex.pattern is Pattern.CALF_RAISE:
        return emphasis.slow_tempo
    light = sk.intensity is Intensity.LIGHT
    if (not light and ctx.profile.experience is not Experience.BEGINNER
            and unreachable_without_load(ex)):
        return ctx.rules.reachable_tempo
    no_load = not (ctx.owned & LOADING_EQUIPMENT)
    if (no_load and not light and ex.tempo is None and ex.load_kind is LoadKind.BODYWEIGHT
            and role(ex) in ("lift", "calf")):
        return ctx.rules.no_load_tempo
    return ex.tempo


def _effort(ex: Exercise, sk: SessionKind, ctx: WeekContext) -> tuple[int | None, int | None,
                                                                       int | None]:
    """Reps in reserve, RPE and derived %1RM (each None where it does not apply)."""
    if role(ex) == "plyo":
        return None, None, None
    row = dose_row(ctx, sk)
    rir = row.reps_in_reserve + (ctx.rules.pain_extra_reps_in_reserve if sk.pain else 0)
    rir += ctx.options.extra_reserve
    back = InjuryArea.LOWER_BACK in ctx.history and (
        ex.pattern is Pattern.HINGE or InjuryArea.LOWER_BACK in ex.stress)
    if back:
        rir = max(rir, 10 - ctx.rules.back_hinge_max_rpe)
    rpe = 10 - rir
    pct = None
    if (ex.measure is Measure.REPS and not back and not sk.taper
            and ctx.profile.experience is not Experience.BEGINNER
            and one_rep_max_applies(ex, ctx.rules)):
        pct = percent_1rm(rep_range(ex, sk, ctx)[1], rir)
    return (rir if ex.measure is Measure.REPS else None), rpe, pct


def prescribe(ex: Exercise, sk: SessionKind, ctx: WeekContext, *, purpose: Msg,
              main: bool = False, sets: int | None = None, emphasis: Emphasis | None = None,
              pain_free_range: bool = False) -> Prescription:
    lo, hi = rep_range(ex, sk, ctx)
    tempo = _tempo(ex, sk, ctx, emphasis)
    rir, rpe, pct = _effort(ex, sk, ctx)
    harder = None
    if ex.load_kind is LoadKind.BODYWEIGHT and role(ex) in ("lift", "calf") and not sk.taper:
        nxt = harder_variation(ex, ctx)
        harder = nxt.slug if nxt else None
    advice = advice_for(ex, sk, ctx, rir=rir, rpe=rpe, pct=pct, harder=harder, tempo=tempo,
                        pain_free_range=pain_free_range)
    return Prescription(
        slug=ex.slug, name=ex.name, category=ex.category,
        sets=_sets(ex, sk, ctx, main) if sets is None else sets,
        target=Target(ex.measure, lo, hi, per_side(ex)), rest_seconds=_rest(ex, sk, ctx.rules),
        tempo=tempo,
        load=Load(kind=ex.load_kind, reps_in_reserve=rir, rpe=rpe, percent_1rm=pct,
                  advice=advice),
        purpose=ctx.voice.render(purpose), harder_variation=harder,
    )


def harder_variation(ex: Exercise, ctx: WeekContext) -> Exercise | None:
    for slug in ex.harder:
        other = ctx.catalogue.by_slug[slug]
        if other.equipment <= ctx.owned and not (other.stress & ctx.current) and (
            other.impact is not Impact.HIGH or Category.PLYOMETRICS in ex.categories
        ):
            return other
    return None


def advice_for(ex: Exercise, sk: SessionKind, ctx: WeekContext, *, rir: int | None,
               rpe: int | None, pct: int | None, harder: str | None, tempo: str | None,
               pain_free_range: bool) -> str:
    """The load advice, built from messages so every sentence is true of this prescription."""
    parts: list[Msg] = []
    if sk.pain:
        parts.append(msg("advice.pain"))
    if pain_free_range:
        parts.append(msg("advice.pain_free_range"))
    hard = ctx.rules.hard_doses.get(ex.slug)
    if hard is not None and hard.advice and not sk.taper:
        parts.append(msg(hard.advice))
    if sk.taper:
        parts.append(msg("advice.taper"))
    elif role(ex) == "plyo":
        parts.append(msg("advice.plyo"))
    else:
        parts += _load_advice(ex, ctx, rir, rpe, pct, harder, tempo)
    return " ".join(ctx.voice.render(p) for p in parts)


def _load_advice(ex: Exercise, ctx: WeekContext, rir: int | None, rpe: int | None,
                 pct: int | None, harder: str | None, tempo: str | None) -> list[Msg]:
    effort = msg("advice.effort_rir", rir=rir, rpe=rpe) if rir is not None else (
        msg("advice.effort_rpe", rpe=rpe))
    parts: list[Msg] = []
    if tempo and tempo != ex.tempo:
        down, pause, up = (int(x) for x in tempo.split("-")[:3])
        if ex.pattern is Pattern.CALF_RAISE and up >= 3:
            parts.append(msg("advice.slow_calf", down=down, pause=pause))
        elif pause:
            parts.append(msg("advice.slow_tempo", down=down, pause=pause))
        else:
            parts.append(msg("advice.slow_lowering", down=down))
    if ex.load_kind is LoadKind.EXTERNAL:
        if ctx.profile.experience is Experience.BEGINNER:
            parts += [msg("advice.first_weeks"), msg("advice.then_weight", effort=effort)]
        else:
            parts.append(msg("advice.weight", effort=effort))
        if pct is not None:
            parts.append(msg("advice.percent", pct=pct))
        if InjuryArea.LOWER_BACK in ctx.history and ex.pattern is Pattern.HINGE:
            parts.append(msg("advice.back_light"))
        parts.append(msg(f"advice.progress_{ex.measure.value}"))
    elif ex.load_kind is LoadKind.BAND:
        parts.append(msg("advice.band", effort=effort))
    else:
        hold = ex.measure is not Measure.REPS
        parts.append(msg("advice.bodyweight_hold" if hold else "advice.bodyweight",
                         effort=effort))
        if InjuryArea.LOWER_BACK in ctx.history and ex.pattern is Pattern.HINGE:
            parts.append(msg("advice.back_light"))
        if harder is not None:
            name = ctx.catalogue.by_slug[harder].name
            parts.append(msg("advice.harder_hold" if hold else "advice.harder_reps", name=name))
    return parts


def easy(ex: Exercise, *, cooldown: bool, voice: Voice) -> Prescription:
    """A warm-up drill or a cool-down stretch: one easy set."""
    return _easy(ex, cooldown, voice)


@cache
def _easy(ex: Exercise, cooldown: bool, voice: Voice) -> Prescription:
    if ex.measure is Measure.SECONDS:
        lo, hi = 20, 30
    elif ex.measure is Measure.METERS:
        lo, hi = 15, 20
    else:
        lo, hi = (5, 6) if cooldown else (8, 10)
    return Prescription(
        slug=ex.slug, name=ex.name, category=ex.category, sets=1,
        target=Target(ex.measure, lo, hi, per_side(ex)), rest_seconds=10, tempo=None,
        load=Load(kind=ex.load_kind, reps_in_reserve=None, rpe=None, percent_1rm=None,
                  advice=voice("advice.cooldown" if cooldown else "advice.warmup")),
        purpose=voice("purpose.cooldown" if cooldown else "purpose.warmup"),
    )
