"""Stateless workout files: a session in, a FIT workout out (for apps that do not save plans)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import Response

from app.api.deps import ClientDep, reject_unknown_query
from app.api.routes.common import FIT_RESPONSES, fit_response
from app.schemas.fit import WorkoutSessionIn

router = APIRouter(prefix="/v1", tags=["workouts"], dependencies=[Depends(reject_unknown_query)])


@router.post("/workouts/fit", operation_id="createWorkoutFit", response_class=Response,
             responses=FIT_RESPONSES)
async def create_workout_fit(payload: WorkoutSessionIn, _client: ClientDep) -> Response:
    """Turn one session object, as returned by POST /v1/plans/generate or
    POST /v1/programmes/generate, into a FIT workout file. Fields the file does not need
    (rationale, rules, training_load, ...) may be sent as they are and are ignored."""
    session = payload.fit_input()
    stem = session["id"] if session["date"] is None else f"{session['date']}-{session['id']}"
    return fit_response(session, filename=f"{stem}.fit")
