"""The OpenAPI document: FastAPI's, with every error each operation can return documented as
application/problem+json, and examples on the main responses."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.api.descriptions import describe
from app.api.errors import LOCAL_BASE_URL, PROBLEM, FieldError, Problem
from app.core.config import get_settings
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
    409: "Conflicts with the resource's state: a calendar for a plan without dates, a plan "
         "that kept changing while this write was applied (read it again and retry), or one "
         "that has as many logs as it may keep.",
    400: "The HTTP request could not be read.",
    410: "The share link has expired or was revoked.",
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
    404: "The link is not valid (wrong signature, or nothing shared there): a page saying so, "
         "or a problem document when Accept asks for JSON and not HTML.",
    410: "The link has expired or was revoked: a page saying so, or a problem document when "
         "Accept asks for JSON and not HTML.",
}
HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-ID": {"description": "The request id (yours if you sent a safe one), also in "
                                    "the logs.", "schema": {"type": "string"}},
    "RateLimit-Policy": {"description": 'The limit and window for your key, like '
                                        '`"per-key";q=600;w=60`.',
                         "schema": {"type": "string"}},
    "RateLimit": {"description": 'Requests remaining and seconds until the window resets, like '
                                 '`"per-key";r=599;t=60`.', "schema": {"type": "string"}},
    "Retry-After": {"description": "Seconds to wait before retrying.",
                    "schema": {"type": "integer", "minimum": 0}},
    "ETag": {"description": "The resource's version as a strong ETag, like `\"3\"`: send it "
                            "in If-Match to change the resource, in If-None-Match to re-read "
                            "it cheaply.", "schema": {"type": "string"}},
    "Location": {"description": "The path of the resource just made.",
                 "schema": {"type": "string"}},
    "Idempotent-Replayed": {"description": "`true` when this is the stored first response to "
                                           "the same Idempotency-Key and body.",
                            "schema": {"type": "string", "enum": ["true"]}},
}
ETAG_OPS = {"createSavedPlan", "getSavedPlan", "updateSavedPlan", "swapPlanExercise",
            "createSavedProgramme", "getSavedProgramme", "updateSavedProgramme",
            "swapProgrammeExercise", "getPlanCalendar", "getProgrammeCalendar"}
LOCATION_OPS = {"createSavedPlan", "createSavedProgramme", "createKey"}
NEEDS_IF_MATCH = {"updateSavedPlan", "swapPlanExercise", "updateSavedProgramme",
                  "swapProgrammeExercise"}


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


def _header_names(op: dict[str, Any]) -> set[str]:
    return {p["name"].lower() for p in op.get("parameters", []) if p.get("in") == "header"}


def _statuses_for(path: str, method: str, op: dict[str, Any]) -> set[int]:
    """Every error status the operation can answer with, besides those its route declares."""
    codes = {500}
    headers = _header_names(op)
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
    if "if-match" in headers:
        codes.add(412)
    if op.get("operationId") in NEEDS_IF_MATCH:  # writes that regenerate: compare-and-set
        codes.add(409)
    if method == "post" and path.endswith("/logs"):
        codes.add(409)
    if op.get("operationId") in NEEDS_IF_MATCH:
        codes.add(428)
    if path.startswith("/s/"):
        codes.add(410)
    return codes


def _headers_for(path: str, op: dict[str, Any], code: str) -> dict[str, Any]:
    names = ["X-Request-ID"]
    if path.startswith("/v1"):
        names += ["RateLimit-Policy", "RateLimit"]
    if code in ("429", "503"):
        names.append("Retry-After")
    ident = op.get("operationId", "")
    if ident in ETAG_OPS and code in ("200", "201", "304"):
        names.append("ETag")
    if code == "201":
        if ident in LOCATION_OPS:
            names.append("Location")
        if "idempotency-key" in _header_names(op):
            names.append("Idempotent-Replayed")
    return {n: {"$ref": f"#/components/headers/{n}"} for n in names}


def _request_schemas(spec: dict[str, Any]) -> set[str]:
    """Names of the component schemas a request body reaches, directly or nested."""
    schemas = spec["components"]["schemas"]
    seen: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in seen:
                    seen.add(name)
                    walk(schemas.get(name))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for ops in spec["paths"].values():
        for op in ops.values():
            walk(op.get("requestBody"))
    return seen


def _defaults_in_words(spec: dict[str, Any]) -> None:
    """Request fields with a default are optional. openapi-typescript (default settings) types
    any component property that has a `default` as required, so in request schemas the default
    is stated in the description instead, and generated clients may leave such fields out."""
    schemas = spec["components"]["schemas"]
    for name in _request_schemas(spec):
        for prop in schemas[name].get("properties", {}).values():
            if "default" in prop:
                default = json.dumps(prop.pop("default"))
                text = prop.get("description", "").rstrip()
                prop["description"] = f"{text} Default: {default}.".strip()


def build_openapi(app: FastAPI) -> dict[str, Any]:
    settings = get_settings()
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes,
        tags=app.openapi_tags, license_info={"name": "Apache-2.0", "identifier": "Apache-2.0"},
        servers=[{"url": settings.public_base_url or LOCAL_BASE_URL,
                  "description": "This service (PUBLIC_BASE_URL)."}])
    _add_components(spec.setdefault("components", {}))
    _defaults_in_words(spec)
    examples = _response_examples()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            _document_operation(path, method, op, examples)
    return spec


def _add_components(components: dict[str, Any]) -> None:
    """The API key schemes, the shared response headers and the problem document; FastAPI's
    own validation error schemas go (every error is a Problem)."""
    components["securitySchemes"] = {
        "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                   "description": "Your app's API key (make one with `python -m app apps "
                                  "create --name my-app`, more with POST /v1/keys)."},
        "Bearer": {"type": "http", "scheme": "bearer",
                   "description": "The same key as `Authorization: Bearer <key>` (what "
                                  "generated clients send)."},
    }
    components["headers"] = HEADERS
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["FieldError"] = FieldError.model_json_schema()
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem.pop("$defs", None)
    schemas["Problem"] = problem
    describe(schemas)


def _response_examples() -> dict[str, Any]:
    """Examples on the main responses, by operation id."""
    return {
        "generateWeekPlan": _plan_example(),
        "createSavedPlan": _saved_example(),
        "getSavedPlan": _saved_example(),
        "updateSavedPlan": {**_saved_example(), "version": 2},
        "listSavedPlans": {"data": [{k: v for k, v in _saved_example().items()
                                     if k not in ("profile", "plan")}], "next_cursor": None},
        "generateProgramme": _programme_example(),
    }


def _add_problems(path: str, method: str, op: dict[str, Any],
                  responses: dict[str, Any]) -> None:
    """Every error status the operation can answer with, as a problem document."""
    if path.startswith("/s/"):  # a token is any string: never a validation error
        responses.pop("422", None)
    for code in sorted(_statuses_for(path, method, op)):
        # Share pages are read by people: their 404 and 410 are pages too (problems
        # for a client that asks for JSON).
        page = path.startswith("/s/") and code in (404, 410)
        media: dict[str, Any] = {PROBLEM: {"schema": PROBLEM_REF}}
        if page:
            media = {"text/html": {"schema": {"type": "string"}}, **media}
        responses[str(code)] = {"description": SHARE_WHY[code] if page else WHY[code],
                                "content": media}
    for status, response in responses.items():  # declared by the route: problems too
        if int(status) >= 400 and "content" not in response:
            response["content"] = {PROBLEM: {"schema": PROBLEM_REF}}


def _document_operation(path: str, method: str, op: dict[str, Any],
                        examples: dict[str, Any]) -> None:
    """One operation's errors, 304, security, response headers and example."""
    responses = op.setdefault("responses", {})
    _add_problems(path, method, op, responses)
    if method == "get" and "if-none-match" in _header_names(op):
        responses["304"] = {"description": WHY[304]}
    if path.startswith("/v1"):
        op["security"] = [{"ApiKey": []}, {"Bearer": []}]
    for code, response in responses.items():
        response.setdefault("headers", {}).update(_headers_for(path, op, code))
    ok = next((c for c in ("200", "201") if c in responses), None)
    example = examples.get(op.get("operationId", ""))
    content = responses[ok].get("content", {}).get("application/json") if ok else None
    if example is not None and content is not None:
        content["example"] = example
