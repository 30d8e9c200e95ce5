"""The exercise catalogue: list with filters, read one, and the equipment vocabulary."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json
from starlette.responses import Response

from app.api.deps import reject_unknown_query, require_client
from app.api.lang import LANG_DESCRIPTION, LanguageDep, LocalisedJSON, localised_json
from app.api.params import parse_query, query_parameters
from app.core.cache import BytesLRU
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
from app.i18n import LANGUAGES, Lang, translator
from app.i18n.content import equipment_name, localise_exercise
from app.i18n.negotiate import choose
from app.schemas import (
    AlternativeList,
    EquipmentList,
    ExerciseOut,
    ExercisePage,
    catalogue_dicts,
)

router = APIRouter(prefix="/v1", tags=["exercises"], dependencies=[Depends(require_client)])
CHECKED = [Depends(reject_unknown_query)]  # routes whose parameters FastAPI reads
# The list is a hot path (app.api.fastpath): it checks its key itself, no dependencies.
fast = APIRouter(prefix="/v1", tags=["exercises"])



# What a runner owns, as a filter value: the equipment vocabulary plus `none` (bodyweight only).
OwnedEquipment = StrEnum(  # type: ignore[misc]
    "OwnedEquipment", {**{e.name: e.value for e in Equipment}, "NONE": "none"}
)


_pages = BytesLRU(max_entries=2048, max_bytes=16 * 1024 * 1024)


@cache
def _dicts(lang: str) -> dict[str, dict[str, Any]]:
    """Every exercise's API dict in one language, built once per language."""
    english = catalogue_dicts(default_catalogue())
    if lang == "en":
        return english
    tr = translator(lang)
    return {slug: localise_exercise(tr, d) for slug, d in english.items()}


def _json(data: Any, lang: str) -> Response:
    return localised_json(to_json(data), lang)


class ExerciseFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    equipment: list[OwnedEquipment] | None = Field(
        default=None, max_length=len(Equipment) + 1,
        description="Repeatable: what the runner owns. Only exercises whose equipment is all "
        "owned are listed (bodyweight ones always). `none` alone means bodyweight only.")
    category: Category | None = None
    pattern: Pattern | None = None
    level: Level | None = Field(default=None, description="Up to and including this level.")
    muscle: Muscle | None = Field(default=None, description="Primary or secondary muscle.")
    unilateral: bool | None = None
    impact: Impact | None = None
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=10_000)
    lang: Lang | None = Field(default=None, description=LANG_DESCRIPTION)


@fast.get("/exercises", response_model=ExercisePage, operation_id="listExercises",
            openapi_extra={"parameters": query_parameters(ExerciseFilters)})
async def list_exercises(request: Request) -> Response:
    """List exercises a runner can do, filtered by what they own and what they want to train.

    The answer is {data, count, limit, offset}; an unknown parameter or value is a 422 that lists
    what is allowed."""
    await require_client(request)
    raw: bytes = request.scope["query_string"]
    asked = request.query_params.get("lang")
    lang = choose(asked if asked in LANGUAGES else None,
                  request.headers.get("accept-language"))
    key = (raw, lang)  # the same query in another language is another page
    body = _pages.get(key)
    if body is None:  # first time this query string is seen: validate and build the page
        f = parse_query(ExerciseFilters, request.query_params, frozenset({"equipment"}))
        owned = None if f.equipment is None else frozenset(
            Equipment(e.value) for e in f.equipment if e.value != "none")
        found = default_catalogue().search(
            equipment=owned, category=f.category, pattern=f.pattern, level=f.level,
            muscle=f.muscle, unilateral=f.unilateral, impact=f.impact,
        )
        dicts = _dicts(lang)
        page = [dicts[ex.slug] for ex in found[f.offset: f.offset + f.limit]]
        body = to_json({"data": page, "count": len(found), "limit": f.limit,
                        "offset": f.offset})
        _pages.put(key, body)
    return LocalisedJSON(body, lang)


@router.get("/exercises/{slug}", response_model=ExerciseOut, operation_id="getExercise",
            dependencies=CHECKED,
            responses={404: {"description": "No exercise has that slug."}})
async def get_exercise(slug: str, lang: LanguageDep) -> Response:
    """One exercise with its instructions, cues and variations."""
    default_catalogue().get(slug)  # raises UnknownExerciseError -> 404
    return _json(_dicts(lang)[slug], lang)


@router.get("/exercises/{slug}/alternatives", response_model=AlternativeList,
            operation_id="listAlternatives", dependencies=CHECKED,
            responses={404: {"description": "No exercise has that slug."}})
async def list_alternatives(
    slug: str,
    lang: LanguageDep,
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
    dicts = _dicts(lang)
    data = [{**dicts[ex.slug], "rank": i + 1} for i, ex in enumerate(found[:limit])]
    return _json({"data": data, "count": len(found)}, lang)


@router.get("/equipment", response_model=EquipmentList, operation_id="listEquipment",
            dependencies=CHECKED)
async def list_equipment(lang: LanguageDep) -> Response:
    """The equipment vocabulary used by profiles and exercise filters, named in the answer's
    language (the slugs are the same in every language)."""
    tr = translator(lang)
    data = [{"slug": e.value, "name": equipment_name(tr, e), "loads": e in LOADING_EQUIPMENT}
            for e in Equipment]
    return _json({"data": data, "count": len(data)}, lang)
