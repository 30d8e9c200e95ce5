"""Upper-body work in a session and over the week (DOMAIN §2), after the time is fitted.

A full-body session holds an upper-body exercise (a pull first) whenever the time allows one
more exercise; and every week outside the taper and the recovery week holds an upper-body pull
and an upper-body push whenever a session has time for one more (race-specific maintenance keeps
only the pull: no extras there). A session that is fitted while
its week still lacks one gets the quickest the runner can do, for one set with a circuit's
rest, in the form of that movement the week already uses if it has one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from app.engine.budget import Fitted, Item, fitted_seconds, main_seconds
from app.engine.context import WeekContext
from app.engine.dosing import SessionKind, prescribe
from app.engine.explain import msg
from app.engine.memo import Memo
from app.engine.selection import Chosen, candidates
from app.engine.slots import PULL, PULLS, PUSH, PUSHES, Slot, other_form
from app.engine.types import GENTLE_PHASES, Category, Focus, Pattern, Phase, Prescription


def squeeze_upper(ctx: WeekContext, fitted: Fitted, pool: frozenset[str], sk: SessionKind,
                  budget_s: int, focus: Focus) -> None:
    """The upper-body work this session and its week still lack, while the time allows."""
    if ctx.phase in GENTLE_PHASES:
        return
    by_slug = ctx.catalogue.by_slug
    week = [by_slug[s].pattern for s in ctx.used] + [it.chosen.ex.pattern for it in fitted.items]
    bare = focus is Focus.FULL_BODY_STRENGTH and not any(
        it.chosen.ex.category is Category.UPPER_BODY for it in fitted.items)
    if (bare or not _holds(week, PULLS)) and _squeeze(ctx, fitted, pool, sk, budget_s, PULL):
        week.append(fitted.items[-1].chosen.ex.pattern)
    if not _holds(week, PUSHES) and ctx.phase is not Phase.RACE_SPECIFIC:
        _squeeze(ctx, fitted, pool, sk, budget_s, PUSH)  # maintenance: no extras


def _holds(patterns: Iterable[Pattern], wanted: frozenset[Pattern]) -> bool:
    return any(p in wanted for p in patterns)


def _squeeze(ctx: WeekContext, fitted: Fitted, pool: frozenset[str], sk: SessionKind,
             budget_s: int, slot: Slot) -> bool:
    """The quickest exercise for the slot (the simplest first), one set with the session's own
    rest or, if only that fits, a circuit's."""
    spare = budget_s - fitted_seconds(fitted, ctx.catalogue.by_slug, ctx.rules)
    used = tuple(ctx.used)
    taken = {it.chosen.ex.slug for it in fitted.items}
    for cost, chosen, rx in _options(ctx, pool, sk, slot):
        if (cost <= spare and chosen.ex.slug not in taken
                and not other_form(ctx.catalogue, used, chosen.ex.slug)):
            fitted.items.append(Item(chosen, rx, cost))
            return True
    return False


Option = tuple[int, Chosen, Prescription]


def _options(ctx: WeekContext, pool: frozenset[str], sk: SessionKind,
             slot: Slot) -> tuple[Option, ...]:
    """Every exercise the slot may take, one set each, in the order they are tried: the simple
    before the near-maximal, the session's own rest before a circuit's, the quickest first.
    Memoised by what dosing reads."""
    p = ctx.profile
    key = (slot, pool, sk, ctx.level, p.experience, ctx.owned, ctx.current, ctx.history,
           ctx.options, ctx.rules, ctx.catalogue, ctx.voice)
    hit = OPTIONS.get(key)
    if hit is None:
        hit = _dosed_options(ctx, pool, sk, slot)
        OPTIONS.put(key, hit)
    return hit


def _dosed_options(ctx: WeekContext, pool: frozenset[str], sk: SessionKind,
                   slot: Slot) -> tuple[Option, ...]:
    by_slug, rules = ctx.catalogue.by_slug, ctx.rules
    ranked: list[tuple[bool, bool, int, str, Option]] = []
    for ex in candidates(ctx.catalogue, slot):
        if ex.slug not in pool or ex.level.rank > ctx.level.rank:
            continue
        full = prescribe(ex, sk, ctx, purpose=msg(slot.purpose), sets=1)
        short = dataclasses.replace(full, rest_seconds=min(full.rest_seconds, rules.rest_circuit))
        chosen = Chosen(slot, ex, (slot.priority, 99))
        for rx in dict.fromkeys((full, short)):
            cost = main_seconds(rx, by_slug, rules)
            # near-maximal work (a pike push-up) only when nothing simpler fits
            ranked.append((ex.slug in rules.hard_doses, rx is not full, cost, ex.slug,
                           (cost, chosen, rx)))
    ranked.sort(key=lambda r: r[:4])
    return tuple(r[4] for r in ranked)


OPTIONS: Memo[tuple[object, ...], tuple[Option, ...]] = Memo(4096)
