"""The HTTP server's own limits: how big a request head may be and how long a client may take
to send a request.

uvicorn's httptools parser (the fast one `uvicorn[standard]` picks) has no limit on the size of
a request head and no deadline for receiving one: a client could send 100 MB of headers, all
kept in memory, or one byte every few seconds for ever. uvicorn's h11 parser bounds the head
(`h11_max_incomplete_event_size`) but is several times slower and has no deadline either;
hypercorn's `read_timeout` is per read, so a byte every few seconds still holds a connection.
This protocol keeps httptools' speed and adds both bounds:

- a request head (request line and headers) larger than MAX_HEADER_BYTES is answered 431 and
  the connection is closed; at most one socket read (256 KiB) past the limit is ever held;
- a request (head and body) not fully received REQUEST_READ_TIMEOUT_SECONDS after the
  connection opened or the request began is dropped: the connection is closed.

Idle keep-alive connections are closed by uvicorn's own `timeout_keep_alive` (5 s).
"""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic_core import to_json
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.core.config import get_settings

PROTOCOL = "app.core.server:GuardedHttpToolsProtocol"


def _too_large(limit: int) -> bytes:
    body = to_json({"type": "/problems/request-header-fields-too-large",
                    "title": "Request header fields too large", "status": 431,
                    "detail": f"request line and headers are limited to {limit} bytes"})
    return (b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: application/problem+json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n"
            + body)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a bounded request head and a request deadline."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self._max_head = settings.max_header_bytes
        self._read_timeout = settings.request_read_timeout_seconds
        self._in_head = True
        self._seen = 0  # bytes of the current request received so far
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # a connection that never sends a byte is dropped too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._seen += len(data)
        super().data_received(data)
        if self._in_head and self._seen > self._max_head and not self.transport.is_closing():
            self.transport.write(_too_large(self._max_head))
            self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        if self._deadline is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True
        self._seen = 0
        self._disarm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self._read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()
