"""The OpenAPI document: FastAPI's, with every error each operation can return documented as
application/problem+json, and examples on the main responses."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.api.errors import PROBLEM, FieldError, Problem
from app.engine.planner import generate_week
from app.engine.programme import generate_programme
from app.schemas import (
    PROFILE_EXAMPLE,
    PROGRAMME_EXAMPLE,
    ProgrammeRequest,
    RunnerProfileIn,
    plan_to_dict,
    programme_to_dict,
)

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WHY = {
    304: "Not modified: the ETag in If-None-Match is current.",
    410: "The share link has expired or was revoked.",
    409: "The plan cannot be exported: it has no dates (save it with a week_start).",
    400: "The body could not be read as JSON text.",
    401: "Missing, unknown or revoked API key.",
    404: "Not found (another app's plan is a 404 too).",
    412: "If-Match does not match the current ETag; nothing was changed.",
    413: "The request body is over the size limit.",
    415: "The request body is not application/json.",
    422: "The request is not valid: `errors` names each field and what is allowed.",
    428: "If-Match is required.",
    429: "Rate limit exceeded; see Retry-After and RateLimit.",
    500: "Unexpected error (logged with the request id).",
    503: "A dependency (database or rate-limit store) is unavailable; see Retry-After.",
}
SHARE_WHY = {
    404: "A page saying the link is not valid: wrong signature, or nothing shared there.",
    410: "A page saying the link has expired or was revoked.",
}
RATE_HEADERS = {
    "RateLimit-Policy": {"description": "The limit and window for your key.",
                         "schema": {"type": "string"}},
    "RateLimit": {"description": "Requests remaining and seconds until the window resets.",
                  "schema": {"type": "string"}},
    "X-Request-ID": {"description": "The request id, also in the logs.",
                     "schema": {"type": "string"}},
}


@cache
def _plan_example() -> dict[str, Any]:
    return plan_to_dict(generate_week(RunnerProfileIn.model_validate(PROFILE_EXAMPLE)
                                      .to_engine()))


@cache
def _programme_example() -> dict[str, Any]:
    request = ProgrammeRequest.model_validate(PROGRAMME_EXAMPLE)
    full = programme_to_dict(generate_programme(**request.engine_args()))
    # The document shows the first week in full; the real answer has every week.
    return {**full, "weeks": full["weeks"][:1]}


def _saved_example() -> dict[str, Any]:
    return {
        "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "athlete_id": "runner-42",
        "name": "Spring 10k base", "profile": RunnerProfileIn.model_validate(
            PROFILE_EXAMPLE).model_dump(mode="json"),
        # One session is enough to show the shape; the real plan has them all.
        "plan": {**_plan_example(), "sessions": _plan_example()["sessions"][:1]},
        "engine_version": _plan_example()["engine_version"],
        "version": 1, "created_at": "2026-03-02T07:30:00Z", "updated_at": "2026-03-02T07:30:00Z",
    }


def _errors_for(path: str, method: str, op: dict[str, Any]) -> set[int]:
    codes = {500}
    if path.startswith("/v1"):
        codes |= {401, 429, 503}
    if (op.get("parameters") or "requestBody" in op) and not path.startswith("/s/"):
        codes.add(422)
    if "requestBody" in op:
        codes |= {400, 413, 415}
    if "{" in path:
        codes.add(404)
    if path == "/readyz":
        codes.add(503)
    if path == "/metrics":
        codes.add(404)
    if path.endswith("calendar.ics"):
        codes.add(409)
    if method == "put":
        codes |= {412, 428}
    if method == "delete" and not path.startswith("/v1/shares"):
        codes.add(412)
    if path.startswith("/s/"):
        codes.add(410)
    return codes


def build_openapi(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(title=app.title, version=app.version, description=app.description,
                       routes=app.routes, tags=app.openapi_tags)
    components = spec.setdefault("components", {})
    components["securitySchemes"] = {"ApiKey": {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": "Your app's API key (make one with `python -m app keys create "
                       "--name my-app`)."}}
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["FieldError"] = FieldError.model_json_schema()
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem.pop("$defs", None)
    schemas["Problem"] = problem
    examples = {
        "generateWeekPlan": _plan_example(),
        "createSavedPlan": _saved_example(),
        "getSavedPlan": _saved_example(),
        "updateSavedPlan": {**_saved_example(), "version": 2},
        "listSavedPlans": {"data": [_saved_example()], "next_cursor": None},
        "generateProgramme": _programme_example(),
    }
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            responses = op.setdefault("responses", {})
            if path.startswith("/s/"):  # a token is any string: never a validation error
                responses.pop("422", None)
            for code in sorted(_errors_for(path, method, op)):
                # Share pages are read by people: their 404 and 410 are pages too.
                page = path.startswith("/s/") and code in (404, 410)
                responses[str(code)] = {
                    "description": SHARE_WHY[code] if page else WHY[code],
                    "content": {"text/html": {"schema": {"type": "string"}}} if page
                    else {PROBLEM: {"schema": PROBLEM_REF}},
                }
            if method == "get" and path == "/v1/plans/{plan_id}":
                responses["304"] = {"description": WHY[304]}
            ok = next((c for c in ("200", "201") if c in responses), None)
            if path.startswith("/v1"):
                op["security"] = [{"ApiKey": []}]
            if ok and path.startswith("/v1"):
                responses[ok].setdefault("headers", {}).update(RATE_HEADERS)
                example = examples.get(op.get("operationId", ""))
                content = responses[ok].get("content", {}).get("application/json")
                if example is not None and content is not None:
                    content["example"] = example
    return spec
