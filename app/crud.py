"""Persistence functions, keyword-only. The only module that commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from pydantic_core import from_json, to_json
from sqlalchemy import delete, func, insert, select, text, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, col

from app import cursors
from app.core.keycache import announce_revocation
from app.core.security import hash_key, new_key
from app.cursors import aware as aware
from app.models import (
    ApiClient,
    ApiKey,
    IdempotencyRecord,
    PlanShare,
    SavedPlan,
    SessionLog,
    utcnow,
)

# ----------------------------------------------------------------------------- apps and keys


def _announce(session: Session) -> None:
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    announce_revocation(session.connection(), url)


def create_client(session: Session, *, name: str,
                  key_name: str = "first key") -> tuple[ApiClient, str]:
    """Make an app and its first key; the key is returned once and never stored."""
    client = ApiClient(name=name)
    session.add(client)
    session.flush()
    assert client.id is not None
    key, prefix, digest = new_key()
    session.add(ApiKey(client_id=client.id, name=key_name, prefix=prefix, hash=digest))
    session.commit()
    session.refresh(client)
    return client, key


def create_key(session: Session, *, client_id: int, name: str) -> tuple[ApiKey, str]:
    """Another key for an app (rotation: make the new one, switch, revoke the old)."""
    key, prefix, digest = new_key()
    row = ApiKey(client_id=client_id, name=name, prefix=prefix, hash=digest)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row, key


def client_by_name(session: Session, *, name: str) -> ApiClient | None:
    return session.scalars(select(ApiClient).where(col(ApiClient.name) == name)).first()


def list_clients(session: Session) -> list[ApiClient]:
    return list(session.scalars(select(ApiClient).order_by(col(ApiClient.id))))


def list_keys(session: Session, *, client_id: int | None = None) -> list[ApiKey]:
    stmt = select(ApiKey).order_by(col(ApiKey.client_id), col(ApiKey.id))
    if client_id is not None:
        stmt = stmt.where(col(ApiKey.client_id) == client_id)
    return list(session.scalars(stmt))


def active_key_count(session: Session) -> int:
    stmt = select(func.count()).select_from(ApiKey).where(col(ApiKey.revoked_at).is_(None))
    return int(session.scalar(stmt) or 0)


def revoke_key(session: Session, *, client_id: int, key_id: int,
               keep_one: bool = True) -> str:
    """Revoke one of an app's keys: "revoked", "absent" (not this app's), "already" (revoked
    before) or "last" (its only live key, kept when keep_one). The app row is locked first, so
    two concurrent revocations cannot leave an app without a live key."""
    session.execute(select(col(ApiClient.id)).where(col(ApiClient.id) == client_id)
                    .with_for_update())
    row = session.scalars(select(ApiKey).where(col(ApiKey.id) == key_id,
                                               col(ApiKey.client_id) == client_id)).first()
    if row is None or row.revoked_at is not None:
        session.rollback()
        return "absent" if row is None else "already"
    if keep_one:
        others = session.scalar(select(func.count()).select_from(ApiKey).where(
            col(ApiKey.client_id) == client_id, col(ApiKey.revoked_at).is_(None),
            col(ApiKey.id) != key_id))
        if not others:
            session.rollback()
            return "last"
    session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(revoked_at=utcnow()))
    _announce(session)
    session.commit()
    return "revoked"


def revoke_client(session: Session, *, name: str) -> bool:
    """Revoke every live key of an app (the app and its data stay); every running instance
    stops accepting them on its next request."""
    client = client_by_name(session, name=name)
    if client is None:
        return False
    result = session.execute(
        update(ApiKey).where(col(ApiKey.client_id) == client.id,
                             col(ApiKey.revoked_at).is_(None)).values(revoked_at=utcnow()))
    revoked = bool(_rowcount(result))
    if revoked:
        _announce(session)
    session.commit()
    return revoked


def key_for_secret(session: Session, *, key: str) -> tuple[ApiKey, ApiClient] | None:
    """The live key with this secret and the app it belongs to."""
    stmt = select(ApiKey, ApiClient).join(ApiClient, col(ApiClient.id) == col(ApiKey.client_id))
    row = session.execute(stmt.where(col(ApiKey.hash) == hash_key(key))).first()
    if row is None or row[0].revoked_at is not None:
        return None
    return row[0], row[1]


def touch_key(session: Session, *, key_id: int, when: datetime) -> None:
    session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=when))
    session.commit()


# ----------------------------------------------------------------------------- plans


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


@dataclass(frozen=True, slots=True)
class Stored:
    """A response to send: fresh or replayed from an idempotency record."""

    status: int
    body: dict[str, Any]
    replayed: bool
    raw: bytes = b""  # the body, already serialized


class IdempotencyMismatch(Exception):
    """The key was used before with a different request body."""


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
            if postgres:
                _insert_atomically(session, values, record)
            else:
                session.execute(insert(SavedPlan).values(**values))
                if record is not None:
                    session.execute(insert(IdempotencyRecord).values(**record))
                session.commit()
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
        rec = session.get(IdempotencyRecord, (client_id, idempotency_key), populate_existing=True)
        if rec is None:
            raise conflict  # not the key: some other constraint refused the plan
        if aware(rec.created_at) >= utcnow() - idempotency_ttl:
            if rec.request_hash != request_hash:
                raise IdempotencyMismatch
            return Stored(rec.status_code, _stored_body(rec.response), replayed=True)
        session.delete(rec)  # expired: forget it and save anew
        session.commit()
    raise RuntimeError("could not store the plan")


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


def _stored_body(raw: bytes | str) -> dict[str, Any]:
    """The stored response: the JSON bytes it was sent as."""
    return cast(dict[str, Any], from_json(raw))


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
    if _rowcount(result) == 0:
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
    if _rowcount(result) == 0:
        session.rollback()
        gone = get_plan(session, client_id=client_id, plan_id=plan_id, kind=kind) is None
        return None if gone else False
    session.commit()
    return True


# ----------------------------------------------------------------------------- session logs


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
        if _rowcount(result) == 0:
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


# ----------------------------------------------------------------------------- idempotency


def purge_idempotency(session: Session, *, older_than: timedelta) -> int:
    """Forget Idempotency-Key responses older than the TTL; returns how many were removed."""
    cutoff = utcnow() - older_than
    result = session.execute(delete(IdempotencyRecord).where(
        col(IdempotencyRecord.created_at) < cutoff))
    session.commit()
    return _rowcount(result)


# ----------------------------------------------------------------------------- athletes


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
    return _rowcount(result)


# ----------------------------------------------------------------------------- shares


def create_share(session: Session, *, client_id: int, plan: SavedPlan, lang: str,
                 created_at: datetime, expires_at: datetime) -> PlanShare:
    """A share of a plan the caller already found as this client's own."""
    row = PlanShare(client_id=client_id, plan_id=plan.id, kind=plan.kind, lang=lang,
                    created_at=created_at, expires_at=expires_at)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def get_share(session: Session, *, share_id: uuid.UUID,
              client_id: int | None = None) -> PlanShare | None:
    """A share by id; with client_id, only that client's (another app's share is None)."""
    row = session.get(PlanShare, share_id)
    if row is None or (client_id is not None and row.client_id != client_id):
        return None
    return row


def revoke_share(session: Session, *, client_id: int, share_id: uuid.UUID,
                 at: datetime) -> bool:
    """True when this client's share is (now or already) revoked, False when it has none."""
    row = get_share(session, share_id=share_id, client_id=client_id)
    if row is None:
        return False
    if row.revoked_at is None:
        session.execute(update(PlanShare).where(col(PlanShare.id) == share_id,
                                                col(PlanShare.revoked_at).is_(None))
                        .values(revoked_at=at))
        session.commit()
    return True
