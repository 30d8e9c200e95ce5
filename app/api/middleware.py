"""One pure-ASGI middleware for every request: request id, body size and media type checks,
per-key rate limiting, metrics and one structured log line.

Pure ASGI (not BaseHTTPMiddleware) keeps the per-request overhead to a few microseconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from pydantic_core import to_json

from app.api.errors import PROBLEM, TITLES, problem_type
from app.core.logging import request_id
from app.core.metrics import LATENCY, RATE_LIMITED, REQUESTS
from app.core.ratelimit import Limiter, Verdict
from app.core.security import key_from_headers

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("app.access")
_RID = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")
_JSON = re.compile(r"^application/([a-z0-9.+-]+\+)?json\s*(;.*)?$", re.IGNORECASE)
_POLICY = "per-key"
KEY_DIGEST = "stride.key_digest"  # scope entry: (the request's key, its SHA-256)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class _Reply:
    """The way back to the client for one request: every response start gets the request id
    (and the rate-limit headers once known), and the status is kept for the access log."""

    __slots__ = ("_send", "extra", "status")

    def __init__(self, send: Send, rid: str) -> None:
        self._send = send
        self.extra: list[tuple[bytes, bytes]] = [(b"x-request-id", rid.encode())]
        self.status = 500

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            message["headers"] = list(message.get("headers", [])) + self.extra
        await self._send(message)

    async def problem(self, code: int, slug: str, detail: str,
                      headers: list[tuple[bytes, bytes]] | None = None) -> None:
        body = to_json({"type": problem_type(slug), "title": TITLES[slug], "status": code,
                        "detail": detail})
        await self.send({"type": "http.response.start", "status": code, "headers": [
            (b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
            *(headers or []),
        ]})
        await self.send({"type": "http.response.body", "body": body})


def _request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a safe token, else a new one."""
    incoming = _header(scope, b"x-request-id")
    return incoming if incoming and _RID.match(incoming) else os.urandom(16).hex()


_SERIES: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _series(template: str, method: str, status: int) -> tuple[Any, Any]:
    """The request counter and latency histogram for one route, method and status, looked up
    in prometheus-client once (a bounded set: routes x methods x statuses)."""
    key = (template, method, status)
    hit = _SERIES.get(key)
    if hit is None:
        hit = _SERIES[key] = (REQUESTS.labels(template, method, str(status)),
                              LATENCY.labels(template, method))
    return hit


def _record(scope: Scope, status: int, elapsed: float) -> None:
    """Metrics and the one access log line of a finished request."""
    method = scope["method"]
    route = scope.get("route")
    template = getattr(route, "path", None) or "unmatched"
    requests, latency = _series(template, method, status)
    requests.inc()
    latency.observe(elapsed)
    log.info("request", extra={"method": method, "route": template, "status": status,
                               "duration_ms": round(elapsed * 1000, 2)})


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int, limiter: Limiter | None,
                 fail_open: bool, known_key: Callable[[str], bool] = lambda _: False) -> None:
        self.app = app
        self.known_key = known_key
        self.max_body = max_body
        self.limiter = limiter
        self.fail_open = fail_open

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _request_id(scope)
        token = request_id.set(rid)
        started = time.perf_counter()
        reply = _Reply(send, rid)
        try:
            body_receive = await self._admit(scope, receive, reply)
            if body_receive is not None:
                await self.app(scope, body_receive, reply.send)
        finally:
            _record(scope, reply.status, time.perf_counter() - started)
            request_id.reset(token)

    async def _admit(self, scope: Scope, receive: Receive, reply: _Reply) -> Receive | None:
        """Rate limit, body size and media type, in that order: the channel the app reads the
        body from, or None when the request has already been answered with a problem."""
        path = scope["path"]
        versioned = path.startswith("/v1/") or path == "/v1"
        if versioned and self.limiter is not None:
            refusal = self._rate_refusal(await self._limit(scope), reply.extra)
            if refusal is not None:
                await reply.problem(*refusal)
                return None
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await reply.problem(413, "payload-too-large",
                                f"request bodies are limited to {self.max_body} bytes")
            return None
        has_body = (length is not None and length != "0") or (
            _header(scope, b"transfer-encoding") is not None)
        if versioned and scope["method"] in ("POST", "PUT", "PATCH") and has_body:
            ctype = _header(scope, b"content-type") or ""
            if not _JSON.match(ctype.strip()):
                await reply.problem(415, "unsupported-media-type",
                                    "send the body as application/json")
                return None
        if has_body and length is None:
            return await self._buffered(receive, reply)
        return receive

    def _rate_refusal(self, verdict: Verdict | None, extra: list[tuple[bytes, bytes]],
                      ) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        """The problem to answer when the limiter refuses (or cannot answer); otherwise None,
        and the RateLimit headers are added to every response."""
        assert self.limiter is not None
        if verdict is None:
            return (503, "service-unavailable", "rate limiting is unavailable; try again shortly",
                    [(b"retry-after", b"5")])
        extra += [
            (b"ratelimit-policy",
             f'"{_POLICY}";q={verdict.limit};w={self.limiter.window}'.encode()),
            (b"ratelimit",
             f'"{_POLICY}";r={verdict.remaining};t={verdict.reset}'.encode()),
        ]
        if not verdict.allowed:
            RATE_LIMITED.inc()
            return (429, "rate-limited",
                    f"more than {verdict.limit} requests in {self.limiter.window} s; "
                    f"retry after {verdict.reset} s",
                    [(b"retry-after", str(verdict.reset).encode())])
        return None

    async def _buffered(self, receive: Receive, reply: _Reply) -> Receive | None:
        """A chunked body of unknown length: read it here, up to the limit, and replay it to
        the app (None when it ran over the limit and was answered with a 413)."""
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            more = bool(message.get("more_body"))
            if seen > self.max_body:
                await reply.problem(413, "payload-too-large",
                                    f"request bodies are limited to {self.max_body} bytes")
                return None
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks),
                                  "more_body": False}]

        async def body_receive() -> Message:
            return replay.pop() if replay else await receive()

        return body_receive

    async def _limit(self, scope: Scope) -> Verdict | None:
        assert self.limiter is not None
        key = key_from_headers(_header(scope, b"x-api-key"), _header(scope, b"authorization"))
        digest = hashlib.sha256(key.encode()).hexdigest() if key else None
        scope[KEY_DIGEST] = (key, digest)  # require_client reuses it rather than hash again
        if digest is not None and self.known_key(digest):
            identity = digest
        else:  # no key, or one not verified yet: counted against the client's address
            client = scope.get("client")
            identity = f"ip:{client[0] if client else 'unknown'}"
        try:
            return await self.limiter.hit(identity)
        except Exception:  # Redis down or slow: fail open or closed as configured
            log.warning("rate limiter unavailable", extra={"fail_open": self.fail_open})
            if self.fail_open:
                return Verdict(True, self.limiter.limit, self.limiter.limit,
                               self.limiter.window)
            return None
