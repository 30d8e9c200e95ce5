"""The week planner's public names, kept where clients of the engine import them.

The planner is a pipeline of stages (see week.py): context, placement, selection, dosing,
budget, rationale and explain, one module each.
"""

from __future__ import annotations

from app.engine.budget import session_budget, session_seconds, work_seconds
from app.engine.context import (
    LEVEL_OF,
    allowed_phases,
    derive_phase,
    pools,
    validate_profile,
    weeks_out,
)
from app.engine.week import generate_week

__all__ = [
    "LEVEL_OF",
    "allowed_phases",
    "derive_phase",
    "generate_week",
    "pools",
    "session_budget",
    "session_seconds",
    "validate_profile",
    "weeks_out",
    "work_seconds",
]
