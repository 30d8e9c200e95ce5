"""What happens to a saved programme after it is saved: session logs that adapt the weeks
after them, swaps, and exports (calendar, FIT sessions, training load). Routes continue those of
app/api/routes/programmes.py, in the same order."""

from __future__ import annotations

import copy
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path
from starlette.responses import Response

from app import crud
from app.api.deps import ClientDep, SessionDep, reject_unknown_query
from app.api.errors import ProblemError
from app.api.lang import LanguageDep
from app.api.localise import export_words, localise_saved_programme
from app.api.routes.common import (
    FIT_RESPONSES,
    NOT_FOUND,
    check_log,
    fit_response,
    headers_for,
    ics_response,
    json_response,
    log_to_dict,
    logged_for,
    need_if_match,
    session_of,
    swap_in_week,
    version_from,
    with_swap,
)
from app.api.routes.pages import LogCursor, LogLimit, logs_page
from app.api.routes.programmes import build, merge, owned, render
from app.api.routes.writes import MAX_LOGS, cas_update, with_cas
from app.ical import default_title
from app.models import SavedPlan, SessionLog
from app.schemas import (
    ProgrammeRequest,
    SavedProgrammeOut,
    SessionLogIn,
    SessionLogList,
    SessionLogOut,
    SwapIn,
)
from app.schemas.load import ProgrammeLoadOut, programme_load

router = APIRouter(prefix="/v1", tags=["programmes"],
                   dependencies=[Depends(reject_unknown_query)])


@router.post("/programmes/{programme_id}/logs", status_code=201, response_model=SessionLogOut,
             operation_id="logProgrammeSession", responses=NOT_FOUND)
def log_programme_session(programme_id: str, client: ClientDep, session: SessionDep,
                          payload: SessionLogIn) -> Response:
    """Log one session. The weeks after it are regenerated from the logs: RPE 7 or less with
    everything done lets progression move on; RPE 9+, missed sessions or pain hold or step
    back, and each adapted week says why."""

    def attempt() -> SessionLog | None:
        row = owned(session, client, programme_id)
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
        merged = merge(build(request, [*logs, pending]), row.plan, keep,
                        row.profile.get("swaps", []), request)
        # stored under the id the regenerated weeks name (a suggested load's log_id)
        return crud.add_log(session, client_id=client.id, plan_id=row.id,
                            values={**payload.model_dump(mode="json"), "id": pending.id},
                            plan_values={"plan": merged},
                            expected_version=row.version, max_logs=MAX_LOGS)

    log = with_cas(attempt, what="programme")
    return json_response(log_to_dict(log), 201)


@router.get("/programmes/{programme_id}/logs", response_model=SessionLogList,
            operation_id="listProgrammeLogs", responses=NOT_FOUND)
def list_programme_logs(programme_id: str, client: ClientDep, session: SessionDep,
                    limit: LogLimit = 100, cursor: LogCursor = None) -> Response:
    """Everything logged for a saved programme, by week,
    in pages of `limit` (100 by default, at most 500); follow next_cursor for more."""
    row = owned(session, client, programme_id)
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
        row = owned(session, client, programme_id)
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
    row = owned(session, client, programme_id)
    doc = localise_saved_programme(lang, row.plan, row.profile, logged_for(session, row))
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
    row = owned(session, client, programme_id)
    week = next((w for w in row.plan["weeks"] if w["number"] == number), None)
    if week is None:
        raise ProblemError(404, "not-found",
                           f"the programme has {len(row.plan['weeks'])} weeks")
    local = localise_saved_programme(lang, {"weeks": [week]}, row.profile,
                                     logged_for(session, row))["weeks"][0]
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
    row = owned(session, client, programme_id)
    logs = [log_to_dict(r) for r in crud.list_logs(session, plan_id=row.id)]
    return json_response(programme_load(row.plan["weeks"], logs))
