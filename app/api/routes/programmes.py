"""Race-aware programmes: stateless generation, and saved programmes that adapt to what the
runner logs. Same ETag, idempotency and per-app isolation rules as saved plans."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from pydantic_core import to_json
from starlette.responses import Response

from app import crud
from app.api.deps import ClientDep, SessionDep, SettingsDep, reject_unknown_query
from app.api.errors import ProblemError, json_body, parse_json, profile_error
from app.api.lang import LanguageDep, localised_json
from app.api.localise import export_words, localise_saved_programme, programme_voice_args
from app.api.routes.common import (
    FIT_RESPONSES,
    NOT_FOUND,
    check_log,
    feedback_by_week,
    fit_response,
    headers_for,
    ics_response,
    iso_time,
    json_response,
    log_to_dict,
    need_if_match,
    not_found,
    not_modified,
    parse_cursor,
    parse_id,
    request_hash,
    session_of,
    stale,
    swap_in_week,
    version_from,
    with_swap,
)
from app.api.routes.pages import LogCursor, LogLimit, View, logs_page, page_response
from app.api.routes.writes import MAX_LOGS, cas_update, with_cas
from app.core.cache import BytesLRU
from app.core.metrics import PLANS_GENERATED, PLANS_SAVED
from app.core.threads import run_cpu
from app.engine.errors import ProfileError
from app.engine.programme import generate_programme
from app.i18n import translator
from app.i18n.content import localise_programme
from app.i18n.messages import engine_voice
from app.ical import default_title
from app.models import SavedPlan, SessionLog
from app.schemas import (
    PROGRAMME_EXAMPLE,
    ProgrammeOut,
    ProgrammeRequest,
    ProgrammeWeekOut,
    SavedProgrammeCreate,
    SavedProgrammeOut,
    SavedProgrammePage,
    SavedProgrammeUpdate,
    SessionLogIn,
    SessionLogList,
    SessionLogOut,
    SwapIn,
    programme_to_dict,
    summary_of,
)
from app.schemas.load import ProgrammeLoadOut, programme_load

router = APIRouter(prefix="/v1", tags=["programmes"],
                   dependencies=[Depends(reject_unknown_query)])
KIND = "programme"
# Same request, same programme (the engine is pure): repeats are answered from memory.
_programme_cache = BytesLRU(max_entries=48, max_bytes=24 * 1024 * 1024)


def _build(request: ProgrammeRequest, logs: list[SessionLog] | None = None,
           pointer: str = "", lang: str = "en") -> dict[str, Any]:
    args = request.engine_args()
    voice = programme_voice_args(lang) if lang != "en" else {}
    try:
        prog = generate_programme(**args, feedback=feedback_by_week(logs or []), **voice)
    except ProfileError as exc:
        field = exc.field.removeprefix("profile.")
        prefix = [p for p in (pointer.strip("/"),) if p]
        if exc.field.startswith("profile.") or exc.field not in ("race_date", "weeks"):
            prefix.append("profile")
        raise profile_error(ProfileError(field, exc.message), prefix=prefix) from None
    PLANS_GENERATED.inc()
    return programme_to_dict(prog, args["profile"].runs, engine_voice(lang))


def _merge(new: dict[str, Any], old: dict[str, Any] | None, keep_through: int,
           swaps: list[dict[str, Any]], request: ProgrammeRequest) -> dict[str, Any]:
    """Weeks up to keep_through stay as they were (they are history); later weeks come from the
    new generation, with the runner's swaps put back where they still apply."""
    if old is not None and keep_through > 0:
        kept = {w["number"]: w for w in old["weeks"] if w["number"] <= keep_through}
        new["weeks"] = [kept.get(w["number"], w) for w in new["weeks"]]
    profile = request.engine_args()["profile"]
    for raw in swaps:
        swap = SwapIn.model_validate(raw)
        if swap.week <= keep_through:
            continue
        week = next((w for w in new["weeks"] if w["number"] == swap.week), None)
        if week is None:
            continue
        try:
            swap_in_week(week["plan"], swap, profile)
        except ProblemError:
            continue  # the regenerated week no longer has that exercise: the swap lapses
    new["summary"]["weeks"] = summary_of(new["weeks"])
    return new


def render(row: SavedPlan) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "athlete_id": row.athlete_id,
        "name": row.name,
        "request": row.profile["request"],
        "programme": row.plan,
        "engine_version": row.engine_version,
        "version": row.version,
        "created_at": iso_time(row.created_at),
        "updated_at": iso_time(row.updated_at),
    }


