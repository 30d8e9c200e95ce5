"""Idempotency-Key records: the stored first answer a retry replays, and their expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from pydantic_core import from_json
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.crud.common import rowcount
from app.cursors import aware
from app.models import IdempotencyRecord, utcnow


@dataclass(frozen=True, slots=True)
class Stored:
    """A response to send: fresh or replayed from an idempotency record."""

    status: int
    body: dict[str, Any]
    replayed: bool
    raw: bytes = b""  # the body, already serialized


class IdempotencyMismatch(Exception):
    """The key was used before with a different request body."""


def _stored_body(raw: bytes | str) -> dict[str, Any]:
    """The stored response: the JSON bytes it was sent as."""
    return cast(dict[str, Any], from_json(raw))


def replay(session: Session, *, client_id: int, key: str, request_hash: str,
           ttl: timedelta, conflict: IntegrityError) -> Stored | None:
    """After a save refused on the key: the stored answer to replay, or None when the record
    had expired (it is removed; save anew). `conflict` is raised again when no record holds
    the key (some other constraint refused the save)."""
    rec = session.get(IdempotencyRecord, (client_id, key), populate_existing=True)
    if rec is None:
        raise conflict  # not the key: some other constraint refused the plan
    if aware(rec.created_at) >= utcnow() - ttl:
        if rec.request_hash != request_hash:
            raise IdempotencyMismatch
        return Stored(rec.status_code, _stored_body(rec.response), replayed=True)
    session.delete(rec)  # expired: forget it and save anew
    session.commit()
    return None


def purge_idempotency(session: Session, *, older_than: timedelta) -> int:
    """Forget Idempotency-Key responses older than the TTL; returns how many were removed."""
    cutoff = utcnow() - older_than
    result = session.execute(delete(IdempotencyRecord).where(
        col(IdempotencyRecord.created_at) < cutoff))
    session.commit()
    return rowcount(result)
