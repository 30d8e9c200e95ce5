"""Dependencies as types: SessionDep, SettingsDep, ClientDep."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from app import crud
from app.api.errors import ProblemError
from app.core.config import Settings, get_settings
from app.core.db import get_engine, get_session
from app.core.security import hash_key

SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="ApiKey",
    description="Your app's API key (make one with `python -m app keys create --name my-app`).",
)


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    name: str


class _RecentKeys:
    """Keys verified against the database recently, by hash.

    Every request is checked against the database, so a revoked key is refused at once. Only
    when the database cannot be reached does a key verified within `ttl` seconds still pass, so
    the stateless endpoints keep answering during an outage.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[Client, float]] = {}
        self._lock = threading.Lock()

    def remember(self, digest: str, client: Client) -> None:
        with self._lock:
            self._seen[digest] = (client, time.monotonic())

    def forget(self, digest: str) -> None:
        with self._lock:
            self._seen.pop(digest, None)

    def recall(self, digest: str, ttl: float) -> Client | None:
        with self._lock:
            hit = self._seen.get(digest)
        if hit is None or time.monotonic() - hit[1] > ttl:
            return None
        return hit[0]


recent_keys = _RecentKeys()


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "unauthorized", detail, headers={"WWW-Authenticate": "ApiKey"})


def require_client(
    key: Annotated[str | None, Security(api_key_header)],
    settings: SettingsDep,
) -> Client:
    if not key:
        raise _unauthorized("send your API key in the X-API-Key header")
    digest = hash_key(key)
    try:
        with Session(get_engine()) as session:
            row = crud.client_for_key(session, key=key)
    except (OperationalError, DBAPIError) as exc:
        cached = recent_keys.recall(digest, settings.auth_cache_seconds)
        if cached is not None:
            return cached
        raise ProblemError(503, "service-unavailable",
                           "the key store is unreachable; try again shortly",
                           headers={"Retry-After": "5"}) from exc
    if row is None or row.id is None:
        recent_keys.forget(digest)
        raise _unauthorized("the API key is not valid or has been revoked")
    client = Client(row.id, row.name)
    recent_keys.remember(digest, client)
    return client


ClientDep = Annotated[Client, Depends(require_client)]


_declared: dict[int, frozenset[str]] = {}


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_query(request: Request) -> None:
    """A query parameter the operation does not declare is a 422, not silently ignored: a typo
    like `categroy=core` must not quietly return everything."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    names = _declared.get(id(route))
    if names is None:
        names = frozenset(_query_names(dependant))
        _declared[id(route)] = names
    unknown = sorted(set(request.query_params.keys()) - names)
    if unknown:
        allowed = ", ".join(sorted(names)) or "none"
        raise ProblemError(
            422, "validation-error", f"unknown query parameter {unknown[0]!r}; allowed: {allowed}",
            errors=[{"location": "query", "pointer": f"/{name}",
                     "detail": f"is not a known parameter; allowed: {allowed}"}
                    for name in unknown],
        )
