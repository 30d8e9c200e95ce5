"""One athlete's data across an app's plans and programmes: export it whole or erase it."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlmodel import Session, col

from app.crud.common import rowcount
from app.models import IdempotencyRecord, SavedPlan, SessionLog


def athlete_data(session: Session, *, client_id: int,
                 athlete_id: str) -> list[tuple[SavedPlan, list[SessionLog]]]:
    """Everything an app stored for one athlete: plans and programmes, each with its logs."""
    plans = list(session.scalars(
        select(SavedPlan).where(col(SavedPlan.client_id) == client_id,
                                col(SavedPlan.athlete_id) == athlete_id)
        .order_by(col(SavedPlan.created_at), col(SavedPlan.id))))
    logs: dict[uuid.UUID, list[SessionLog]] = {p.id: [] for p in plans}
    if plans:
        for log in session.scalars(
                select(SessionLog).where(col(SessionLog.plan_id).in_(list(logs)))
                .order_by(col(SessionLog.week), col(SessionLog.created_at),
                          col(SessionLog.id))):
            logs[log.plan_id].append(log)
    return [(p, logs[p.id]) for p in plans]


def erase_athlete(session: Session, *, client_id: int, athlete_id: str) -> int:
    """Delete everything one app stored for one athlete - plans, programmes, their logs and the
    idempotency records that replay them - in one transaction. Returns the plans removed."""
    owned = select(col(SavedPlan.id)).where(col(SavedPlan.client_id) == client_id,
                                            col(SavedPlan.athlete_id) == athlete_id)
    session.execute(delete(SessionLog).where(col(SessionLog.plan_id).in_(owned)))
    session.execute(delete(IdempotencyRecord).where(
        col(IdempotencyRecord.client_id) == client_id,
        (col(IdempotencyRecord.athlete_id) == athlete_id)
        | col(IdempotencyRecord.resource_id).in_(owned)))
    result = session.execute(delete(SavedPlan).where(col(SavedPlan.client_id) == client_id,
                                                     col(SavedPlan.athlete_id) == athlete_id))
    session.commit()
    return rowcount(result)
