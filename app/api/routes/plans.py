"""Week plans: stateless generation, and saved plans scoped to the calling app."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query
from pydantic_core import to_json
from starlette.responses import Response

from app import crud
from app.api.deps import ClientDep, SessionDep, SettingsDep, reject_unknown_query
from app.api.errors import ProblemError, profile_error
from app.core.metrics import PLANS_GENERATED, PLANS_SAVED
from app.engine.errors import ProfileError
from app.engine.planner import generate_week
from app.models import SavedPlan
from app.schemas import (
    PROFILE_EXAMPLE,
    RunnerProfileIn,
    SavedPlanCreate,
    SavedPlanOut,
    SavedPlanPage,
    SavedPlanUpdate,
    WeekPlanOut,
    plan_to_dict,
)

router = APIRouter(prefix="/v1", tags=["plans"], dependencies=[Depends(reject_unknown_query)])

JSON = "application/json"
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such plan for this app."}}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(to_json(data), status_code=status, media_type=JSON, headers=headers)


@router.post("/plans/generate", response_model=WeekPlanOut, operation_id="generateWeekPlan")
async def generate_week_plan(
    _client: ClientDep,
    profile: Annotated[
        RunnerProfileIn, Body(openapi_examples={"base": {"value": PROFILE_EXAMPLE}})
    ],
) -> Response:
    """Generate one week of strength sessions placed around the runner's runs.

    Stateless and deterministic: the same profile always gives byte-identical JSON. Each session
    explains itself in `rationale` and lists the coaching rules it applied in `rules`; anything the
    engine could not honour without breaking a rule is reported in `warnings`.
    """
    plan = generate_week(profile.to_engine())
    PLANS_GENERATED.inc()
    return _json(plan_to_dict(plan))


# ----------------------------------------------------------------------------- saved plans


def _plan_for(profile: RunnerProfileIn, pointer: str) -> dict[str, Any]:
    try:
        plan = plan_to_dict(generate_week(profile.to_engine()))
        PLANS_GENERATED.inc()
        return plan
    except ProfileError as exc:
        raise profile_error(exc, prefix=[pointer]) from None


def _iso(row_time: Any) -> str:
    return crud.aware(row_time).isoformat().replace("+00:00", "Z")


def render(row: SavedPlan) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "athlete_id": row.athlete_id,
        "name": row.name,
        "profile": row.profile,
        "plan": row.plan,
        "engine_version": row.engine_version,
        "version": row.version,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


def _etag(version: int) -> str:
    return f'"{version}"'


def _headers(body: dict[str, Any]) -> dict[str, str]:
    return {"ETag": _etag(body["version"]), "Location": f"/v1/plans/{body['id']}"}


def _plan_id(plan_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(plan_id)
    except ValueError:
        raise ProblemError(404, "not-found", "no plan has that id") from None


def _version_from(if_match: str, *, allow_star: bool = True) -> int | None:
    """The version an If-Match names; None for `*` (any current version)."""
    value = if_match.strip()
    if allow_star and value == "*":
        return None
    if value.startswith("W/"):
        value = value[2:]
    if len(value) >= 3 and value[0] == value[-1] == '"' and value[1:-1].isdigit():
        return int(value[1:-1])
    raise ProblemError(412, "precondition-failed",
                       "If-Match does not match the plan's current ETag")


@router.post(
    "/plans", status_code=201, response_model=SavedPlanOut, operation_id="createSavedPlan",
    responses={201: {"description": "Saved. Location and ETag headers point at the plan."}},
)
def create_saved_plan(
    client: ClientDep,
    session: SessionDep,
    settings: SettingsDep,
    payload: SavedPlanCreate,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
               description="Makes retries safe: the same key and body return the first "
                           "response; kept at least 24 hours."),
    ] = None,
) -> Response:
    """Generate a plan from the profile and save profile and plan together for an athlete."""
    plan = _plan_for(payload.profile, "profile")
    profile = payload.profile.model_dump(mode="json")
    request_hash = None
    if idempotency_key is not None:
        canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True)
        request_hash = hashlib.sha256(canonical.encode()).hexdigest()
    try:
        stored = crud.create_plan(
            session, client_id=client.id, athlete_id=payload.athlete_id, name=payload.name,
            profile=profile, plan=plan, engine_version=plan["engine_version"], render=render,
            idempotency_key=idempotency_key, request_hash=request_hash,
            idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
        )
    except crud.IdempotencyMismatch:
        raise ProblemError(
            422, "idempotency-key-reused",
            "this Idempotency-Key was already used with a different request body; use a new "
            "key for a new request",
            errors=[{"location": "header", "pointer": "/Idempotency-Key",
                     "detail": "already used with a different body"}],
        ) from None
    headers = _headers(stored.body)
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    else:
        PLANS_SAVED.inc()
    return _json(stored.body, stored.status, headers)


@router.get("/plans", response_model=SavedPlanPage, operation_id="listSavedPlans")
def list_saved_plans(
    client: ClientDep,
    session: SessionDep,
    athlete_id: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    """This app's saved plans, newest first, optionally for one athlete."""
    position = None
    if cursor is not None:
        try:
            position = crud.decode_cursor(cursor)
        except ValueError as exc:
            raise ProblemError(422, "validation-error", str(exc), errors=[
                {"location": "query", "pointer": "/cursor", "detail": str(exc)}]) from None
    rows, nxt = crud.list_plans(session, client_id=client.id, athlete_id=athlete_id,
                                limit=limit, cursor=position)
    return _json({"data": [render(r) for r in rows], "next_cursor": nxt})


