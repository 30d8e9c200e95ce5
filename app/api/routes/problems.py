"""A page for each problem type: every `type` URI in a problem+json answer can be followed."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Path
from starlette.responses import HTMLResponse

from app.api.errors import TITLES, ProblemError

router = APIRouter(tags=["health"])

STATUS = {
    "validation-error": 422, "bad-request": 400, "unauthorized": 401, "not-found": 404, "gone": 410,
    "method-not-allowed": 405, "conflict": 409, "precondition-failed": 412,
    "precondition-required": 428, "payload-too-large": 413, "unsupported-media-type": 415,
    "idempotency-key-reused": 422, "rate-limited": 429, "service-unavailable": 503,
    "internal-error": 500, "http-error": 400,
}
MEANING = {
    "validation-error": "The request's body, query, path or headers are not valid. `errors` "
        "lists each invalid field with a JSON pointer (RFC 6901) to it and what is allowed; a "
        "body that is not JSON at all has the pointer \"\" (the whole body). Fix those fields "
        "and send it again; nothing was saved.",
    "bad-request": "The HTTP request itself could not be read. Nothing was saved.",
    "unauthorized": "No API key was sent, or it is unknown or revoked. Send your app's key in "
        "X-API-Key or as Authorization: Bearer <key>.",
    "not-found": "Nothing is there for your app: the id is unknown, or it belongs to another "
        "app (which is indistinguishable on purpose).",
    "gone": "The share link has expired or was revoked. Ask the app that shared it for a new "
        "link.",
    "method-not-allowed": "The path exists but not with that method; the Allow header lists "
        "the methods it takes.",
    "conflict": "The request cannot be carried out in the resource's current state, for "
        "example a calendar for a plan without dates, or revoking an app's last live key.",
    "precondition-failed": "If-Match named an ETag that is no longer current: someone changed "
        "the resource since you read it. Read it again (GET), then retry. Nothing was changed.",
    "precondition-required": "Changing this resource needs If-Match with the ETag you last "
        "read, so that no one's change is lost.",
    "payload-too-large": "The request body is over the size limit (MAX_BODY_BYTES).",
    "unsupported-media-type": "Request bodies must be application/json.",
    "idempotency-key-reused": "This Idempotency-Key was used before with a different body. "
        "Use a new key for a new request; reuse a key only to retry the same request.",
    "rate-limited": "Your key sent more requests than its limit allows in the window. Wait for "
        "Retry-After seconds; the RateLimit headers say where you stand.",
    "service-unavailable": "A dependency (the database or the rate-limit store) is not "
        "reachable. Retry after Retry-After seconds; the service recovers by itself.",
    "internal-error": "Something failed on the service's side. It is logged with the request "
        "id (X-Request-ID); quote it when reporting.",
    "http-error": "An HTTP error without a more specific type.",
}

Slug = Annotated[str, Path(max_length=40, pattern=r"^[a-z-]+$",
                           description="The problem type, like validation-error.")]


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title></head><body>{body}</body></html>")


@router.get("/problems", response_class=HTMLResponse, operation_id="listProblemTypes",
            responses={200: {"content": {"text/html": {}},
                             "description": "Every problem type, linked."}})
async def list_problem_types() -> HTMLResponse:
    """Every problem type this service answers with, each linked to its page."""
    items = "".join(f'<li><a href="problems/{slug}">{slug}</a>: {escape(TITLES[slug])}</li>'
                    for slug in sorted(MEANING))
    return _page("Problem types", f"<h1>Problem types</h1><ul>{items}</ul>")


@router.get("/problems/{slug}", response_class=HTMLResponse, operation_id="getProblemType",
            responses={200: {"content": {"text/html": {}},
                             "description": "What the problem means and what to do."}})
async def get_problem_type(slug: Slug) -> HTMLResponse:
    """The page a problem's `type` URI points at: what it means and what to do about it."""
    if slug not in MEANING:
        raise ProblemError(404, "not-found", "there is no such problem type; see /problems")
    return _page(TITLES[slug], f"<h1>{escape(TITLES[slug])}</h1><p>HTTP status "
                 f"{STATUS[slug]}</p><p>{escape(MEANING[slug])}</p>"
                 '<p><a href="../problems">All problem types</a></p>')
