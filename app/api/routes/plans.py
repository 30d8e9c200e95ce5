"""Week plans: stateless generation, and saved plans scoped to the calling app."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Header, Query
from pydantic_core import from_json, to_json
from starlette.responses import Response

from app import crud
from app.api.deps import (
    ClientDep,
    SessionDep,
    SettingsDep,
    in_session,
    reject_unknown_query,
)
from app.api.errors import ProblemError, profile_error
from app.api.lang import LanguageDep
from app.api.localise import export_words, localise_saved_plan
from app.api.routes.common import (
    FIT_RESPONSES,
    NOT_FOUND,
    check_log,
    feedback_by_week,
    fit_response,
    headers_for,
    ics_response,
    json_response,
    log_to_dict,
    need_if_match,
    not_found,
    not_modified,
    parse_cursor,
    parse_id,
    render,
    request_hash,
    session_of,
    swap_in_week,
    version_from,
)
from app.api.routes.pages import LogCursor, LogLimit, View, logs_page, page_response
from app.api.routes.writes import MAX_LOGS, cas_update, with_cas
from app.core.cache import BytesLRU
from app.core.metrics import PLANS_GENERATED, PLANS_SAVED
from app.engine.errors import ProfileError
from app.engine.planner import generate_week
from app.engine.programme import next_week
from app.ical import default_title
from app.models import SavedPlan
from app.schemas import (
    NextWeekOut,
    RunnerProfileIn,
    SavedPlanCreate,
    SavedPlanOut,
    SavedPlanPage,
    SavedPlanUpdate,
    SessionLogIn,
    SessionLogList,
    SessionLogOut,
    SwapIn,
    plan_to_dict,
    week_to_dict,
)
from app.schemas.load import ProgrammeLoadOut, programme_load

router = APIRouter(prefix="/v1", tags=["plans"], dependencies=[Depends(reject_unknown_query)])
# The same for saves and updates, keyed by the validated profile (their bodies differ).
_profile_cache = BytesLRU(max_entries=512, max_bytes=16 * 1024 * 1024)



# ----------------------------------------------------------------------------- saved plans


def _plan_for(profile: RunnerProfileIn, pointer: str) -> dict[str, Any]:
    key = profile.model_dump_json()
    cached = _profile_cache.get(key)
    if cached is not None:
        PLANS_GENERATED.inc()
        return cast(dict[str, Any], from_json(cached))
    try:
        engine_profile = profile.to_engine()
        plan = plan_to_dict(generate_week(engine_profile), engine_profile.runs)
        _profile_cache.put(key, to_json(plan))
        PLANS_GENERATED.inc()
        return plan
    except ProfileError as exc:
        raise profile_error(exc, prefix=[pointer]) from None


@router.post(
    "/plans", status_code=201, response_model=SavedPlanOut, operation_id="createSavedPlan",
    responses={201: {"description": "Saved. Location and ETag headers point at the plan."}},
)
async def create_saved_plan(
    client: ClientDep,
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
    digest = None if idempotency_key is None else request_hash(payload)
    try:
        stored = await in_session(lambda session: crud.create_plan(
            session, client_id=client.id, athlete_id=payload.athlete_id, name=payload.name,
            profile=profile, plan=plan, engine_version=plan["engine_version"], render=render,
            idempotency_key=idempotency_key, request_hash=digest,
            idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
        ))
    except crud.IdempotencyMismatch:
        raise ProblemError(
            422, "idempotency-key-reused",
            "this Idempotency-Key was already used with a different request body; use a new "
            "key for a new request",
            errors=[{"location": "header", "pointer": "/Idempotency-Key",
                     "detail": "already used with a different body"}],
        ) from None
    headers = headers_for(stored.body)
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    else:
        PLANS_SAVED.inc()
    if stored.raw:
        return Response(stored.raw, status_code=stored.status, media_type="application/json",
                        headers=headers)
    return json_response(stored.body, stored.status, headers)


@router.get("/plans", response_model=SavedPlanPage, operation_id="listSavedPlans")
def list_saved_plans(
    client: ClientDep,
    session: SessionDep,
    athlete_id: Annotated[str | None, Query(min_length=1, max_length=128,
                                            pattern=r"^[^\x00-\x1f\x7f]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    view: View = "summary",
) -> Response:
    """This app's saved plans, newest first, optionally for one athlete."""
    position = parse_cursor(cursor)
    rows, nxt = crud.list_plans(session, client_id=client.id, athlete_id=athlete_id,
                                limit=limit, cursor=position)
    return page_response(session, rows, nxt, full=view == "full", render_row=render)


