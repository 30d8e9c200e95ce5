"""Query parameters read by hand on hot routes: a pydantic model validates them (only when a
query string is seen for the first time) and documents them in OpenAPI."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import QueryParams

from app.api.errors import ProblemError, unknown_query, validation_errors

M = TypeVar("M", bound=BaseModel)


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.split("/")[-1]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "title"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI parameter objects for every field of `model` (repeatable lists explode)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    out = []
    for name, prop in schema["properties"].items():
        inlined = _inline(prop, defs)
        param: dict[str, Any] = {"name": name, "in": "query", "required": False,
                                 "schema": inlined}
        if "description" in inlined:
            param["description"] = inlined.pop("description")
        if "array" in str(inlined.get("type")) or any(
            o.get("type") == "array" for o in inlined.get("anyOf", [])
        ):
            param.update(style="form", explode=True)
        out.append(param)
    return out


def parse_query(model: type[M], params: QueryParams, lists: frozenset[str]) -> M:
    fields = model.model_fields
    unknown_query(params.keys(), fields)
    data = {k: (params.getlist(k) if k in lists else params[k]) for k in params}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors([{**e, "loc": ("query", *e["loc"])} for e in exc.errors()])
        first = errors[0]
        raise ProblemError(422, "validation-error", f"query {first['pointer']}: "
                           f"{first['detail']}", errors=errors) from None