def _owned(session: SessionDep, client: ClientDep, programme_id: str) -> SavedPlan:
    row = crud.get_plan(session, client_id=client.id, plan_id=parse_id(programme_id, "programme"),
                        kind=KIND)
    if row is None:
        raise not_found("programme")
    return row


@router.post("/programmes/generate", response_model=ProgrammeOut,
             operation_id="generateProgramme",
             openapi_extra=json_body("ProgrammeRequest",
                                     {"race": {"value": PROGRAMME_EXAMPLE}}))
async def generate_programme_route(request: Request, _client: ClientDep,
                                   lang: LanguageDep) -> Response:
    """Plan every week from start_date to the race (or for 4-24 weeks): phases with their dates,
    a full week plan for each week, and what changes from week to week.

    Same input, same output. A race in the past is a 422; a race less than a week away gives a
    taper-only answer with a warning."""
    raw = await request.body()
    key = (raw, lang)
    body = _programme_cache.get(key)
    if body is None:  # a few milliseconds of CPU: off the event loop
        payload = parse_json(ProgrammeRequest, raw)
        tr = translator(lang)
        body = await run_cpu(
            lambda: to_json(localise_programme(tr, _build(payload, lang=lang))))
        _programme_cache.put(key, body)
    else:
        PLANS_GENERATED.inc()
    return localised_json(body, lang)


@router.post("/programmes", status_code=201, response_model=SavedProgrammeOut,
             operation_id="createSavedProgramme")
def create_saved_programme(
    client: ClientDep, session: SessionDep, settings: SettingsDep,
    payload: SavedProgrammeCreate,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$"),
    ] = None,
) -> Response:
    """Generate a programme and save it for an athlete."""
    programme = _build(payload.programme, pointer="/programme")
    try:
        stored = crud.create_plan(
            session, client_id=client.id, athlete_id=payload.athlete_id, name=payload.name,
            profile={"request": payload.programme.model_dump(mode="json"), "swaps": []},
            plan=programme, engine_version=programme["engine_version"], render=render,
            kind=KIND, idempotency_key=idempotency_key,
            request_hash=None if idempotency_key is None else request_hash(payload),
            idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
        )
    except crud.IdempotencyMismatch:
        raise ProblemError(422, "idempotency-key-reused",
                           "this Idempotency-Key was already used with a different request body",
                           errors=[{"location": "header", "pointer": "/Idempotency-Key",
                                    "detail": "already used with a different body"}]) from None
    headers = headers_for(stored.body, "programmes")
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    else:
        PLANS_SAVED.inc()
    return json_response(stored.body, stored.status, headers)


@router.get("/programmes", response_model=SavedProgrammePage,
            operation_id="listSavedProgrammes")
