"""Liveness and readiness for orchestrators: no key needed."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from pydantic_core import to_json
from sqlalchemy import text
from starlette.responses import Response

from app.api.deps import SettingsDep
from app.api.errors import ProblemError, problem_type
from app.core import migrate
from app.core.db import get_engine
from app.core.metrics import registry

router = APIRouter(tags=["health"])


@router.get("/healthz", operation_id="getHealth")
async def healthz() -> dict[str, str]:
    """The process is up and serving. Checks no dependency."""
    return {"status": "ok"}


@router.get("/readyz", operation_id="getReadiness",
            responses={503: {"description": "A check failed; the body names it."}})
def readyz() -> Response:
    """Ready for traffic: the database answers and its schema is at the latest migration."""
    checks: dict[str, Any] = {}
    try:
        engine = get_engine()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current, head = migrate.current_revision(engine), migrate.head_revision()
        checks["migrations"] = "ok" if current == head else f"at {current}, head is {head}"
    except Exception as exc:  # any failure to reach the database is "not ready"
        checks["database"] = f"unreachable ({type(exc).__name__})"
    ok = all(v == "ok" for v in checks.values())
    body: dict[str, Any] = {"status": "ready" if ok else "not ready", "checks": checks}
    if not ok:
        body.update(type=problem_type("service-unavailable"), title="Not ready", status=503,
                    detail="; ".join(f"{k}: {v}" for k, v in checks.items() if v != "ok"))
    return Response(to_json(body), status_code=200 if ok else 503,
                    media_type="application/json" if ok else "application/problem+json")


@router.get("/metrics", operation_id="getMetrics", include_in_schema=True,
            response_class=Response,
            responses={200: {"content": {"text/plain": {}},
                             "description": "Prometheus text exposition format."}})
def metrics(settings: SettingsDep) -> Response:
    """Prometheus metrics: requests and latency by route and status, plans generated and saved.
    Expose it to your monitoring network only."""
    if not settings.metrics_enabled:
        raise ProblemError(404, "not-found", "metrics are disabled")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several workers: every worker writes its counts to files in that folder; any worker
        # answering adds them all up, so the numbers are the container's, not one worker's.
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
        return Response(generate_latest(combined), media_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
