"""Exercise alternatives and swaps that keep a plan valid (DOMAIN §7-§8)."""

from __future__ import annotations

import dataclasses

from app.engine.catalogue import Catalogue
from app.engine.types import (
    Category,
    Equipment,
    Exercise,
    Impact,
    InjuryArea,
    Level,
    Measure,
    Prescription,
    Target,
)


def alternatives(
    catalogue: Catalogue,
    slug: str,
    *,
    owned: frozenset[Equipment] | None = None,
    avoid: frozenset[InjuryArea] = frozenset(),
    level: Level | None = None,
    allow_high_impact: bool = True,
) -> list[Exercise]:
    """Exercises that train the same main category and movement pattern, closest first.

    `owned` limits to what the runner has (None: no limit); `avoid` is the areas that hurt now -
    an exercise that loads one of them is never offered, nor high-impact work while anything
    hurts. Closeness: same one- or two-legged set-up, same measure, level nearest, then shared
    muscles, then the easier/harder links, then slug.
    """
    base = catalogue.get(slug)
    out: list[tuple[tuple[int, ...], str, Exercise]] = []
    for ex in catalogue.exercises:
        if ex.slug == slug or ex.category is not base.category or ex.pattern is not base.pattern:
            continue
        if owned is not None and not ex.equipment <= owned:
            continue
        if level is not None and ex.level.rank > level.rank:
            continue
        if ex.stress & avoid or ((avoid or not allow_high_impact) and ex.impact is Impact.HIGH):
            continue
        shared = len(set(ex.primary_muscles) & set(base.primary_muscles)) * 2 + len(
            set(ex.primary_muscles + ex.secondary_muscles)
            & set(base.primary_muscles + base.secondary_muscles))
        linked = ex.slug in base.easier or ex.slug in base.harder
        key = (
            0 if ex.unilateral is base.unilateral else 1,
            0 if ex.measure is base.measure else 1,
            abs(ex.level.rank - base.level.rank),
            -shared,
            0 if linked else 1,
        )
        out.append((key, ex.slug, ex))
    out.sort(key=lambda t: (t[0], t[1]))
    return [ex for _, _, ex in out]


_DEFAULT_TARGETS = {
    Measure.REPS: (8, 12),
    Measure.SECONDS: (30, 45),
    Measure.METERS: (20, 30),
}


def swap_prescription(rx: Prescription, new: Exercise) -> Prescription:
    """Put `new` in place of an exercise, keeping sets and rest; the target keeps its range when
    the measure is the same and takes a standard range for the new measure otherwise."""
    if rx.target.unit is new.measure:
        target = dataclasses.replace(rx.target, per_side=new.unilateral)
    else:
        lo, hi = _DEFAULT_TARGETS[new.measure]
        target = Target(new.measure, lo, hi, new.unilateral)
    load = dataclasses.replace(rx.load, kind=new.load_kind, advice=_advice(new, rx))
    if new.measure is not Measure.REPS:
        load = dataclasses.replace(load, reps_in_reserve=None, percent_1rm=None)
    if new.category is Category.PLYOMETRICS:
        load = dataclasses.replace(load, reps_in_reserve=None, rpe=None, percent_1rm=None)
    return dataclasses.replace(rx, slug=new.slug, name=new.name, category=new.category,
                               target=target, tempo=new.tempo, load=load,
                               harder_variation=None)


def _advice(new: Exercise, rx: Prescription) -> str:
    effort = (f"about {rx.load.reps_in_reserve} reps in reserve (RPE {rx.load.rpe})"
              if rx.load.reps_in_reserve is not None and new.measure is Measure.REPS
              else "a little left at the end of each set")
    if new.category is Category.PLYOMETRICS:
        return ("Full effort with soft, quiet landings; rest fully and stop as soon as landings "
                "get heavy.")
    if new.load_kind.value == "external":
        return f"Swapped in: pick a weight that leaves {effort}; never train to failure."
    if new.load_kind.value == "band":
        return f"Swapped in: choose a band tension that leaves {effort}."
    return f"Swapped in: bodyweight, working with {effort}."
