"""The exercise catalogue: one TOML data file, loaded once and validated strictly."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from app.engine.errors import CatalogueError, UnknownExerciseError
from app.engine.types import (
    Category,
    Equipment,
    Exercise,
    Impact,
    InjuryArea,
    Level,
    Measure,
    Muscle,
    Pattern,
    load_kind_of,
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEMPO = re.compile(r"^\d-\d-\d-\d$")
_FIELDS = frozenset(
    {
        "slug", "name", "categories", "pattern", "primary_muscles", "secondary_muscles",
        "equipment", "level", "unilateral", "measure", "impact", "stress", "tempo",
        "instructions", "cues", "easier", "harder",
    }
)
_REQUIRED = _FIELDS - {"tempo"}

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True, eq=False)
class Catalogue:
    """Hashable by identity, so per-catalogue indexes can be cached."""

    exercises: tuple[Exercise, ...]
    by_slug: Mapping[str, Exercise]

    def get(self, slug: str) -> Exercise:
        try:
            return self.by_slug[slug]
        except KeyError:
            raise UnknownExerciseError(slug) from None

    def search(
        self,
        *,
        equipment: frozenset[Equipment] | None = None,
        category: Category | None = None,
        pattern: Pattern | None = None,
        level: Level | None = None,
        muscle: Muscle | None = None,
        unilateral: bool | None = None,
        impact: Impact | None = None,
    ) -> list[Exercise]:
        """Exercises matching every given filter.

        `equipment` is what the runner owns: an exercise matches when everything it needs is
        owned (bodyweight exercises always match). `level` keeps exercises up to and including it.
        """
        out = []
        for ex in self.exercises:
            if equipment is not None and not ex.equipment <= equipment:
                continue
            if category is not None and category not in ex.categories:
                continue
            if pattern is not None and ex.pattern is not pattern:
                continue
            if level is not None and ex.level.rank > level.rank:
                continue
            if muscle is not None and muscle not in ex.primary_muscles + ex.secondary_muscles:
                continue
            if unilateral is not None and ex.unilateral is not unilateral:
                continue
            if impact is not None and ex.impact is not impact:
                continue
            out.append(ex)
        return out


def _enum(kind: type[E], value: Any, where: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise CatalogueError(f"{where}: {value!r} is not one of: {allowed}") from None


def _enums(kind: type[E], values: Any, where: str, *, lo: int, hi: int) -> tuple[E, ...]:
    if not isinstance(values, list) or not lo <= len(values) <= hi:
        raise CatalogueError(f"{where}: expected a list of {lo}-{hi} items")
    items = tuple(_enum(kind, v, where) for v in values)
    if len(set(items)) != len(items):
        raise CatalogueError(f"{where}: repeated item")
    return items


def _texts(values: Any, where: str, *, lo: int, hi: int) -> tuple[str, ...]:
    if not isinstance(values, list) or not lo <= len(values) <= hi:
        raise CatalogueError(f"{where}: expected {lo}-{hi} sentences")
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise CatalogueError(f"{where}: every item must be a non-empty string")
    return tuple(values)


def _slugs(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list) or len(values) > 3:
        raise CatalogueError(f"{where}: expected a list of at most 3 slugs")
    for v in values:
        if not isinstance(v, str) or not _SLUG.match(v):
            raise CatalogueError(f"{where}: {v!r} is not a slug")
    return tuple(values)


def parse_exercise(raw: Mapping[str, Any], index: int) -> Exercise:
    where = f"exercise[{index}]"
    keys = set(raw)
    if missing := _REQUIRED - keys:
        raise CatalogueError(f"{where}: missing {', '.join(sorted(missing))}")
    if extra := keys - _FIELDS:
        raise CatalogueError(f"{where}: unknown field(s) {', '.join(sorted(extra))}")
    slug = raw["slug"]
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise CatalogueError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
    where = f"exercise {slug!r}"
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise CatalogueError(f"{where}: name must be a non-empty string")
    tempo = raw.get("tempo")
    if tempo is not None and (not isinstance(tempo, str) or not _TEMPO.match(tempo)):
        raise CatalogueError(f"{where}: tempo must look like 3-1-1-0")
    for flag in ("unilateral",):
        if not isinstance(raw[flag], bool):
            raise CatalogueError(f"{where}: {flag} must be true or false")
    primary = _enums(Muscle, raw["primary_muscles"], f"{where}.primary_muscles", lo=1, hi=4)
    secondary = _enums(Muscle, raw["secondary_muscles"], f"{where}.secondary_muscles", lo=0, hi=5)
    if set(primary) & set(secondary):
        raise CatalogueError(f"{where}: a muscle is both primary and secondary")
    equipment = frozenset(_enums(Equipment, raw["equipment"], f"{where}.equipment", lo=0, hi=4))
    return Exercise(
        slug=slug,
        name=name.strip(),
        categories=_enums(Category, raw["categories"], f"{where}.categories", lo=1, hi=3),
        pattern=_enum(Pattern, raw["pattern"], f"{where}.pattern"),
        primary_muscles=primary,
        secondary_muscles=secondary,
        equipment=equipment,
        level=_enum(Level, raw["level"], f"{where}.level"),
        unilateral=raw["unilateral"],
        measure=_enum(Measure, raw["measure"], f"{where}.measure"),
        impact=_enum(Impact, raw["impact"], f"{where}.impact"),
        stress=frozenset(_enums(InjuryArea, raw["stress"], f"{where}.stress", lo=0, hi=9)),
        tempo=tempo,
        instructions=_texts(raw["instructions"], f"{where}.instructions", lo=2, hi=5),
        cues=_texts(raw["cues"], f"{where}.cues", lo=1, hi=3),
        easier=_slugs(raw["easier"], f"{where}.easier"),
        harder=_slugs(raw["harder"], f"{where}.harder"),
        load_kind=load_kind_of(equipment),
    )


def build_catalogue(records: Iterable[Mapping[str, Any]]) -> Catalogue:
    """Validate raw records and cross-check them; raises CatalogueError on the first problem."""
    exercises = [parse_exercise(raw, i) for i, raw in enumerate(records)]
    by_slug: dict[str, Exercise] = {}
    names: set[str] = set()
    for ex in exercises:
        if ex.slug in by_slug:
            raise CatalogueError(f"exercise {ex.slug!r} appears twice")
        if ex.name.lower() in names:
            raise CatalogueError(f"exercise {ex.slug!r}: the name {ex.name!r} is used twice")
        by_slug[ex.slug] = ex
        names.add(ex.name.lower())
    for ex in exercises:
        for rel in ("easier", "harder"):
            for other in getattr(ex, rel):
                if other == ex.slug:
                    raise CatalogueError(f"exercise {ex.slug!r}: {rel} names itself")
                if other not in by_slug:
                    raise CatalogueError(f"exercise {ex.slug!r}: {rel} {other!r} does not exist")
    ordered = tuple(sorted(exercises, key=lambda e: e.slug))
    return Catalogue(exercises=ordered, by_slug={e.slug: e for e in ordered})


def parse_catalogue_toml(text: str) -> Catalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"the catalogue is not valid TOML: {exc}") from None
    records = data.get("exercise")
    if not isinstance(records, list) or not records:
        raise CatalogueError("the catalogue has no [[exercise]] tables")
    return build_catalogue(records)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the package, read and validated once per process."""
    text = resources.files("app.engine").joinpath("data/exercises.toml").read_text("utf-8")
    return parse_catalogue_toml(text)
