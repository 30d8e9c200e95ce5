"""Builds the FastAPI app: routers, middleware and error handlers. No logic lives here."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from starlette.middleware.cors import CORSMiddleware
from starlette_compress import CompressMiddleware, add_compress_type

from app import i18n
from app.api import errors
from app.api.docs import build_openapi
from app.api.errors import PROBLEM
from app.api.fastpath import FastPath
from app.api.middleware import ServiceMiddleware
from app.api.routes import (
    athletes,
    exercises,
    generate,
    health,
    keys,
    plans,
    problems,
    programme_logs,
    programmes,
    shares,
    workouts,
)
from app.core.config import Settings, get_settings
from app.core.keycache import key_cache
from app.core.logging import configure_logging
from app.core.ratelimit import Limiter, MemoryLimiter, RedisLimiter
from app.engine.catalogue import default_catalogue
from app.engine.rules import ENGINE_VERSION
from app.fit import exercise_numbers
from app.maintenance import purge_periodically

DESCRIPTION = """Strength training planned around a runner's runs.

POST a runner profile to get a week of strength sessions with sets, reps, rest, load guidance
and a rationale for every choice; browse the exercise catalogue by the equipment a runner owns;
save plans for your athletes. Every `/v1` call needs your app's key, in `X-API-Key` or as
`Authorization: Bearer <key>`.
Every error is `application/problem+json` (RFC 9457). Responses to `/v1` carry
`RateLimit-Policy` and `RateLimit` headers; every response carries `X-Request-ID`.
Exercise names, instructions and cues come in en, de, fr, es and nl: send `Accept-Language` or
`?lang=`; localised answers carry `Content-Language` and `Vary: Accept-Language`.
"""

EXPOSED = ["ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy", "X-Request-ID",
           "Idempotent-Replayed"]
TAGS = [
    {"name": "plans",
     "description": "Week plans around a runner's runs, and saved plans for your athletes."},
    {"name": "programmes",
     "description": "Multi-week programmes to a race that adapt to what the runner logs."},
    {"name": "exercises", "description": "The runner exercise catalogue and swaps."},
    {"name": "athletes", "description": "One athlete's data: export it whole or erase it."},
    {"name": "keys", "description": "The calling app's API keys: list, make, revoke (rotation)."},
    {"name": "workouts", "description": "Sessions as FIT workout files for watches."},
    {"name": "shares", "description": "Signed links to a plan's or programme's page that open "
                                      "without an API key."},
    {"name": "health", "description": "Liveness, readiness and metrics (no key)."},
]


def _limiter(settings: Settings) -> Limiter:
    if settings.redis_url:
        return RedisLimiter(settings.redis_url, settings.rate_limit_requests,
                            settings.rate_limit_window_seconds)
    return MemoryLimiter(settings.rate_limit_requests, settings.rate_limit_window_seconds)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    _load_data()
    limiter = _limiter(settings)
    # FastAPIOffline: /docs (Swagger UI) and /redoc with their scripts and styles served from
    # the fastapi-offline package under /static-offline-docs, so they work without internet.
    app = FastAPIOffline(
        telemetry=None if settings.otel_enabled else {"tracing": False, "metrics": False,
                                                      "logs": False},
        title="Stride Strength API",
        version=ENGINE_VERSION,
        description=DESCRIPTION,
        lifespan=_lifespan(settings, limiter),
        openapi_tags=TAGS,
    )
    errors.install(app)
    _include_routers(app)
    _add_middleware(app, settings, limiter)
    app.state.limiter = limiter
    _serve_openapi(app)
    return app


def _load_data() -> None:
    default_catalogue()  # load and validate the catalogue at start-up: bad data fails loudly
    i18n.warm()  # and compile every language's catalogue: a broken .po fails loudly too
    exercise_numbers()  # and its FIT mapping, resolved to FIT profile numbers


def _lifespan(settings: Settings,
              limiter: Limiter) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Everything loaded at start-up (catalogue, caches, modules) lives for the whole
        # process: keep it out of the collector's way so collections stay short.
        gc.collect()
        gc.freeze()
        purge = asyncio.create_task(purge_periodically(settings))
        yield
        purge.cancel()
        if isinstance(limiter, RedisLimiter):
            await limiter.close()

    return lifespan


def _include_routers(app: FastAPI) -> None:
    # Routes match in order: the hot path first (one failed match costs healthz ~1 us)
    app.include_router(generate.router)
    app.include_router(health.router)
    app.include_router(problems.router)
    app.include_router(exercises.fast)
    app.include_router(exercises.router)
    app.include_router(plans.router)
    app.include_router(programmes.fast)
    app.include_router(programmes.router)
    app.include_router(programme_logs.router)  # continues programmes, same order
    app.include_router(athletes.router)
    app.include_router(keys.router)
    app.include_router(workouts.router)
    app.include_router(shares.router)
    app.include_router(shares.public)


def _add_middleware(app: FastAPI, settings: Settings, limiter: Limiter) -> None:
    def known_key(digest: str) -> bool:
        return key_cache(get_settings().database_url).known(digest)

    # Innermost: the hot paths straight from ASGI (app.api.fastpath), inside the service layer.
    hot = (generate.router, exercises.fast, programmes.fast)
    fast = [r for router in hot for r in router.routes if isinstance(r, APIRoute)]
    app.add_middleware(FastPath, routes={(m, r.path): r for r in fast for m in r.methods or ()},
                       handlers=app.exception_handlers)
    app.add_middleware(ServiceMiddleware, max_body=settings.max_body_bytes, limiter=limiter,
                       fail_open=settings.rate_limit_fail_open, known_key=known_key)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins,
            allow_credentials=settings.cors_allow_credentials,
            allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
            allow_headers=["X-API-Key", "Content-Type", "Idempotency-Key", "If-Match",
                           "If-None-Match", "X-Request-ID"],
            expose_headers=EXPOSED, max_age=600,
        )
    # Outermost, so every answer over about 1 KB (JSON, problem+json, calendars, docs assets)
    # is sent as zstd, brotli or gzip when the client accepts one. 304s, 204s and bodies the
    # client did not ask to be compressed pass untouched; ETags stay the plan's version.
    add_compress_type(PROBLEM)
    app.add_middleware(CompressMiddleware, minimum_size=1024)


def _serve_openapi(app: FastAPI) -> None:
    """The document is built once, on first request, with the problem and example additions."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


app = create_app()