@router.get("/plans/{plan_id}", response_model=SavedPlanOut, operation_id="getSavedPlan",
            responses={**NOT_FOUND, 304: {"description": "Not modified (If-None-Match)."}})
async def get_saved_plan(
    plan_id: str,
    client: ClientDep,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    """One saved plan, with its ETag."""
    ident = parse_id(plan_id)
    row = await in_session(lambda s: crud.get_plan(s, client_id=client.id, plan_id=ident))
    if row is None:
        raise ProblemError(404, "not-found", "no plan has that id")
    if (cached := not_modified(row.version, if_none_match)) is not None:
        return cached
    body = render(row)
    return json_response(body, headers=headers_for(body))


@router.put(
    "/plans/{plan_id}", response_model=SavedPlanOut, operation_id="updateSavedPlan",
    responses=NOT_FOUND,
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
    ident = parse_id(plan_id)
    if if_match is None:
        raise ProblemError(428, "precondition-required",
                           "send If-Match with the ETag you last read, so no change is lost")
    if not payload.model_fields_set:
        raise ProblemError(422, "validation-error", "send a new profile, a new name, or both",
                           errors=[{"location": "body", "pointer": "/",
                                    "detail": "needs profile and/or name"}])
    wanted = version_from(if_match)

    def attempt() -> SavedPlan | None:
        current = crud.get_plan(session, client_id=client.id, plan_id=ident)
        if current is None:
            raise not_found()
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
        return cas_update(session, client_id=client.id, row=current, wanted=wanted,
                          values=values, what="plan")

    body = render(with_cas(attempt, what="plan"))
    return json_response(body, headers=headers_for(body))


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
    ident = parse_id(plan_id)
    expected = None if if_match is None else version_from(if_match)
    result = crud.delete_plan(session, client_id=client.id, plan_id=ident,
                              expected_version=expected)
    if result is None:
        raise ProblemError(404, "not-found", "no plan has that id")
    if result is False:
        raise ProblemError(412, "precondition-failed",
                           "the plan changed since that ETag; read it again and retry")
    return Response(status_code=204)


# ----------------------------------------------------------------------------- logs and next week


def _owned(session: SessionDep, client: ClientDep, plan_id: str) -> SavedPlan:
    row = crud.get_plan(session, client_id=client.id, plan_id=parse_id(plan_id))
    if row is None:
        raise not_found()
    return row


@router.post("/plans/{plan_id}/logs", status_code=201, response_model=SessionLogOut,
             operation_id="logPlanSession", responses=NOT_FOUND)
def log_plan_session(plan_id: str, client: ClientDep, session: SessionDep,
                     payload: SessionLogIn) -> Response:
    """Log what happened in one session of a saved week plan: done or skipped, the session RPE,
    pain, and optionally each exercise. The next week (GET .../next) adapts to it."""
    row = _owned(session, client, plan_id)
    if payload.week != 1:
        raise ProblemError(422, "validation-error", "a saved week plan has only week 1",
                           errors=[{"location": "body", "pointer": "/week",
                                    "detail": "must be 1 for a week plan"}])
    check_log(payload, row.plan)
    log = with_cas(lambda: crud.add_log(session, client_id=client.id, plan_id=row.id,
                                        values=payload.model_dump(mode="json"),
                                        max_logs=MAX_LOGS), what="plan")
    return json_response(log_to_dict(log), 201)


@router.get("/plans/{plan_id}/logs", response_model=SessionLogList,
            operation_id="listPlanLogs", responses=NOT_FOUND)
def list_plan_logs(plan_id: str, client: ClientDep, session: SessionDep,
                    limit: LogLimit = 100, cursor: LogCursor = None) -> Response:
    """Everything logged for a saved week plan, oldest first,
    in pages of `limit` (100 by default, at most 500); follow next_cursor for more."""
    row = _owned(session, client, plan_id)
    return json_response(logs_page(session, plan_id=row.id, limit=limit, cursor=cursor))


@router.get("/plans/{plan_id}/next", response_model=NextWeekOut, operation_id="getNextWeek",
            responses=NOT_FOUND)
def get_next_week(plan_id: str, client: ClientDep, session: SessionDep) -> Response:
    """The week after a saved plan, adapted to its logs: RPE 7 or less with every session done
    moves on one step; RPE 9+, missed sessions or pain hold or step back, and say so."""
    row = _owned(session, client, plan_id)
    feedback = feedback_by_week(crud.list_logs(session, plan_id=row.id)).get(1, [])
    profile = RunnerProfileIn.model_validate(row.profile).to_engine()
    try:
        week = next_week(profile, feedback)
    except ProfileError as exc:
        raise profile_error(exc) from None
    return json_response({"week_start": None if week.week_start is None
                          else week.week_start.isoformat(), "deload": week.deload,
                          "adaptation": week.adaptation,
                          "plan": week_to_dict(week, profile.runs)["plan"]})


@router.post("/plans/{plan_id}/swap", response_model=SavedPlanOut, operation_id="swapPlanExercise",
             responses=NOT_FOUND)
def swap_plan_exercise(
    plan_id: str, client: ClientDep, session: SessionDep, payload: SwapIn,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> Response:
    """Swap one exercise of a saved plan for an alternative (see
    GET /v1/exercises/{slug}/alternatives), keeping its sets, target and rest."""
    if if_match is None:
        raise need_if_match()
    wanted = version_from(if_match)

    def attempt() -> SavedPlan | None:
        row = _owned(session, client, plan_id)
        plan = copy.deepcopy(row.plan)
        swap_in_week(plan, payload, RunnerProfileIn.model_validate(row.profile).to_engine())
        return cas_update(session, client_id=client.id, row=row, wanted=wanted,
                          values={"plan": plan}, what="plan")

    body = render(with_cas(attempt, what="plan"))
    return json_response(body, headers=headers_for(body))


@router.get("/plans/{plan_id}/calendar.ics", operation_id="getPlanCalendar",
            response_class=Response,
            responses={200: {"content": {"text/calendar": {}},
                             "description": "RFC 5545 calendar, one event per session."},
                       **NOT_FOUND, 409: {"description": "The plan has no week_start."}})
def get_plan_calendar(plan_id: str, client: ClientDep, session: SessionDep,
                      lang: LanguageDep) -> Response:
    """The plan's sessions as calendar events on their dates (needs a week_start). UIDs stay
    the same across exports, so calendar apps update events instead of duplicating them.
    Titles, descriptions, names and sentences in the language asked for (`lang` or
    Accept-Language)."""
    row = _owned(session, client, plan_id)
    plan = localise_saved_plan(lang, row.plan, row.profile)
    return ics_response(resource_id=str(row.id), kind="plan",
                        title=row.name or default_title("plan", row.athlete_id, export_words(lang)),
                        version=row.version, stamp=row.updated_at, weeks=[(1, plan)],
                        filename=f"strength-plan-{row.id}.ics", lang=lang)


@router.get("/plans/{plan_id}/sessions/{session_id}.fit", operation_id="getPlanSessionFit",
            response_class=Response, responses={**FIT_RESPONSES, **NOT_FOUND})
def get_plan_session_fit(plan_id: str, session_id: str, client: ClientDep,
                         session: SessionDep, lang: LanguageDep) -> Response:
    """One session of a saved plan as a FIT workout file, to import into Garmin Connect,
    intervals.icu or another watch app: warm-up, each exercise as its sets with reps or a timer
    and a rest step, then the cool-down; effort and load advice in the step notes, in the
    language asked for (`lang` or Accept-Language)."""
    row = _owned(session, client, plan_id)
    found = session_of(localise_saved_plan(lang, row.plan, row.profile), session_id, "the plan")
    return fit_response(found, filename=f"plan-{row.id}-{session_id}.fit",
                        etag_version=row.version, lang=lang)


@router.get("/plans/{plan_id}/load", response_model=ProgrammeLoadOut,
            operation_id="getPlanLoad", responses=NOT_FOUND)
def get_plan_load(plan_id: str, client: ClientDep, session: SessionDep) -> Response:
    """The saved week's training load, planned against logged, session by session (the same
    shape as a programme's, with one week)."""
    row = _owned(session, client, plan_id)
    week = {"number": 1, "week_start": row.profile.get("week_start"), "plan": row.plan}
    logs = [log_to_dict(r) for r in crud.list_logs(session, plan_id=row.id)]
    return json_response(programme_load([week], logs))
