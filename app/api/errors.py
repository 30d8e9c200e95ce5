"""One error family, one renderer: RFC 9457 problem+json for every 4xx and 5xx.

Raw input is never echoed back: validation messages name the field and what is allowed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import to_json
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.engine.errors import EngineError, ProfileError, UnknownExerciseError

PROBLEM = "application/problem+json"
M = TypeVar("M", bound=BaseModel)
log = logging.getLogger("app.errors")

# Stable problem types: absolute URIs under PUBLIC_BASE_URL; GET /problems/{slug} describes each.
TITLES: dict[str, str] = {
    "validation-error": "The request is not valid",
    "bad-request": "The request could not be read",
    "unauthorized": "A valid API key is required",
    "not-found": "Not found",
    "gone": "Gone",
    "method-not-allowed": "Method not allowed",
    "conflict": "Conflict",
    "precondition-failed": "The resource has changed",
    "precondition-required": "If-Match is required",
    "payload-too-large": "The request body is too large",
    "unsupported-media-type": "Unsupported media type",
    "idempotency-key-reused": "The idempotency key was used with a different request",
    "rate-limited": "Too many requests",
    "service-unavailable": "A dependency is unavailable",
    "internal-error": "Internal server error",
    "http-error": "HTTP error",
}


LOCAL_BASE_URL = "http://127.0.0.1:8000"


def problem_type(slug: str) -> str:
    from app.core.config import get_settings

    base = get_settings().public_base_url or LOCAL_BASE_URL
    return f"{base.rstrip('/')}/problems/{slug}"


class FieldError(BaseModel):
    location: str = Field(description="body, query, path or header.")
    pointer: str = Field(description="JSON pointer (RFC 6901) to the field inside that "
                         "location; \"\" is the whole of it (a body that is not JSON).")
    detail: str = Field(description="What is wrong with it and what is allowed.")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


class ProblemError(Exception):
    """Raise anywhere in the API to answer with a problem document."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.errors = errors
        self.headers = dict(headers or {})


def problem_response(
    request: Request | None,
    status: int,
    slug: str,
    detail: str,
    *,
    errors: Iterable[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": problem_type(slug),
        "title": TITLES.get(slug, TITLES["http-error"]),
        "status": status,
        "detail": detail,
    }
    if request is not None:
        # The route's template, not the path as sent: a problem never echoes raw input.
        template = getattr(request.scope.get("route"), "path", None)
        if template is not None:
            body["instance"] = template
    if errors is not None:
        body["errors"] = list(errors)
    return Response(to_json(body), status_code=status, media_type=PROBLEM, headers=headers)


def _pointer(parts: Iterable[str | int]) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err.get("msg", "is not valid"))
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "missing":
        return "is required"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg


def _is_tag(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part.startswith("function"))


def _not_json(err: Mapping[str, Any]) -> dict[str, str]:
    """A body that is not JSON text has no field to point at: the pointer is "" (RFC 6901: the
    whole document) and the detail says where parsing stopped."""
    loc = list(err.get("loc", ()))
    reason = str((err.get("ctx") or {}).get("error") or err.get("msg", "invalid JSON"))
    reason = reason.removeprefix("Invalid JSON: ")
    where = f" (at character {int(loc[1]) + 1})" if len(loc) > 1 and isinstance(loc[1], int) \
        else ""
    return {"location": "body", "pointer": "", "detail": f"is not valid JSON: {reason}{where}"}


def is_malformed(errors: Sequence[Mapping[str, Any]]) -> bool:
    return bool(errors) and all(e.get("type") == "json_invalid" for e in errors)


def validation_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for err in errors:
        if err.get("type") == "json_invalid":
            out.append(_not_json(err))
            continue
        loc = list(err.get("loc", ()))
        where = str(loc[0]) if loc else "body"
        path = loc[1:]
        # Drop pydantic's union/function tags so the pointer names real fields only.
        path = [p for p in path if not _is_tag(p)]
        out.append({"location": where, "pointer": _pointer(path), "detail": _message(err)})
    return out


def unknown_query(given: Iterable[str], known: Iterable[str]) -> None:
    """422 naming unknown parameters - by name only when the name is a plain word, so raw
    input is never echoed back."""
    allowed = sorted(known)
    unknown = sorted(set(given) - set(allowed))
    if not unknown:
        return
    names = [n if _PLAIN.match(n) else "(a parameter name that is not a plain word)"
             for n in unknown]
    listed = ", ".join(allowed) or "none"
    raise ProblemError(
        422, "validation-error", f"unknown query parameter {names[0]}; allowed: {listed}",
        errors=[{"location": "query", "pointer": f"/{n}" if _PLAIN.match(n) else "/",
                 "detail": f"is not a known parameter; allowed: {listed}"} for n in unknown],
    )


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")


