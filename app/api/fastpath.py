"""The hot paths, served straight from ASGI: POST /v1/plans/generate and GET /v1/exercises.

They are the requests apps make most, and with the engine memoised and catalogue pages cached,
FastAPI's routing and request handling (route matching, the dependency solver, the exit stack)
cost about as much as the answer itself. This layer sits inside ServiceMiddleware (so keys, rate
limits, metrics and the access log apply as to any request) and calls a route's own endpoint
function (which checks its key, query and language itself) for exactly its method and path;
every other request goes on to FastAPI unchanged.

Errors take the app's registered exception handlers, looked up the way Starlette's
ExceptionMiddleware does, so a 401, 422 or engine error reads the same as through the router;
anything unexpected propagates to the 500 handler as it would there.
tests/api/test_generate_contract.py holds both paths to the same answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from app.api.middleware import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]


class FastPath:
    def __init__(self, app: ASGIApp, *, routes: Mapping[tuple[str, str], BaseRoute],
                 handlers: Mapping[Any, Callable[..., Any]]) -> None:
        """routes: (method, path) -> a route whose endpoint takes the Request alone."""
        self.app = app
        self.routes = {key: (route, getattr(route, "endpoint"))  # noqa: B009
                       for key, route in routes.items()}
        self.handlers = handlers  # the app's dict: handlers added later are seen too

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hit = self.routes.get((scope["method"], scope["path"])) if scope["type"] == "http" \
            else None
        if hit is None:
            await self.app(scope, receive, send)
            return
        route, endpoint = hit
        scope["route"] = route  # what the router would have set (metrics name it)
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except Exception as exc:
            handler = self._handler(exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)

    def _handler(self, exc: Exception) -> Callable[..., Any] | None:
        """The most specific handler for the exception's class; the catch-all for Exception
        belongs to the 500 layer outside, as in Starlette."""
        for cls in type(exc).__mro__:
            if cls is Exception:
                return None
            handler = self.handlers.get(cls)
            if handler is not None:
                return handler
        return None
