"""Writes that regenerate a plan: compare-and-set on its version, recomputed when they lose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from app import crud
from app.api.errors import ProblemError
from app.api.routes.common import not_found, stale, updated
from app.models import SavedPlan

CAS_TRIES = 5
MAX_LOGS = 1000  # per plan or programme: a 24-week programme logged daily needs 168
R = TypeVar("R")


def with_cas(attempt: Callable[[], R | None], *, what: str) -> R:
    """Run a read-compute-write `attempt` until its compare-and-set wins. An attempt returns
    None when another write changed the row first (nothing it did was kept): it then reads
    again and recomputes. After CAS_TRIES losses the answer is 409: retry later."""
    for _ in range(CAS_TRIES):
        try:
            outcome = attempt()
        except crud.PlanGone:
            raise not_found(what) from None
        except crud.LogCapReached as exc:
            raise ProblemError(409, "conflict", f"a {what} keeps at most {exc.cap} logs; "
                               "correct an earlier log by logging the same session again "
                               "only when needed") from None
        if outcome is not None:
            return outcome
    raise ProblemError(409, "conflict", f"the {what} kept changing while this request was "
                       "applied; read it again and retry")


def cas_update(session: Any, *, client_id: int, row: SavedPlan, wanted: int | None,
               values: dict[str, Any], what: str) -> SavedPlan | None:
    """One compare-and-set update of `row` as read: the new row, or None when another write
    got there first. With If-Match naming a version (`wanted`), losing is a 412."""
    if wanted is not None and row.version != wanted:
        raise stale()
    result = crud.update_plan(session, client_id=client_id, plan_id=row.id,
                              expected_version=row.version, values=values, kind=row.kind)
    if result is False:
        if wanted is not None:
            raise stale()
        return None
    return updated(result, what)
