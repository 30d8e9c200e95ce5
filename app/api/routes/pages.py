"""List pages: summaries or whole documents under a byte cap, and pages of logs."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic_core import to_json
from starlette.responses import Response

from app import crud, cursors
from app.api.errors import ProblemError
from app.api.routes.common import JSON, iso_time, log_to_dict
from app.models import SavedPlan

MAX_PAGE_BYTES = 4 * 1024 * 1024
View = Annotated[Literal["summary", "full"], Query(
    description="summary (default): ids, names, versions and times; full: every document "
                "whole (pages are then cut at 4 MiB, with next_cursor to go on).")]


FULL_BATCH = 4  # whole documents read from the database at a time for a full page


def page_response(session: Any, rows: list[SavedPlan], nxt: str | None, *, full: bool,
                  render_row: Callable[[SavedPlan], dict[str, Any]]) -> Response:
    """A list page: summaries, or whole documents up to MAX_PAGE_BYTES (at least one). Whole
    documents are read FULL_BATCH at a time and dropped once serialized, so a page of large
    programmes never holds more than a few of them in memory."""
    parts: list[bytes] = []
    total = 0
    for start in range(0, len(rows), FULL_BATCH if full else len(rows) or 1):
        batch = rows[start:start + FULL_BATCH] if full else rows
        docs = crud.plans_by_id(session, client_id=batch[0].client_id,
                                ids=[r.id for r in batch]) if full else {}
        for i, row in enumerate(batch, start):
            doc = docs.get(row.id) if full else None
            if full and doc is None:
                continue  # deleted since the page was read
            item = to_json(render_row(doc) if doc is not None else summary(row))
            if parts and total + len(item) > MAX_PAGE_BYTES:
                return _page(parts, cursors.encode_cursor(rows[i - 1]))
            parts.append(item)
            total += len(item)
        docs.clear()
        session.expunge_all()
    return _page(parts, nxt)


def _page(parts: list[bytes], nxt: str | None) -> Response:
    raw = b'{"data":[' + b",".join(parts) + b'],"next_cursor":' + to_json(nxt) + b"}"
    return Response(raw, media_type=JSON)


def summary(row: SavedPlan) -> dict[str, Any]:
    return {"id": str(row.id), "athlete_id": row.athlete_id, "name": row.name,
            "engine_version": row.engine_version, "version": row.version,
            "created_at": iso_time(row.created_at), "updated_at": iso_time(row.updated_at)}


LogLimit = Annotated[int, Query(ge=1, le=500, description="Logs per page (at most 500).")]
LogCursor = Annotated[str | None, Query(max_length=512)]


def logs_page(session: Any, *, plan_id: uuid.UUID, limit: int,
              cursor: str | None) -> dict[str, Any]:
    """One page of a plan's logs, by week and then oldest first."""
    after = None
    if cursor is not None:
        try:
            after = cursors.decode_log_cursor(cursor)
        except ValueError as exc:
            raise ProblemError(422, "validation-error", str(exc), errors=[
                {"location": "query", "pointer": "/cursor", "detail": str(exc)}]) from None
    rows = crud.list_logs(session, plan_id=plan_id, limit=limit + 1, after=after)
    nxt = cursors.encode_log_cursor(rows[limit - 1]) if len(rows) > limit else None
    return {"data": [log_to_dict(r) for r in rows[:limit]], "next_cursor": nxt}