def list_saved_programmes(
    client: ClientDep, session: SessionDep,
    athlete_id: Annotated[str | None, Query(min_length=1, max_length=128,
                                            pattern=r"^[^\x00-\x1f\x7f]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    view: View = "summary",
) -> Response:
    """This app's saved programmes, newest first."""
    position = parse_cursor(cursor)
    rows, nxt = crud.list_plans(session, client_id=client.id, athlete_id=athlete_id,
                                limit=limit, cursor=position, kind=KIND)
    return page_response(session, rows, nxt, full=view == "full", render_row=render)


@router.get("/programmes/{programme_id}", response_model=SavedProgrammeOut,
            operation_id="getSavedProgramme", responses=NOT_FOUND)
def get_saved_programme(
    programme_id: str, client: ClientDep, session: SessionDep,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    """One saved programme, with its ETag."""
    row = _owned(session, client, programme_id)
    if (cached := not_modified(row.version, if_none_match)) is not None:
        return cached
    body = render(row)
    return json_response(body, headers=headers_for(body, "programmes"))


@router.put("/programmes/{programme_id}", response_model=SavedProgrammeOut,
            operation_id="updateSavedProgramme", responses=NOT_FOUND)
def update_saved_programme(
    programme_id: str, client: ClientDep, session: SessionDep, payload: SavedProgrammeUpdate,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> Response:
    """Change the name and/or the programme request (a run moved, a race added). Weeks before
    from_week stay as they were; from_week on are regenerated from the new request, keeping
    everything that was logged. Needs If-Match."""
    if if_match is None:
        raise need_if_match()
    if not payload.model_fields_set - {"from_week"}:
        raise ProblemError(422, "validation-error", "send a new programme, a new name, or both",
                           errors=[{"location": "body", "pointer": "/",
                                    "detail": "needs programme and/or name"}])
    wanted = version_from(if_match)

    def attempt() -> SavedPlan | None:
        row = _owned(session, client, programme_id)
        return cas_update(session, client_id=client.id, row=row, wanted=wanted,
                          values=_updated_values(session, row, payload), what="programme")

    body = render(with_cas(attempt, what="programme"))
    return json_response(body, headers=headers_for(body, "programmes"))


def _updated_values(session: SessionDep, row: SavedPlan,
                    payload: SavedProgrammeUpdate) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "name" in payload.model_fields_set:
        values["name"] = payload.name
    if payload.programme is not None:
        old_request = ProgrammeRequest.model_validate(row.profile["request"])
        if payload.from_week > 1 and payload.programme.start_date != old_request.start_date:
            raise ProblemError(422, "validation-error",
                               "start_date cannot change when from_week is after week 1",
                               errors=[{"location": "body", "pointer": "/programme/start_date",
                                        "detail": "must stay the same, or use from_week 1"}])
        logs = crud.list_logs(session, plan_id=row.id)
        new = _build(payload.programme, logs, pointer="/programme")
        merged = _merge(new, row.plan, payload.from_week - 1, row.profile.get("swaps", []),
                        payload.programme)
        values["plan"] = merged
        values["profile"] = {"request": payload.programme.model_dump(mode="json"),
                             "swaps": row.profile.get("swaps", [])}
        values["engine_version"] = merged["engine_version"]
    return values


@router.delete("/programmes/{programme_id}", status_code=204, response_class=Response,
               operation_id="deleteSavedProgramme", responses=NOT_FOUND)
def delete_saved_programme(
    programme_id: str, client: ClientDep, session: SessionDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> Response:
    """Delete a saved programme and its logs. If-Match is honoured when sent."""
    ident = parse_id(programme_id, "programme")
    expected = None if if_match is None else version_from(if_match)
    result = crud.delete_plan(session, client_id=client.id, plan_id=ident,
                              expected_version=expected, kind=KIND)
    if result is None:
        raise not_found("programme")
    if result is False:
        raise stale()
    return Response(status_code=204)


@router.get("/programmes/{programme_id}/weeks/{number}", response_model=ProgrammeWeekOut,
            operation_id="getProgrammeWeek", responses=NOT_FOUND)
def get_programme_week(
    programme_id: str, client: ClientDep, session: SessionDep,
    number: Annotated[int, Path(ge=1, le=30)],
) -> Response:
    """One week of a saved programme, as adapted to everything logged before it."""
    row = _owned(session, client, programme_id)
    week = next((w for w in row.plan["weeks"] if w["number"] == number), None)
    if week is None:
        raise ProblemError(404, "not-found",
                           f"the programme has {len(row.plan['weeks'])} weeks")
    return json_response(week)


@router.post("/programmes/{programme_id}/logs", status_code=201, response_model=SessionLogOut,
             operation_id="logProgrammeSession", responses=NOT_FOUND)
def log_programme_session(programme_id: str, client: ClientDep, session: SessionDep,
                          payload: SessionLogIn) -> Response:
    """Log one session. The weeks after it are regenerated from the logs: RPE 7 or less with
    everything done lets progression move on; RPE 9+, missed sessions or pain hold or step
    back, and each adapted week says why."""

    def attempt() -> SessionLog | None:
        row = _owned(session, client, programme_id)
        week = next((w for w in row.plan["weeks"] if w["number"] == payload.week), None)
        if week is None:
            raise ProblemError(422, "validation-error",
                               f"the programme has {len(row.plan['weeks'])} weeks",
                               errors=[{"location": "body", "pointer": "/week",
                                        "detail": f"1 to {len(row.plan['weeks'])}"}])
        check_log(payload, week["plan"])
        request = ProgrammeRequest.model_validate(row.profile["request"])
        logs = crud.list_logs(session, plan_id=row.id)
        pending = SessionLog(plan_id=row.id, **payload.model_dump(mode="json"))
        keep = max([payload.week] + [log.week for log in logs])
        merged = _merge(_build(request, [*logs, pending]), row.plan, keep,
                        row.profile.get("swaps", []), request)
        return crud.add_log(session, client_id=client.id, plan_id=row.id,
                            values=payload.model_dump(mode="json"), plan_values={"plan": merged},
                            expected_version=row.version, max_logs=MAX_LOGS)

    log = with_cas(attempt, what="programme")
    return json_response(log_to_dict(log), 201)


@router.get("/programmes/{programme_id}/logs", response_model=SessionLogList,
            operation_id="listProgrammeLogs", responses=NOT_FOUND)
def list_programme_logs(programme_id: str, client: ClientDep, session: SessionDep,
                    limit: LogLimit = 100, cursor: LogCursor = None) -> Response:
    """Everything logged for a saved programme, by week,
    in pages of `limit` (100 by default, at most 500); follow next_cursor for more."""
    row = _owned(session, client, programme_id)
    return json_response(logs_page(session, plan_id=row.id, limit=limit, cursor=cursor))


@router.post("/programmes/{programme_id}/swap", response_model=SavedProgrammeOut,
             operation_id="swapProgrammeExercise", responses=NOT_FOUND)
def swap_programme_exercise(
    programme_id: str, client: ClientDep, session: SessionDep, payload: SwapIn,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> Response:
    """Swap one exercise in one session of one week, keeping its sets, target and rest. The
    swap is remembered when later weeks are regenerated."""
    if if_match is None:
        raise need_if_match()
    wanted = version_from(if_match)

    def attempt() -> SavedPlan | None:
        row = _owned(session, client, programme_id)
        plan = copy.deepcopy(row.plan)
        week = next((w for w in plan["weeks"] if w["number"] == payload.week), None)
        if week is None:
            raise ProblemError(422, "validation-error", f"the programme has "
                               f"{len(plan['weeks'])} weeks",
                               errors=[{"location": "body", "pointer": "/week",
                                        "detail": f"1 to {len(plan['weeks'])}"}])
        request = ProgrammeRequest.model_validate(row.profile["request"])
        swap_in_week(week["plan"], payload, request.engine_args()["profile"])
        profile = {**row.profile, "swaps": with_swap(row.profile.get("swaps", []), payload)}
        return cas_update(session, client_id=client.id, row=row, wanted=wanted,
                          values={"plan": plan, "profile": profile}, what="programme")

    body = render(with_cas(attempt, what="programme"))
    return json_response(body, headers=headers_for(body, "programmes"))


@router.get("/programmes/{programme_id}/calendar.ics", operation_id="getProgrammeCalendar",
            response_class=Response,
            responses={200: {"content": {"text/calendar": {}},
                             "description": "RFC 5545 calendar, one event per session."},
                       **NOT_FOUND})
def get_programme_calendar(programme_id: str, client: ClientDep,
                           session: SessionDep, lang: LanguageDep) -> Response:
    """Every session of the programme as a calendar event on its date. UIDs stay the same
    across exports, so calendar apps update events instead of duplicating them. The
    calendar's words, the exercise names and the sentences in the language asked for."""
    row = _owned(session, client, programme_id)
    doc = localise_saved_programme(lang, row.plan, row.profile)
    weeks = [(w["number"], w["plan"]) for w in doc["weeks"]]
    return ics_response(resource_id=str(row.id), kind="programme",
                        title=row.name or default_title("programme", row.athlete_id,
                                                        export_words(lang)),
                        version=row.version, stamp=row.updated_at, weeks=weeks,
                        filename=f"strength-programme-{row.id}.ics", lang=lang)



@router.get("/programmes/{programme_id}/weeks/{number}/sessions/{session_id}.fit",
            operation_id="getProgrammeSessionFit", response_class=Response,
            responses={**FIT_RESPONSES, **NOT_FOUND})
def get_programme_session_fit(
    programme_id: str, session_id: str, client: ClientDep, session: SessionDep,
    number: Annotated[int, Path(ge=1, le=30)], lang: LanguageDep,
) -> Response:
    """One session of one programme week as a FIT workout file (named with its week), as the
    week stands now after everything logged before it."""
    row = _owned(session, client, programme_id)
    week = next((w for w in row.plan["weeks"] if w["number"] == number), None)
    if week is None:
        raise ProblemError(404, "not-found",
                           f"the programme has {len(row.plan['weeks'])} weeks")
    local = localise_saved_programme(lang, {"weeks": [week]}, row.profile)["weeks"][0]
    found = session_of(local["plan"], session_id, f"week {number}")
    prefix = export_words(lang)("Week %(n)s") % {"n": number} + " "
    return fit_response(found, filename=f"programme-{row.id}-week{number}-{session_id}.fit",
                        name_prefix=prefix, etag_version=row.version, lang=lang)


@router.get("/programmes/{programme_id}/load", response_model=ProgrammeLoadOut,
            operation_id="getProgrammeLoad", responses=NOT_FOUND)
def get_programme_load(programme_id: str, client: ClientDep, session: SessionDep) -> Response:
    """Training load, planned against logged, week by week (session RPE x minutes, Foster),
    and an acute:chronic view (7- and 28-day exponentially weighted averages) over the logged
    weeks. The ratio is a soft signal of change in load, never an injury prediction."""
    row = _owned(session, client, programme_id)
    logs = [log_to_dict(r) for r in crud.list_logs(session, plan_id=row.id)]
    return json_response(programme_load(row.plan["weeks"], logs))
