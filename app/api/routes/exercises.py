"""The exercise catalogue: list with filters, read one, and the equipment vocabulary."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic_core import to_json
from starlette.responses import Response

from app.api.deps import reject_unknown_query, require_client
from app.engine.catalogue import default_catalogue
from app.engine.swaps import alternatives
from app.engine.types import (
    LOADING_EQUIPMENT,
    Category,
    Equipment,
    Impact,
    InjuryArea,
    Level,
    Muscle,
    Pattern,
)
from app.schemas import AlternativeList, EquipmentList, ExerciseOut, ExercisePage, catalogue_dicts

router = APIRouter(prefix="/v1", tags=["exercises"],
                   dependencies=[Depends(require_client), Depends(reject_unknown_query)])

EQUIPMENT_NAMES = {
    Equipment.MAT: "Exercise mat",
    Equipment.MINI_BAND: "Mini loop band",
    Equipment.RESISTANCE_BAND: "Long resistance band",
    Equipment.DUMBBELLS: "Dumbbells",
    Equipment.KETTLEBELL: "Kettlebell",
    Equipment.BARBELL: "Barbell and plates",
    Equipment.CABLE_MACHINE: "Cable machine",
    Equipment.BENCH: "Bench",
    Equipment.BOX_OR_STEP: "Box or step",
    Equipment.PULL_UP_BAR: "Pull-up bar",
    Equipment.SUSPENSION_TRAINER: "Suspension trainer",
}


# What a runner owns, as a filter value: the equipment vocabulary plus `none` (bodyweight only).
OwnedEquipment = StrEnum(  # type: ignore[misc]
    "OwnedEquipment", {**{e.name: e.value for e in Equipment}, "NONE": "none"}
)


@cache
def _dicts() -> dict[str, dict[str, Any]]:
    return catalogue_dicts(default_catalogue())


def _json(data: Any) -> Response:
    return Response(to_json(data), media_type="application/json")


@router.get("/exercises", response_model=ExercisePage, operation_id="listExercises")
async def list_exercises(
    equipment: Annotated[
        list[OwnedEquipment] | None,
        Query(description="Repeatable: what the runner owns. Only exercises whose equipment is "
              "all owned are listed (bodyweight ones always). `none` alone means bodyweight "
              "only."),
    ] = None,
    category: Annotated[Category | None, Query()] = None,
    pattern: Annotated[Pattern | None, Query()] = None,
    level: Annotated[Level | None, Query(description="Up to and including this level.")] = None,
    muscle: Annotated[Muscle | None, Query(description="Primary or secondary muscle.")] = None,
    unilateral: Annotated[bool | None, Query()] = None,
    impact: Annotated[Impact | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    """List exercises a runner can do, filtered by what they own and what they want to train."""
    owned = None
    if equipment is not None:
        owned = frozenset(Equipment(e.value) for e in equipment if e.value != "none")
    found = default_catalogue().search(
        equipment=owned, category=category, pattern=pattern, level=level, muscle=muscle,
        unilateral=unilateral, impact=impact,
    )
    dicts = _dicts()
    page = [dicts[ex.slug] for ex in found[offset: offset + limit]]
    return _json({"data": page, "count": len(found), "limit": limit, "offset": offset})


@router.get("/exercises/{slug}", response_model=ExerciseOut, operation_id="getExercise",
            responses={404: {"description": "No exercise has that slug."}})
async def get_exercise(slug: str) -> Response:
    """One exercise with its instructions, cues and variations."""
    default_catalogue().get(slug)  # raises UnknownExerciseError -> 404
    return _json(_dicts()[slug])


@router.get("/exercises/{slug}/alternatives", response_model=AlternativeList,
            operation_id="listAlternatives",
            responses={404: {"description": "No exercise has that slug."}})
async def list_alternatives(
    slug: str,
    equipment: Annotated[
        list[OwnedEquipment] | None,
        Query(description="Repeatable: what the runner owns (`none` = bodyweight only)."),
    ] = None,
    injury: Annotated[
        list[InjuryArea] | None,
        Query(description="Repeatable: areas that hurt now; nothing loading them is offered, "
              "and no high-impact work."),
    ] = None,
    level: Annotated[Level | None, Query(description="Up to and including this level.")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    """Exercises that train the same category and movement pattern with what the runner owns,
    closest first, never one the injury rules exclude."""
    catalogue = default_catalogue()
    catalogue.get(slug)
    owned = None if equipment is None else frozenset(
        Equipment(e.value) for e in equipment if e.value != "none")
    found = alternatives(catalogue, slug, owned=owned, avoid=frozenset(injury or ()),
                         level=level)
    dicts = _dicts()
    data = [{**dicts[ex.slug], "rank": i + 1} for i, ex in enumerate(found[:limit])]
    return _json({"data": data, "count": len(found)})


@router.get("/equipment", response_model=EquipmentList, operation_id="listEquipment")
async def list_equipment() -> Response:
    """The equipment vocabulary used by profiles and exercise filters."""
    data = [{"slug": e.value, "name": EQUIPMENT_NAMES[e], "loads": e in LOADING_EQUIPMENT}
            for e in Equipment]
    return _json({"data": data, "count": len(data)})
