"""Warm-up activation and cool-down mobility (DOMAIN §3): chosen once per pool, never skipped."""

from __future__ import annotations

from functools import cache

from app.engine.catalogue import Catalogue
from app.engine.types import Category, Exercise, Impact, Level, LoadKind, Muscle, Pattern

WARMUP_PATTERNS = (Pattern.BRIDGE, Pattern.HIP_ABDUCTION, Pattern.DYNAMIC_WARMUP,
                   Pattern.DYNAMIC_WARMUP, Pattern.DYNAMIC_WARMUP)
COOLDOWN_GROUPS: tuple[frozenset[Muscle], ...] = (
    frozenset({Muscle.CALVES, Muscle.SOLEUS}),
    frozenset({Muscle.HIP_FLEXORS, Muscle.GLUTES, Muscle.ADDUCTORS, Muscle.QUADS}),
    frozenset({Muscle.UPPER_BACK, Muscle.LOWER_BACK, Muscle.HAMSTRINGS}),
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


@cache
def warmup_drills(catalogue: Catalogue, pool: frozenset[str], items: int) -> tuple[Exercise, ...]:
    chosen: list[Exercise] = []
    for pattern in WARMUP_PATTERNS[:items]:
        for ex in _warmup_candidates(catalogue, pattern):
            if ex.slug in pool and ex not in chosen:
                chosen.append(ex)
                break
    return tuple(chosen)


@cache
def cooldown_drills(catalogue: Catalogue, pool: frozenset[str]) -> tuple[Exercise, ...]:
    chosen: list[Exercise] = []
    for group in COOLDOWN_GROUPS:
        for ex in _cooldown_candidates(catalogue, group):
            if ex.slug in pool and ex not in chosen:
                chosen.append(ex)
                break
    return tuple(chosen)