@router.get("/plans/{plan_id}", response_model=SavedPlanOut, operation_id="getSavedPlan",
            responses={**NOT_FOUND, 304: {"description": "Not modified (If-None-Match)."}})
def get_saved_plan(
    plan_id: str,
    client: ClientDep,
    session: SessionDep,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    """One saved plan, with its ETag."""
    row = crud.get_plan(session, client_id=client.id, plan_id=_plan_id(plan_id))
    if row is None:
        raise ProblemError(404, "not-found", "no plan has that id")
    etag = _etag(row.version)
    if if_none_match is not None and etag in [t.strip().removeprefix("W/")
                                              for t in if_none_match.split(",")]:
        return Response(status_code=304, headers={"ETag": etag})
    body = render(row)
    return _json(body, headers=_headers(body))


@router.put(
    "/plans/{plan_id}", response_model=SavedPlanOut, operation_id="updateSavedPlan",
    responses={**NOT_FOUND, 412: {"description": "The plan changed since that ETag."},
               428: {"description": "If-Match is required."}},
)
def update_saved_plan(
    plan_id: str,
    client: ClientDep,
    session: SessionDep,
    payload: SavedPlanUpdate,
    if_match: Annotated[str | None, Header(alias="If-Match",
                                           description="The ETag you last read.")] = None,
) -> Response:
    """Replace the profile and/or name; the plan is regenerated. Needs If-Match."""
    ident = _plan_id(plan_id)
    if if_match is None:
        raise ProblemError(428, "precondition-required",
                           "send If-Match with the ETag you last read, so no change is lost")
    if not payload.model_fields_set:
        raise ProblemError(422, "validation-error", "send a new profile, a new name, or both",
                           errors=[{"location": "body", "pointer": "/",
                                    "detail": "needs profile and/or name"}])
    expected = _version_from(if_match)
    current = crud.get_plan(session, client_id=client.id, plan_id=ident)
    if current is None:
        raise ProblemError(404, "not-found", "no plan has that id")
    values: dict[str, Any] = {}
    if "name" in payload.model_fields_set:
        values["name"] = payload.name
    profile = payload.profile
    if profile is not None:
        values["profile"] = profile.model_dump(mode="json")
    else:
        profile = RunnerProfileIn.model_validate(current.profile)
    values["plan"] = _plan_for(profile, "profile")
    values["engine_version"] = values["plan"]["engine_version"]
    result = crud.update_plan(session, client_id=client.id, plan_id=ident,
                              expected_version=expected, values=values)
    if result is None:
        raise ProblemError(404, "not-found", "no plan has that id")
    if result is False:
        raise ProblemError(412, "precondition-failed",
                           "the plan changed since that ETag; read it again and retry")
    assert isinstance(result, SavedPlan)
    body = render(result)
    return _json(body, headers=_headers(body))


@router.delete("/plans/{plan_id}", status_code=204, operation_id="deleteSavedPlan",
               response_class=Response,
               responses={**NOT_FOUND, 412: {"description": "The plan changed since that ETag."}})
def delete_saved_plan(
    plan_id: str,
    client: ClientDep,
    session: SessionDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> Response:
    """Delete a saved plan. If-Match is optional and honoured when sent."""
    ident = _plan_id(plan_id)
    expected = None if if_match is None else _version_from(if_match)
    result = crud.delete_plan(session, client_id=client.id, plan_id=ident,
                              expected_version=expected)
    if result is None:
        raise ProblemError(404, "not-found", "no plan has that id")
    if result is False:
        raise ProblemError(412, "precondition-failed",
                           "the plan changed since that ETag; read it again and retry")
    return Response(status_code=204)
