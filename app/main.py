"""Builds the FastAPI app: routers, middleware and error handlers. No logic lives here."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import errors
from app.api.routes import exercises, health, plans
from app.engine.catalogue import default_catalogue
from app.engine.rules import ENGINE_VERSION

DESCRIPTION = """Strength training planned around a runner's runs.

POST a runner profile to get a week of strength sessions with sets, reps, rest, load guidance
and a rationale for every choice; browse the exercise catalogue by the equipment a runner owns.
Every error is `application/problem+json` (RFC 9457).
"""


def create_app() -> FastAPI:
    default_catalogue()  # load and validate the catalogue at start-up: bad data fails loudly
    app = FastAPI(
        title="Stride Strength API",
        version=ENGINE_VERSION,
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "plans", "description": "Week plans around a runner's runs."},
            {"name": "exercises", "description": "The runner exercise catalogue."},
            {"name": "health", "description": "Liveness and readiness."},
        ],
    )
    errors.install(app)
    app.include_router(health.router)
    app.include_router(exercises.router)
    app.include_router(plans.router)
    return app


app = create_app()
