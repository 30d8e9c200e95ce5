"""Opaque page cursors: what a list's next_cursor holds, and checking one sent back.

A cursor is the position of the last row of a page, base64url-encoded JSON. Anything that is
not a cursor this service could have issued - malformed, or holding a time outside this
century or without a zone - is a ValueError, which the routes answer with a 422.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime

from app.models import SavedPlan, SessionLog


def aware(dt: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def encode_cursor(row: SavedPlan) -> str:
    raw = json.dumps([aware(row.created_at).isoformat(), str(row.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """Raises ValueError for anything that is not a cursor this service issued."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, ident = json.loads(raw)
        when = datetime.fromisoformat(created)
        # Every cursor issued holds a UTC time of this century; anything else is forged and
        # would overflow date arithmetic in the database driver.
        if when.tzinfo is None or not 2000 <= when.year <= 2100:
            raise ValueError("not a cursor this service issued")
        return when.astimezone(UTC), uuid.UUID(ident)
    except Exception as exc:  # any malformed input is the same client error
        raise ValueError("cursor is not valid; use next_cursor from a previous page") from exc


def encode_log_cursor(row: SessionLog) -> str:
    raw = json.dumps([row.week, aware(row.created_at).isoformat(), str(row.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_log_cursor(cursor: str) -> tuple[int, datetime, uuid.UUID]:
    """Raises ValueError for anything that is not a log cursor this service issued."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        week, created, ident = json.loads(raw)
        when = datetime.fromisoformat(created)
        if (not isinstance(week, int) or not 0 < week <= 100 or when.tzinfo is None
                or not 2000 <= when.year <= 2100):
            raise ValueError("not a cursor this service issued")
        return week, when.astimezone(UTC), uuid.UUID(ident)
    except Exception as exc:  # any malformed input is the same client error
        raise ValueError("cursor is not valid; use next_cursor from a previous page") from exc
