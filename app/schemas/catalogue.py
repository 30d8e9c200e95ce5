"""The exercise catalogue as the API answers it: exercises, equipment and alternatives."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from app.engine import types as t
from app.engine.catalogue import Catalogue
from app.engine.types import (
    Category,
    Equipment,
    Impact,
    InjuryArea,
    Level,
    Measure,
    Muscle,
    Pattern,
)


class ExerciseOut(BaseModel):
    slug: str
    name: str
    category: Category = Field(description="The main category (the first of categories).")
    categories: list[Category]
    pattern: Pattern
    primary_muscles: list[Muscle]
    secondary_muscles: list[Muscle]
    equipment: list[Equipment] = Field(description="All of it is needed; empty = bodyweight.")
    level: Level
    unilateral: bool
    measure: Measure
    impact: Impact
    stress: list[InjuryArea] = Field(description="Joints and tissues it loads noticeably.")
    tempo: str | None
    instructions: list[str]
    cues: list[str]
    easier: list[str]
    harder: list[str]


class ExercisePage(BaseModel):
    data: list[ExerciseOut]
    count: int = Field(description="How many exercises match the filters in all.")
    limit: int
    offset: int


class EquipmentOut(BaseModel):
    slug: Equipment
    name: str
    loads: bool = Field(description="Whether it adds external load (weights or a cable).")


class EquipmentList(BaseModel):
    data: list[EquipmentOut]
    count: int


def exercise_to_dict(ex: t.Exercise) -> dict[str, Any]:
    return {
        "slug": ex.slug,
        "name": ex.name,
        "category": ex.category.value,
        "categories": [c.value for c in ex.categories],
        "pattern": ex.pattern.value,
        "primary_muscles": [m.value for m in ex.primary_muscles],
        "secondary_muscles": [m.value for m in ex.secondary_muscles],
        "equipment": sorted(e.value for e in ex.equipment),
        "level": ex.level.value,
        "unilateral": ex.unilateral,
        "measure": ex.measure.value,
        "impact": ex.impact.value,
        "stress": sorted(s.value for s in ex.stress),
        "tempo": ex.tempo,
        "instructions": list(ex.instructions),
        "cues": list(ex.cues),
        "easier": list(ex.easier),
        "harder": list(ex.harder),
    }


def catalogue_dicts(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    return {ex.slug: exercise_to_dict(ex) for ex in catalogue.exercises}


class AlternativeOut(ExerciseOut):
    rank: int = Field(description="1 = closest to the original.")


class AlternativeList(BaseModel):
    data: list[AlternativeOut]
    count: int