def profile_error(exc: ProfileError, *, prefix: Sequence[str] = ()) -> ProblemError:
    parts = [*prefix, *exc.field.split(".")]
    return ProblemError(
        422, "validation-error", exc.message,
        errors=[{"location": "body", "pointer": _pointer(parts), "detail": exc.message}],
    )


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


STATUS_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    410: "gone",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    428: "precondition-required",
    429: "rate-limited",
    503: "service-unavailable",
}


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(request, exc.status, exc.slug, exc.detail, errors=exc.errors,
                            headers=exc.headers)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc.errors())
    if is_malformed(exc.errors()):
        return problem_response(request, 422, "validation-error",
                                f"the body {errors[0]['detail']}", errors=errors)
    first = errors[0] if errors else {"location": "body", "pointer": "/", "detail": "invalid"}
    detail = f"{first['location']} {first['pointer']}: {first['detail']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    return problem_response(request, 422, "validation-error", detail, errors=errors)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    slug = STATUS_SLUGS.get(exc.status_code, "http-error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(slug, "error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = "nothing is served at this path"
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        detail = f"this method is not allowed here; allowed: {', '.join(allowed)}"
    return problem_response(request, exc.status_code, slug, detail, headers=headers)


async def _on_engine(request: Request, exc: Exception) -> Response:
    if isinstance(exc, ProfileError):
        err = profile_error(exc)
        return problem_response(request, 422, err.slug, err.detail, errors=err.errors)
    if isinstance(exc, UnknownExerciseError):
        return problem_response(request, 404, "not-found",
                                "no exercise has that slug")
    log.error("engine error", exc_info=exc)
    return problem_response(request, 500, "internal-error", "the planner failed")


async def _on_database(request: Request, exc: Exception) -> Response:
    log.warning("database unavailable: %s", type(exc).__name__)
    if request.method in ("POST", "PUT", "DELETE"):
        # The write may have been stored: the database can commit and then be cut off
        # before saying so. Retrying with the same Idempotency-Key (or If-Match) is safe:
        # it replays the stored answer (or is refused as stale) instead of writing twice.
        detail = ("plan storage is temporarily unavailable and this write may or may not "
                  "have been stored; retry it unchanged, with the same Idempotency-Key "
                  "(or If-Match), once storage is back")
    else:
        detail = "plan storage is temporarily unavailable; try again shortly"
    headers = {"Retry-After": "5"}
    template = getattr(request.scope.get("route"), "path", None)
    resource = getattr(exc, "resource_id", None)
    if resource is not None and template is not None:
        headers["Location"] = f"{template}/{resource}"  # where it is, if it was stored
    return problem_response(request, 503, "service-unavailable", detail, headers=headers)


async def _on_any(request: Request, exc: Exception) -> Response:
    log.error("unhandled error", exc_info=exc)
    return problem_response(request, 500, "internal-error",
                            "something went wrong on our side; it has been logged")


def install(app: FastAPI) -> None:
    """Every error becomes a problem document: ours, validation, HTTP, engine, database and
    anything unexpected (logged)."""
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(EngineError, _on_engine)
    app.add_exception_handler(OperationalError, _on_database)
    app.add_exception_handler(InterfaceError, _on_database)
    app.add_exception_handler(SATimeoutError, _on_database)
    app.add_exception_handler(Exception, _on_any)


def parse_json(model: type[M], raw: bytes) -> M:
    """Validate a raw JSON body with a pydantic model; failures are the same 422 problem the
    framework's body validation gives, pointers included."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = validation_errors([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])
        if is_malformed(exc.errors()):
            raise ProblemError(422, "validation-error", f"the body {errors[0]['detail']}",
                               errors=errors) from None
        first = errors[0]
        detail = f"body {first['pointer']}: {first['detail']}"
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more)"
        raise ProblemError(422, "validation-error", detail, errors=errors) from None


def json_body(schema: str, examples: dict[str, Any] | None = None) -> dict[str, Any]:
    """openapi_extra for a route that reads its JSON body itself."""
    content: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
    if examples:
        content["examples"] = examples
    return {"requestBody": {"required": True, "content": {"application/json": content}}}
