"""Structured JSON logs, one object per line, each with the request id it belongs to.

Nothing here logs API keys, athlete ids, query strings or profile content. Exceptions are
logged as their type, their SQLSTATE when the database raised them, and where they were raised
- never their message, which for a database error can hold the values of the failing row.
"""

from __future__ import annotations

import logging
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_json

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# color_message is uvicorn's copy of the message with ANSI colour codes: never in JSON lines.
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "request_id", "color_message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record. Every request writes one, so it is kept cheap: the timestamp
    reuses its formatted second, and pydantic-core serialises (non-JSON values as str)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": _timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key[:1] != "_":
                data[key] = value
        if record.exc_info and record.exc_info[1] is not None:
            data["exc"] = describe(record.exc_info[1])
        return to_json(data, fallback=str).decode()


_second: tuple[int, str] = (-1, "")


def _timestamp(created: float) -> str:
    """ISO 8601 in UTC to the millisecond (2026-11-22T05:25:18.069+00:00)."""
    global _second
    whole = int(created)
    if whole != _second[0]:
        _second = (whole, datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    return f"{_second[1]}.{int((created - whole) * 1000):03d}+00:00"


def describe(exc: BaseException) -> str:
    """An exception and its causes, without their messages: type, SQLSTATE, stack."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        code = getattr(getattr(current, "orig", None), "sqlstate", None) or getattr(
            current, "sqlstate", None)
        head = f"{kind.__module__}.{kind.__qualname__}" + (f" (SQLSTATE {code})" if code else "")
        parts.append("".join(traceback.format_tb(current.__traceback__)) + head)
        current = current.__cause__ or current.__context__
    return "\n-- while handling --\n".join(parts)


_base_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id.get()
    return record


def configure_logging(level: str = "INFO") -> None:
    logging.setLogRecordFactory(_record_with_request_id)
    # Skip what the JSON lines never show: caller lookup, thread and process names.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # the middleware logs each request
