"""Session logs: add one (with the plan it changes, by compare-and-set) and read them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.crud.common import rowcount
from app.models import SavedPlan, SessionLog, utcnow


class PlanGone(Exception):
    """The plan was deleted while the request was working on it."""


def add_log(session: Session, *, client_id: int, plan_id: uuid.UUID, values: dict[str, Any],
            plan_values: dict[str, Any] | None = None, expected_version: int | None = None,
            max_logs: int | None = None) -> SessionLog | None:
    """Store a log and, in the same transaction, the plan it changes (if any).

    With plan_values the plan is written only if its version is still `expected_version`
    (compare-and-set): None means another write won and nothing was stored; read again and
    retry. Raises PlanGone when the plan no longer exists and LogCapReached past max_logs."""
    if max_logs is not None:
        count = session.scalar(select(func.count()).select_from(SessionLog)
                               .where(col(SessionLog.plan_id) == plan_id)) or 0
        if count >= max_logs:
            session.rollback()
            raise LogCapReached(max_logs)
    row = SessionLog(plan_id=plan_id, **values)
    try:
        session.add(row)
        session.flush()
    except IntegrityError:
        session.rollback()
        raise PlanGone from None
    if plan_values is not None:
        result = session.execute(update(SavedPlan).where(
            col(SavedPlan.id) == plan_id, col(SavedPlan.client_id) == client_id,
            col(SavedPlan.version) == expected_version,
        ).values(**plan_values, version=col(SavedPlan.version) + 1, updated_at=utcnow()))
        if rowcount(result) == 0:
            session.rollback()
            return None
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise PlanGone from None
    return row


class LogCapReached(Exception):
    """A plan has as many logs as it may keep."""

    def __init__(self, cap: int) -> None:
        super().__init__(cap)
        self.cap = cap


def list_logs(session: Session, *, plan_id: uuid.UUID, limit: int | None = None,
              after: tuple[int, datetime, uuid.UUID] | None = None) -> list[SessionLog]:
    """By week, then oldest first; with `limit`, one page after the `after` position."""
    stmt = select(SessionLog).where(col(SessionLog.plan_id) == plan_id)
    if after is not None:
        week, created, ident = after
        if session.get_bind().dialect.name == "sqlite":
            created = created.astimezone(UTC).replace(tzinfo=None)
        key = tuple_(col(SessionLog.week), col(SessionLog.created_at), col(SessionLog.id))
        stmt = stmt.where(key > tuple_(week, created, ident))
    stmt = stmt.order_by(col(SessionLog.week), col(SessionLog.created_at), col(SessionLog.id))
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))
