"""One athlete's data, for the app that stored it: export it whole (GDPR art. 20) or erase it
(art. 17). Another app's athlete with the same id is a different athlete and is never touched."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field
from starlette.responses import Response

from app import crud
from app.api.deps import ClientDep, in_session, reject_unknown_query
from app.api.routes import programmes
from app.api.routes.common import json_response, log_to_dict, render
from app.models import SavedPlan, SessionLog

router = APIRouter(prefix="/v1", tags=["athletes"], dependencies=[Depends(reject_unknown_query)])

AthletePath = Annotated[str, Path(min_length=1, max_length=128,
                                  description="Your app's own id for the runner.")]


class AthleteExport(BaseModel):
    """Everything the calling app stored for one athlete, as one JSON document."""

    athlete_id: str = Field(description="The athlete the document is about.")
    plans: list[dict[str, Any]] = Field(
        description="Saved week plans (as GET /v1/plans/{plan_id} shows them), oldest first, "
                    "each with its `logs`.")
    programmes: list[dict[str, Any]] = Field(
        description="Saved programmes (as GET /v1/programmes/{programme_id} shows them), oldest "
                    "first, each with its `logs`.")


def _with_logs(row: SavedPlan, logs: list[SessionLog]) -> dict[str, Any]:
    body = programmes.render(row) if row.kind == programmes.KIND else render(row)
    return {**body, "logs": [log_to_dict(log) for log in logs]}


@router.get("/athletes/{athlete_id}/export", response_model=AthleteExport,
            operation_id="exportAthlete")
async def export_athlete(athlete_id: AthletePath, client: ClientDep) -> Response:
    """All of one athlete's data stored by the calling app: plans and programmes with their
    logs. An athlete with nothing stored gives empty lists, not a 404."""
    found = await in_session(
        lambda s: crud.athlete_data(s, client_id=client.id, athlete_id=athlete_id))
    return json_response({
        "athlete_id": athlete_id,
        "plans": [_with_logs(p, logs) for p, logs in found if p.kind != programmes.KIND],
        "programmes": [_with_logs(p, logs) for p, logs in found if p.kind == programmes.KIND],
    })


@router.delete("/athletes/{athlete_id}", status_code=204, operation_id="eraseAthlete",
               responses={204: {"description": "Erased (or there was nothing to erase)."}})
async def erase_athlete(athlete_id: AthletePath, client: ClientDep) -> Response:
    """Erase everything the calling app stored for one athlete - plans, programmes, logs and
    the idempotency records that would replay them - in one transaction. Repeating it is
    harmless (204 again)."""
    await in_session(
        lambda s: crud.erase_athlete(s, client_id=client.id, athlete_id=athlete_id))
    return Response(status_code=204)
