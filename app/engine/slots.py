"""The jobs a session's exercises do (DOMAIN §2), as data: slots by session focus, and what
counts as the same movement.

A slot names the categories and movement patterns that may fill it and how much it matters:
required slots make the minimum effective session; injury and goal emphases come next, then the
upper-body pull of a full-body session; extras go first when time is short.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from app.engine.catalogue import Catalogue
from app.engine.types import (
    HIP_DOMINANT,
    KNEE_DOMINANT,
    Category,
    Exercise,
    Focus,
    Muscle,
    Pattern,
)

REQUIRED, EMPHASIS, UPPER, OPTIONAL = 0, 1, 2, 3

ANTI_MOVEMENT = frozenset({Pattern.ANTI_EXTENSION, Pattern.ANTI_ROTATION,
                           Pattern.ANTI_LATERAL_FLEXION})
PULLS = frozenset({Pattern.HORIZONTAL_PULL, Pattern.VERTICAL_PULL})
PUSHES = frozenset({Pattern.HORIZONTAL_PUSH, Pattern.VERTICAL_PUSH})
PLYO_PATTERNS = frozenset({Pattern.JUMP, Pattern.HOP, Pattern.BOUND, Pattern.SKIP})
LOWER = frozenset({Category.QUADS, Category.GLUTES_HIPS, Category.POSTERIOR_CHAIN})


@dataclass(frozen=True, slots=True)
class Slot:
    key: str
    purpose: str  # message id
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
       uni: bool | None = None, prio: int = REQUIRED) -> Slot:
    return Slot(key, purpose, frozenset(cats), None if pats is None else frozenset(pats), uni,
                prio)


P, C = Pattern, Category
KNEE = _s("knee", "purpose.knee", [C.QUADS], KNEE_DOMINANT)
HIP = _s("hip", "purpose.hip", [C.POSTERIOR_CHAIN, C.GLUTES_HIPS], HIP_DOMINANT)
UNI = _s("unilateral", "purpose.unilateral", LOWER, KNEE_DOMINANT | {P.HINGE, P.BRIDGE},
         uni=True)
UNI_HIP = _s("unilateral", "purpose.hip_uni", LOWER, [P.HINGE, P.BRIDGE, P.KNEE_FLEXION],
             uni=True)
CALF = _s("calf", "purpose.calf", [C.CALVES_ANKLES], [P.CALF_RAISE, P.ANKLE])
CORE = _s("core", "purpose.core", [C.CORE], ANTI_MOVEMENT)
CORE2 = _s("core2", "purpose.core2", [C.CORE], ANTI_MOVEMENT | {P.CARRY}, prio=OPTIONAL)
CORE2_REQUIRED = _s("core2", "purpose.core2", [C.CORE], ANTI_MOVEMENT | {P.CARRY})
GLUTE = _s("glutes", "purpose.glutes", [C.GLUTES_HIPS], [P.HIP_ABDUCTION, P.BRIDGE],
           prio=OPTIONAL)
PULL = _s("pull", "purpose.pull", [C.UPPER_BODY], PULLS, prio=UPPER)
PULL_REQUIRED = _s("pull", "purpose.pull", [C.UPPER_BODY], PULLS)
PUSH = _s("push", "purpose.push", [C.UPPER_BODY], PUSHES, prio=OPTIONAL)
# The week's first push, kept like the pull: every week holds one when the time allows.
PUSH_WEEK = _s("push", "purpose.push", [C.UPPER_BODY], PUSHES, prio=UPPER)
KNEE_UNI = _s("knee", "purpose.knee_uni", [C.QUADS], KNEE_DOMINANT, uni=True)
HIP_UNI = _s("hip", "purpose.hip_uni", [C.POSTERIOR_CHAIN, C.GLUTES_HIPS],
             [P.HINGE, P.BRIDGE], uni=True)
ACTIVATE = _s("activation", "purpose.activation", [C.ACTIVATION, C.GLUTES_HIPS],
              [P.BRIDGE, P.HIP_ABDUCTION])
SPRINGY = _s("calf", "purpose.springy_calves", [C.CALVES_ANKLES], [P.CALF_RAISE],
             prio=OPTIONAL)
PLYO = _s("plyo", "purpose.plyo", [C.PLYOMETRICS], PLYO_PATTERNS, prio=OPTIONAL)
SIDE = _s("side", "purpose.side", [C.CORE], [P.ANTI_LATERAL_FLEXION])

SLOTS: dict[Focus, tuple[Slot, ...]] = {
    Focus.LOWER_BODY_STRENGTH: (KNEE, HIP, UNI, CALF, CORE, PULL, GLUTE, CORE2),
    Focus.FULL_BODY_STRENGTH: (KNEE, HIP, UNI, CALF, CORE, PULL, GLUTE, CORE2, PUSH),
    Focus.SINGLE_LEG_AND_CORE: (KNEE_UNI, HIP_UNI, CALF, CORE, GLUTE, CORE2),
    Focus.CORE_AND_UPPER_BODY: (CORE, CORE2_REQUIRED, PULL_REQUIRED, PUSH),
    Focus.ACTIVATION_AND_MOBILITY: (ACTIVATE, CORE, SPRINGY),
}
FULL_FOCUSES = frozenset({Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH,
                          Focus.SINGLE_LEG_AND_CORE})


def is_knee_dominant(ex: Exercise) -> bool:
    return ex.pattern in KNEE_DOMINANT and Category.PLYOMETRICS not in ex.categories


def is_hip_dominant(ex: Exercise) -> bool:
    return ex.pattern in HIP_DOMINANT and Category.PLYOMETRICS not in ex.categories


def is_anti_movement_core(ex: Exercise) -> bool:
    return Category.CORE in ex.categories and ex.pattern in ANTI_MOVEMENT


@cache
def movement(ex: Exercise) -> tuple[str, ...]:
    """What counts as one movement within a session (DOMAIN §2): every lunge is a lunge and
    every hinge a hinge; a calf raise is straight- or bent-knee; otherwise the pattern done on
    one leg or two."""
    if ex.pattern in (Pattern.LUNGE, Pattern.HINGE):
        return (ex.pattern.value,)
    if ex.pattern is Pattern.CALF_RAISE:
        bent = Muscle.SOLEUS in ex.primary_muscles
        return ("calf_raise", "bent" if bent else "straight")
    return (ex.pattern.value, "one" if ex.unilateral else "two")


def same_movement(a: Exercise, b: Exercise) -> bool:
    """Two exercises are the same movement when their movement keys match, one is the other's
    direct easier or harder variation (a loaded, assisted or easier version of it), or one is
    the other done on one leg (a hip thrust and a single-leg hip thrust, a glute bridge and a
    single-leg glute bridge). A squat with a pistol or a split squat is not: those are other
    exercises, not a named exercise on one leg."""
    return (movement(a) == movement(b) or a.slug in b.easier or a.slug in b.harder
            or b.slug in a.easier or b.slug in a.harder or named(a.slug) == named(b.slug))


@lru_cache(maxsize=1024)
def named(slug: str) -> str:
    """The exercise a slug names, without its load, assistance, tempo or one-leg words:
    "single-leg-hip-thrust" and "barbell-hip-thrust" both name "hip-thrust"."""
    return _base(slug).replace("single-leg-", "")


# Words in a slug that name how an exercise is loaded, assisted or eased, not what it is:
# "assisted-pistol-squat" is a form of "pistol-squat", "dumbbell-split-squat" of "split-squat",
# and a B-stance (kickstand) Romanian deadlift is the single-leg one with a little help.
FORM_WORDS: tuple[tuple[str, str], ...] = tuple((w, "") for w in (
    "band-assisted-", "assisted-", "dumbbell-", "kettlebell-", "barbell-", "cable-",
    "suspension-", "mini-band-", "banded-", "band-", "weighted-", "tempo-", "standing-",
    "incline-", "kneeling-", "long-lever-", "front-", "-short-lever",
)) + (("b-stance-", "single-leg-"),)


def _base(slug: str) -> str:
    for word, instead in FORM_WORDS:
        if word.endswith("-") and slug.startswith(word):
            slug = instead + slug[len(word):]
        elif word.startswith("-") and slug.endswith(word):
            slug = slug[: -len(word)] + instead
    return slug


@cache
def forms(catalogue: Catalogue) -> Mapping[str, tuple[str, Pattern, bool]]:
    """Which movement each exercise is a form of, over a week (DOMAIN §2: one form per movement
    each week): the exercise without the words for its load, assistance or tempo, done with the
    same pattern on one leg or two. Pistol and assisted pistol are one movement, so are the
    single-leg Romanian deadlifts with and without weight; a goblet squat and a split squat, or
    a reverse lunge and a split squat, are different exercises for the same job."""
    return {ex.slug: (_base(ex.slug), ex.pattern, ex.unilateral) for ex in catalogue.exercises}


@lru_cache(maxsize=4096)
def week_forms(catalogue: Catalogue,
               used: tuple[str, ...]) -> Mapping[tuple[str, Pattern, bool], frozenset[str]]:
    """The forms the week's earlier sessions gave each movement."""
    movement_of = forms(catalogue)
    out: dict[tuple[str, Pattern, bool], set[str]] = {}
    for slug in used:
        out.setdefault(movement_of[slug], set()).add(slug)
    return {k: frozenset(v) for k, v in out.items()}


def other_form(catalogue: Catalogue, used: tuple[str, ...], slug: str) -> bool:
    """Whether `slug` is another form of a movement the week already holds (the same exercise
    may repeat)."""
    seen = week_forms(catalogue, used).get(forms(catalogue)[slug])
    return seen is not None and slug not in seen
