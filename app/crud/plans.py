"""Saved plans and programmes (one table, told apart by kind): save once per Idempotency-Key,
read, list by keyset, and change or delete by compare-and-set on the version."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from pydantic_core import to_json
from sqlalchemy import delete, insert, select, text, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, col

from app import cursors
from app.crud.common import rowcount
from app.crud.idempotency import Stored, replay
from app.models import IdempotencyRecord, SavedPlan, utcnow


def create_plan(
    session: Session,
    *,
    client_id: int,
    athlete_id: str,
    name: str | None,
    profile: dict[str, Any],
    plan: dict[str, Any],
    engine_version: str,
    render: Callable[[SavedPlan], dict[str, Any]],
    kind: str = "week",
    idempotency_key: str | None = None,
    request_hash: str | None = None,
    idempotency_ttl: timedelta = timedelta(hours=48),
) -> Stored:
    """Store a plan. With an idempotency key, the plan and the key are written in one
    transaction, optimistically: concurrent retries race on the key's primary key, exactly one
    commits, and the others roll back (their plan with them) and replay the winner's response.
    A record older than the TTL is removed and the save retried once."""
    now = utcnow()
    values: dict[str, Any] = {
        "id": uuid.uuid4(), "client_id": client_id, "athlete_id": athlete_id, "name": name,
        "kind": kind, "profile": profile, "plan": plan, "engine_version": engine_version,
        "version": 1, "created_at": now, "updated_at": now,
    }
    body = render(SavedPlan(**values))
    raw = to_json(body)
    record = None if idempotency_key is None else {
        "client_id": client_id, "key": idempotency_key, "request_hash": request_hash,
        "status_code": 201, "response": raw, "resource_id": values["id"], "created_at": now,
        "athlete_id": athlete_id,
    }
    postgres = session.get_bind().dialect.name == "postgresql"
    for _ in range(2):
        try:
            _save(session, values, record, postgres=postgres)
            return Stored(201, body, replayed=False, raw=raw)
        except IntegrityError as exc:
            session.rollback()
            if idempotency_key is None or request_hash is None:
                raise
            conflict = exc
        except DBAPIError as exc:
            # Cut off mid-write: it may have committed. The id lets the answer say where the
            # plan is if it was stored (an Idempotency-Key retry then replays it).
            exc.resource_id = values["id"]  # type: ignore[attr-defined]
            raise
        replayed = replay(session, client_id=client_id, key=idempotency_key,
                          request_hash=request_hash, ttl=idempotency_ttl, conflict=conflict)
        if replayed is not None:
            return replayed
    raise RuntimeError("could not store the plan")


def _save(session: Session, values: dict[str, Any], record: dict[str, Any] | None, *,
          postgres: bool) -> None:
    """The plan and its idempotency record (if any), committed together."""
    if postgres:
        _insert_atomically(session, values, record)
        return
    session.execute(insert(SavedPlan).values(**values))
    if record is not None:
        session.execute(insert(IdempotencyRecord).values(**record))
    session.commit()


_PLAN_COLUMNS = ("id", "client_id", "athlete_id", "name", "kind", "profile", "plan",
                 "engine_version", "version", "created_at", "updated_at")
_SAVE_ONE = text(
    "INSERT INTO saved_plans (" + ", ".join(_PLAN_COLUMNS) + ") VALUES (:id, :client_id, "
    ":athlete_id, :name, :kind, CAST(:profile AS jsonb), CAST(:plan AS json), "
    ":engine_version, :version, :created_at, :updated_at)"
)
_SAVE_WITH_KEY = text(
    "WITH saved AS (INSERT INTO saved_plans (" + ", ".join(_PLAN_COLUMNS) + ") VALUES (:id, "
    ":client_id, :athlete_id, :name, :kind, CAST(:profile AS jsonb), CAST(:plan AS json), "
    ":engine_version, :version, :created_at, :updated_at) RETURNING id) "
    "INSERT INTO idempotency_keys (client_id, key, request_hash, status_code, response, "
    "resource_id, athlete_id, created_at) SELECT :client_id, :key, :request_hash, "
    ":status_code, :response, saved.id, :athlete_id, :created_at FROM saved"
)


def _insert_atomically(session: Session, values: dict[str, Any],
                       record: dict[str, Any] | None) -> None:
    """PostgreSQL: the plan and its idempotency record in one statement, in autocommit - one
    round trip, and atomic (a conflicting key fails the whole statement, plan included)."""
    params = {**values, "profile": to_json(values["profile"]).decode(),
              "plan": to_json(values["plan"]).decode()}
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    with bind.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if record is None:
            conn.execute(_SAVE_ONE, params)
        else:
            conn.execute(_SAVE_WITH_KEY, {**params, **{k: v for k, v in record.items()
                                                      if k != "resource_id"}})


def get_plan(session: Session, *, client_id: int, plan_id: uuid.UUID,
             kind: str = "week") -> SavedPlan | None:
    """A client's plan of one kind; anything else (another client's, another kind) is None.
    The owner is part of the query, so another app's plan costs the same as no plan at all,
    and the row is read afresh (never a stale copy from the session)."""
    stmt = select(SavedPlan).where(
        col(SavedPlan.id) == plan_id, col(SavedPlan.client_id) == client_id,
        col(SavedPlan.kind) == kind,
    ).execution_options(populate_existing=True)
    return session.scalars(stmt).first()


def plans_by_id(session: Session, *, client_id: int,
                ids: list[uuid.UUID]) -> dict[uuid.UUID, SavedPlan]:
    """Whole documents for some of a client's plans (a full list page, a few at a time)."""
    stmt = select(SavedPlan).where(col(SavedPlan.client_id) == client_id,
                                   col(SavedPlan.id).in_(ids))
    return {row.id: row for row in session.scalars(stmt)}


