"""SQLModel tables. The schema itself is made only by the Alembic migrations in alembic/."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONDoc = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(**kw: Any) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=False, **kw)


class ApiClient(SQLModel, table=True):
    """One embedding app: it owns every plan, programme, log and idempotency record saved with
    any of its keys. The table keeps its historical name; the API calls it an app."""

    __tablename__ = "api_clients"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(100), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ApiKey(SQLModel, table=True):
    """One of an app's keys, stored only as a SHA-256 hash plus a display prefix. Keys only
    authenticate: rotating one (a new key, then revoking the old) keeps all of the app's data."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_client", "client_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(
        sa_column=Column(Integer, ForeignKey("api_clients.id", ondelete="CASCADE"),
                         nullable=False)
    )
    name: str = Field(sa_column=Column(String(100), nullable=False))
    prefix: str = Field(sa_column=Column(String(16), nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class SavedPlan(SQLModel, table=True):
    """A plan a runner accepted: the profile as given and the plan as generated."""

    __tablename__ = "saved_plans"
    __table_args__ = (
        Index("ix_saved_plans_client_created", "client_id", "created_at", "id"),
        Index("ix_saved_plans_client_athlete_created", "client_id", "athlete_id", "created_at",
              "id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    client_id: int = Field(
        sa_column=Column(Integer, ForeignKey("api_clients.id", ondelete="CASCADE"),
                         nullable=False)
    )
    athlete_id: str = Field(sa_column=Column(String(128), nullable=False))
    name: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    kind: str = Field(default="week", sa_column=Column(String(16), nullable=False))
    profile: dict[str, Any] = Field(sa_column=Column(JSONDoc, nullable=False))
    # Read and written whole, never queried inside: plain json, no jsonb parsing per save.
    plan: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    engine_version: str = Field(sa_column=Column(String(32), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class IdempotencyRecord(SQLModel, table=True):
    """The first response to a POST made with an Idempotency-Key, replayed on retries."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_client_athlete", "client_id", "athlete_id"),)

    client_id: int = Field(
        sa_column=Column(Integer, ForeignKey("api_clients.id", ondelete="CASCADE"),
                         primary_key=True)
    )
    key: str = Field(sa_column=Column(String(255), primary_key=True))
    request_hash: str = Field(sa_column=Column(String(64), nullable=False))
    status_code: int = Field(sa_column=Column(Integer, nullable=False))
    response: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # JSON bytes
    resource_id: uuid.UUID | None = Field(default=None)
    # Whose data the stored response holds, so erasing an athlete erases it too.
    athlete_id: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=_ts(index=True)
    )


class SessionLog(SQLModel, table=True):
    """What a runner logged for one session of a saved plan or programme."""

    __tablename__ = "session_logs"
    __table_args__ = (Index("ix_session_logs_plan_week", "plan_id", "week", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    plan_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("saved_plans.id", ondelete="CASCADE"), nullable=False)
    )
    week: int = Field(sa_column=Column(Integer, nullable=False))
    session_id: str = Field(sa_column=Column(String(32), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    rpe: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    minutes: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    pain: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    exercises: list[dict[str, Any]] = Field(sa_column=Column(JSONDoc, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class PlanShare(SQLModel, table=True):
    """A signed link to one saved plan or programme, owned by the app that made it. The link
    carries the share id and its expiry; this row lets the app revoke it."""

    __tablename__ = "plan_shares"
    __table_args__ = (Index("ix_plan_shares_client_plan", "client_id", "plan_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    client_id: int = Field(
        sa_column=Column(Integer, ForeignKey("api_clients.id", ondelete="CASCADE"),
                         nullable=False)
    )
    plan_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("saved_plans.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    lang: str = Field(sa_column=Column(String(8), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
