"""Which sentences explain the whole week (DOMAIN §9): phase, session count, habits, goals and
notes, said once in the plan's rationale, each only when the week's sessions make it true. The
words come from explain_plan.py; this module only decides which apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.engine.context import WeekContext, weeks_out
from app.engine.explain import Msg, msg, rest_words
from app.engine.memo import Memo
from app.engine.rationale import Explained
from app.engine.rules import Rule, Rules
from app.engine.slots import FULL_FOCUSES
from app.engine.types import (
    GENTLE_PHASES,
    Category,
    Exercise,
    Experience,
    Goal,
    Pattern,
    Phase,
    Session,
    Strategy,
)


@dataclass(frozen=True, slots=True)
class WeekFacts:
    """What the week's finished sessions hold, for sentences that must be true of them."""

    varied: bool = True  # each later session holds mostly exercises the week has not had yet
    resilience_full: bool = True  # every full session holds calf and hip-abductor work


def week_facts(sessions: Sequence[Session], by_slug: Mapping[str, Exercise]) -> WeekFacts:
    """DOMAIN §2: "different exercises for the same job" holds when, in every session after the
    first, more than half the exercises are new to the week; the injury-resilience promise holds
    when every full session has a calf exercise and a hip-abductor one."""
    seen: set[str] = set()
    varied = True
    for s in sessions:
        slugs = [rx.slug for rx in s.exercises]
        if seen and 2 * sum(slug in seen for slug in slugs) >= len(slugs):
            varied = False
        seen.update(slugs)
    resilience_full = all(
        any(rx.category is Category.CALVES_ANKLES for rx in s.exercises)
        and any(by_slug[rx.slug].pattern is Pattern.HIP_ABDUCTION for rx in s.exercises)
        for s in sessions if s.focus in FULL_FOCUSES)
    return WeekFacts(varied, resilience_full)


def plan_rationale(ctx: WeekContext, target: int, placed: int,
                   sessions_rules: Sequence[Sequence[str]], *,
                   all_circuit: bool = False, heavy: bool = False,
                   facts: WeekFacts = WeekFacts()) -> Explained:
    """What holds for the whole week, said once, with the rule codes behind it."""
    profile = ctx.profile
    out = Explained([], [])
    if ctx.phase_derived:
        assert profile.race_date is not None
        assert profile.week_start is not None
        wk = weeks_out(profile.race_date, profile.week_start)
        when = msg("plan.race_this_week") if wk == 0 else msg("plan.race_weeks_after", weeks=wk)
        out.add(Rule.PHASE_FROM_RACE, msg("plan.phase_from_race", when=when,
                                          phase=msg(f"phase.{ctx.phase.value}")))
    else:
        out.add(None, msg("plan.phase_given", phase=msg(f"phase.{ctx.phase.value}")))
    if target == 0 and profile.sessions_per_week == 0:
        out.add(Rule.SESSIONS_BY_PHASE, msg("plan.no_sessions"))
    elif ctx.phase is Phase.TAPER:
        out.add(Rule.TAPER, msg("plan.taper"))
    elif ctx.phase is Phase.RECOVERY:
        out.add(Rule.RECOVERY_WEEK, msg("plan.recovery"))
    else:
        key = f"plan.sessions.{placed}" if placed <= 3 else "plan.sessions.n"
        out.add(Rule.SESSIONS_BY_PHASE, msg(key, count=placed) if placed > 3 else msg(key))
    if ctx.high_mileage and placed and ctx.phase not in GENTLE_PHASES:
        # Said only of a week that holds such sessions: a taper's single short session has its
        # own, lower limit (DOMAIN §5), and one session is not "two shorter sessions".
        key = "plan.high_mileage" if placed >= 2 else "plan.high_mileage_one"
        out.add(Rule.HIGH_MILEAGE_TWO_SHORTER, msg(
            key, run_days=ctx.run_days,
            minutes=min(ctx.rules.high_mileage_max_minutes, profile.session_minutes)))
    if placed:
        _plan_habits(ctx, sessions_rules, out, all_circuit, heavy, facts)
    if ctx.phase not in GENTLE_PHASES:
        out.add(Rule.CORE_BLOCK_AFTER_RUN, msg("plan.core_block"))
    return out


