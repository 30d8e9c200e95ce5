"""Race-aware programmes: stateless generation, and saved programmes that adapt to what the
runner logs. Same ETag, idempotency and per-app isolation rules as saved plans.

Here: generation, saving, reading, changing and deleting a programme, and one week of it.
Logs, swaps and exports are in programme_logs.py, whose routes follow these."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from pydantic_core import to_json
from starlette.responses import Response

from app import crud
from app.api.deps import (
    ClientDep,
    SessionDep,
    SettingsDep,
    reject_unknown_query,
    require_client,
)
from app.api.errors import ProblemError, json_body, parse_json, profile_error, unknown_query
from app.api.lang import (
    LANG_PARAMETER,
    LocalisedJSON,
    request_language,
)
from app.api.localise import programme_voice_args
from app.api.routes.common import (
    NOT_FOUND,
    feedback_by_week,
    headers_for,
    iso_time,
    json_response,
    need_if_match,
    not_found,
    not_modified,
    parse_cursor,
    parse_id,
    request_hash,
    stale,
    swap_in_week,
    version_from,
)
from app.api.routes.pages import View, page_response
from app.api.routes.writes import cas_update, with_cas
from app.core.cache import BytesLRU
from app.core.metrics import PLANS_GENERATED, PLANS_SAVED
from app.core.threads import run_cpu
from app.engine.errors import ProfileError
from app.engine.programme import generate_programme
from app.i18n import translator
from app.i18n.content import localise_programme
from app.i18n.messages import engine_voice
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
    SwapIn,
    programme_to_dict,
    summary_of,
)

router = APIRouter(prefix="/v1", tags=["programmes"],
                   dependencies=[Depends(reject_unknown_query)])
# Generating a programme is a hot path (app.api.fastpath): it reads its key, query and
# language itself, without dependencies.
fast = APIRouter(prefix="/v1", tags=["programmes"])
KIND = "programme"
# Same request, same programme (the engine is pure): repeats are answered from memory.
_programme_cache = BytesLRU(max_entries=48, max_bytes=24 * 1024 * 1024)


def build(request: ProgrammeRequest, logs: list[SessionLog] | None = None,
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


def merge(new: dict[str, Any], old: dict[str, Any] | None, keep_through: int,
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


def owned(session: SessionDep, client: ClientDep, programme_id: str) -> SavedPlan:
    row = crud.get_plan(session, client_id=client.id, plan_id=parse_id(programme_id, "programme"),
                        kind=KIND)
    if row is None:
        raise not_found("programme")
    return row


@fast.post("/programmes/generate", response_model=ProgrammeOut,
          operation_id="generateProgramme",
          openapi_extra={**json_body("ProgrammeRequest", {"race": {"value": PROGRAMME_EXAMPLE}}),
                         "parameters": [LANG_PARAMETER]})
async def generate_programme_route(request: Request) -> Response:
    """Plan every week from start_date to the race (or for 4-24 weeks): phases with their dates,
    a full week plan for each week, and what changes from week to week.

    Same input, same output. A race in the past is a 422; a race less than a week away gives a
    taper-only answer with a warning."""
    await require_client(request)  # key, query and language read as ClientDep,
    if request.scope["query_string"]:  # reject_unknown_query and LanguageDep would
        unknown_query(request.query_params.keys(), ("lang",))
    lang = request_language(request)
    raw = await request.body()
    key = (raw, lang)
    body = _programme_cache.get(key)
    if body is None:  # a few milliseconds of CPU: off the event loop
        payload = parse_json(ProgrammeRequest, raw)
        tr = translator(lang)
        body = await run_cpu(
            lambda: to_json(localise_programme(tr, build(payload, lang=lang))))
        _programme_cache.put(key, body)
    else:
        PLANS_GENERATED.inc()
    return LocalisedJSON(body, lang)


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
    programme = build(payload.programme, pointer="/programme")
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
    row = owned(session, client, programme_id)
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
        row = owned(session, client, programme_id)
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
        new = build(payload.programme, logs, pointer="/programme")
        merged = merge(new, row.plan, payload.from_week - 1, row.profile.get("swaps", []),
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
    row = owned(session, client, programme_id)
    week = next((w for w in row.plan["weeks"] if w["number"] == number), None)
    if week is None:
        raise ProblemError(404, "not-found",
                           f"the programme has {len(row.plan['weeks'])} weeks")
    return json_response(week)
