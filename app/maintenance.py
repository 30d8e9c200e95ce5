"""Housekeeping the service does by itself: forgetting expired Idempotency-Key responses.

Every save made with an Idempotency-Key stores its response for IDEMPOTENCY_TTL_HOURS so a
retry can be answered with it; after that the record is useless and is deleted, every
IDEMPOTENCY_PURGE_SECONDS by each running instance (one indexed DELETE; instances running it
at once do no harm) and on demand with `python -m app purge`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app import crud
from app.core.config import Settings
from app.core.db import get_engine

log = logging.getLogger("app.maintenance")


def purge_once(settings: Settings) -> int:
    with Session(get_engine()) as session:
        return crud.purge_idempotency(
            session, older_than=timedelta(hours=settings.idempotency_ttl_hours))


async def purge_periodically(settings: Settings) -> None:
    while True:
        await asyncio.sleep(settings.idempotency_purge_seconds)
        try:
            removed = await run_in_threadpool(purge_once, settings)
        except Exception as exc:  # the database may be away: try again next time
            log.warning("idempotency purge failed", extra={"error": type(exc).__name__})
            continue
        log.info("idempotency records purged", extra={"removed": removed})