def plan_words(ctx: WeekContext, target: int, placed: int,
               sessions_rules: Sequence[Sequence[str]], *, all_circuit: bool = False,
               heavy: bool = False,
               facts: WeekFacts = WeekFacts()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """plan_rationale's sentences rendered in ctx's voice, and its rule codes (once each),
    memoised by everything plan_rationale reads: a new read there must join this key."""
    p = ctx.profile
    weeks = (weeks_out(p.race_date, p.week_start)
             if ctx.phase_derived and p.race_date and p.week_start else None)
    key = (ctx.phase_derived, weeks, ctx.phase, target, p.sessions_per_week, placed,
           ctx.high_mileage, ctx.run_days, p.session_minutes, p.strategy, p.experience,
           tuple(tuple(r) for r in sessions_rules), all_circuit, heavy, ctx.owned, p.goals,
           ctx.plyo_reason, ctx.current, facts, ctx.rules, ctx.voice)
    hit = PLAN_WORDS.get(key)
    if hit is None:
        explained = plan_rationale(ctx, target, placed, sessions_rules, all_circuit=all_circuit,
                                   heavy=heavy, facts=facts)
        hit = (tuple(ctx.voice.render(m) for m in explained.sentences),
               tuple(dict.fromkeys(explained.rules)))
        PLAN_WORDS.put(key, hit)
    return hit


PLAN_WORDS: Memo[tuple[object, ...], tuple[tuple[str, ...], tuple[str, ...]]] = Memo(8192)


def _plan_habits(ctx: WeekContext, sessions_rules: Sequence[Sequence[str]],
                 out: Explained, all_circuit: bool, heavy: bool, facts: WeekFacts) -> None:
    profile, rules = ctx.profile, ctx.rules
    if profile.strategy is Strategy.HARD_DAYS_HARD:  # said only when a session shows it
        on_quality = any(Rule.HARD_DAYS_HARD in r for r in sessions_rules)
        out.add(Rule.HARD_DAYS_HARD, msg("plan.hard_days_hard") if on_quality else None)
    else:
        out.add(Rule.SEPARATE, msg("plan.separate"))
    if profile.experience is Experience.BEGINNER:
        out.add(Rule.BEGINNERS_BODYWEIGHT_FIRST, msg("plan.beginner"))
        if any(Rule.BEGINNERS_OFF_DAYS in r for r in sessions_rules):
            out.add(Rule.BEGINNERS_OFF_DAYS, msg("plan.beginner_days"))
        if any(Rule.HEAVY_NEEDS_EXPERIENCE in r for r in sessions_rules):
            out.add(Rule.HEAVY_NEEDS_EXPERIENCE, msg("plan.beginner_moderate"))
    if ctx.phase is Phase.RACE_SPECIFIC:
        out.add(Rule.MAINTENANCE_SETS, msg("dose.maintenance", sets=rules.maintenance_max_sets))
    if ctx.phase not in GENTLE_PHASES:
        out.add(Rule.POSTERIOR_CHAIN_FIRST, msg("plan.posterior_chain"))
        out.add(Rule.UNILATERAL_WORK, msg("plan.single_leg"))
        if len(sessions_rules) > 1:
            out.add(Rule.VARIETY_IN_WEEK, msg("plan.variety") if facts.varied
                    else _repeat_sentence(ctx))
        out.add(Rule.REST_BY_TYPE, _rest_sentence(rules, all_circuit, heavy))
    out.add(Rule.WARMUP_AND_COOLDOWN, msg("plan.warmup"))
    owned = tuple(e.value.replace("_", " ") for e in sorted(ctx.owned))
    out.add(Rule.EQUIPMENT, msg("plan.equipment", owned=owned or msg("equipment.none")))
    if any(Rule.NO_LOAD_PROGRESSION in r for r in sessions_rules):
        out.add(Rule.NO_LOAD_PROGRESSION, msg("plan.no_load"))
    out.add(Rule.ONE_VARIABLE, msg("plan.progress"))
    for sentence in _goal_sentences(ctx, facts):
        out.add(Rule.GOALS_SHAPE_CONTENT, sentence)


def _rest_sentence(rules: Rules, all_circuit: bool, heavy: bool) -> Msg:
    if all_circuit:
        return msg("plan.rest_circuit", rest=rules.rest_circuit)
    if heavy:
        return msg("plan.rest_heavy", heavy=rest_words(rules.rest_heavy_lift),
                   lift=rules.rest_lower_body_lift, other=rules.rest_core_upper)
    return msg("plan.rest", lift=rules.rest_lower_body_lift, other=rules.rest_core_upper)


def _repeat_sentence(ctx: WeekContext) -> Msg:
    """The sessions share most exercises: said as it is, with the reason when it is the pain
    (DOMAIN §7: the work that suits a painful area is narrow, and it is the point)."""
    if ctx.current:
        return msg("plan.repeat_pain", areas=tuple(msg(f"area.{a.value}")
                                                   for a in sorted(ctx.current)))
    return msg("plan.repeat")


def _goal_sentences(ctx: WeekContext, facts: WeekFacts) -> list[Msg]:
    """The runner's stated goals, acknowledged with what they changed."""
    out: list[Msg] = []
    goals = ctx.profile.goals
    taper = ctx.phase in GENTLE_PHASES
    if Goal.ECONOMY in goals and not taper:
        out.append(msg("plan.goal.economy"))
    if Goal.SPEED_POWER in goals:
        out.append(msg("plan.goal.speed_power") if ctx.plyo_reason is None else
                   msg("plan.goal.speed_power_blocked", reason=ctx.plyo_reason))
    if Goal.INJURY_RESILIENCE in goals and not taper:
        out.append(msg("plan.goal.injury_resilience" if facts.resilience_full
                       else "plan.goal.injury_resilience_time"))
    if Goal.WEIGHT_LOSS in goals and not taper:
        out.append(msg("plan.goal.weight_loss"))
    return out


def notes(ctx: WeekContext) -> list[Msg]:
    out: list[Msg] = []
    if ctx.current:
        areas = tuple(msg(f"area.{a.value}") for a in sorted(ctx.current))
        out.append(msg("note.current_pain", areas=areas))
    if ctx.profile.injuries:
        out.append(msg("note.medical"))
    return out
