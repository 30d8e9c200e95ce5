"""Dependencies as types: SessionDep, SettingsDep, ClientDep."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app import crud
from app.api.errors import ProblemError, unknown_query
from app.api.middleware import KEY_DIGEST
from app.core.config import Settings, get_settings
from app.core.db import get_engine, get_session
from app.core.keycache import Client, key_cache
from app.core.security import hash_key, key_from_headers
from app.models import utcnow

SessionDep = Annotated[Session, Depends(get_session)]
async def _settings() -> Settings:
    # async: a sync dependency would cost a threadpool hop on every request
    return get_settings()


SettingsDep = Annotated[Settings, Depends(_settings)]



def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer, ApiKey"})


def _lookup(key: str) -> Client | None:
    with Session(get_engine()) as session:
        found = crud.key_for_secret(session, key=key)
    if found is None or found[0].id is None or found[1].id is None:
        return None
    return Client(found[1].id, found[1].name, found[0].id)


# last_used_at is written at most once a minute per key, not on every request.
TOUCH_EVERY = 60.0
_touched: dict[str, float] = {}  # by key hash


def _touch(digest: str, key_id: int) -> None:
    try:
        with Session(get_engine()) as session:
            crud.touch_key(session, key_id=key_id, when=utcnow())
    except (OperationalError, DBAPIError):  # best effort: never fail a request over it
        _touched.pop(digest, None)


async def _note_use(digest: str, client: Client) -> None:
    now = time.monotonic()
    if now - _touched.get(digest, -TOUCH_EVERY) >= TOUCH_EVERY:
        if len(_touched) > 100_000:
            _touched.clear()
        _touched[digest] = now
        await run_in_threadpool(_touch, digest, client.key_id)


def _read_key(request: Request) -> tuple[str | None, str | None]:
    key = key_from_headers(request.headers.get("x-api-key"),
                           request.headers.get("authorization"))
    return key, hash_key(key) if key else None


async def require_client(request: Request) -> Client:
    """Resolve the request's key to its app. Known keys are answered from memory (dropped the
    moment any key is revoked); others are looked up in the threadpool. While the database is
    unreachable, keys verified within AUTH_CACHE_SECONDS still pass, so the stateless endpoints
    keep answering.

    Reads X-API-Key or Authorization: Bearer itself: one dependency instead of three on every
    request. Both security schemes are declared in the OpenAPI document (app.api.docs)."""
    seen = request.scope.get(KEY_DIGEST)  # read and hashed by the middleware already
    key, digest = seen if seen is not None else _read_key(request)
    settings = get_settings()
    if not key or not digest:
        raise _unauthorized("send your API key in the X-API-Key header or as "
                            "Authorization: Bearer <key>")
    cache = key_cache(settings.database_url)
    if cache.fresh():
        hit = cache.get(digest)
        if hit is not None:
            await _note_use(digest, hit)
            return hit
    try:
        client = await run_in_threadpool(_lookup, key)
    except (OperationalError, DBAPIError) as exc:
        cached = cache.recall(digest, settings.auth_cache_seconds)
        if cached is not None:
            return cached
        raise ProblemError(503, "service-unavailable",
                           "the key store is unreachable; try again shortly",
                           headers={"Retry-After": "5"}) from exc
    if client is None:
        cache.forget(digest)
        raise _unauthorized("the API key is not valid or has been revoked")
    cache.put(digest, client)
    await _note_use(digest, client)
    await _charge_key(request, digest)
    return client


async def _charge_key(request: Request, digest: str) -> None:
    """A key seen for the first time was counted against the caller's address (the limiter
    counts only verified keys per key): count this request against the key too, so a key's
    window holds exactly its limit."""
    limiter = getattr(request.app.state, "limiter", None)
    if limiter is not None:
        with contextlib.suppress(Exception):  # the limiter being down changes nothing here
            await limiter.hit(digest)


ClientDep = Annotated[Client, Depends(require_client)]


_declared: dict[int, frozenset[str]] = {}


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(request: Request, _client: ClientDep) -> None:
    """A query parameter the operation does not declare is a 422, not silently ignored: a typo
    like `categroy=core` must not quietly return everything. Runs after authentication, so a
    caller without a key learns nothing about the parameters."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    names = _declared.get(id(route))
    if names is None:
        names = frozenset(_query_names(dependant))
        _declared[id(route)] = names
    unknown_query(request.query_params.keys(), names)


T = TypeVar("T")


async def in_session(work: Callable[[Session], T]) -> T:
    """Run `work` with a fresh session in the threadpool: one hop for all of a request's
    database work (a sync session dependency plus a sync route would take three)."""

    def run() -> T:
        with Session(get_engine(), expire_on_commit=False) as session:
            return work(session)

    return await run_in_threadpool(run)