def list_plans(
    session: Session, *, client_id: int, athlete_id: str | None, limit: int,
    cursor: tuple[datetime, uuid.UUID] | None, kind: str = "week",
) -> tuple[list[SavedPlan], str | None]:
    """Newest first; keyset pagination on (created_at, id). The documents (profile and plan)
    are not read: a full page loads them a few at a time (plans_by_id)."""
    stmt = select(SavedPlan).where(col(SavedPlan.client_id) == client_id,
                                   col(SavedPlan.kind) == kind)
    stmt = stmt.options(defer(cast(Any, SavedPlan.profile)), defer(cast(Any, SavedPlan.plan)))
    if athlete_id is not None:
        stmt = stmt.where(col(SavedPlan.athlete_id) == athlete_id)
    if cursor is not None:
        created, ident = cursor
        if session.get_bind().dialect.name == "sqlite":
            created = created.astimezone(UTC).replace(tzinfo=None)
        key = tuple_(col(SavedPlan.created_at), col(SavedPlan.id))
        stmt = stmt.where(key < tuple_(created, ident))
    newest = (col(SavedPlan.created_at).desc(), col(SavedPlan.id).desc())
    stmt = stmt.order_by(*newest).limit(limit + 1)
    rows = list(session.scalars(stmt))
    nxt = cursors.encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], nxt


def update_plan(
    session: Session, *, client_id: int, plan_id: uuid.UUID, expected_version: int | None,
    values: dict[str, Any], kind: str = "week",
) -> SavedPlan | None | bool:
    """Compare-and-set on version: the row changes only if nobody changed it first.

    Returns the updated row, None when there is no such plan for this client, or False when
    the version did not match (the caller answers 412 and nothing was changed).
    """
    conds = [col(SavedPlan.id) == plan_id, col(SavedPlan.client_id) == client_id,
             col(SavedPlan.kind) == kind]
    if expected_version is not None:
        conds.append(col(SavedPlan.version) == expected_version)
    result = session.execute(
        update(SavedPlan).where(*conds)
        .values(**values, version=col(SavedPlan.version) + 1, updated_at=utcnow())
    )
    if rowcount(result) == 0:
        session.rollback()
        gone = get_plan(session, client_id=client_id, plan_id=plan_id, kind=kind) is None
        return None if gone else False
    session.commit()
    # None if it was deleted the moment after: the caller answers 404, as it would a moment later
    return get_plan(session, client_id=client_id, plan_id=plan_id, kind=kind)


def delete_plan(session: Session, *, client_id: int, plan_id: uuid.UUID,
                expected_version: int | None, kind: str = "week") -> bool | None:
    """True when deleted, None when absent, False when the version did not match."""
    conds = [col(SavedPlan.id) == plan_id, col(SavedPlan.client_id) == client_id,
             col(SavedPlan.kind) == kind]
    if expected_version is not None:
        conds.append(col(SavedPlan.version) == expected_version)
    result = session.execute(delete(SavedPlan).where(*conds))
    if rowcount(result) == 0:
        session.rollback()
        gone = get_plan(session, client_id=client_id, plan_id=plan_id, kind=kind) is None
        return None if gone else False
    session.commit()
    return True
