"""Liveness for orchestrators: no dependencies, no key."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/healthz", operation_id="getHealth")
async def healthz() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}
