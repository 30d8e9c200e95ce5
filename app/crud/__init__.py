"""Persistence functions, keyword-only. The only package that commits.

One module per resource; every name is re-exported here, so `crud.get_plan(...)` works:
    keys         apps and API keys
    plans        saved plans and programmes (one table, told apart by kind)
    idempotency  Idempotency-Key records: replay and expiry
    logs         session logs
    athletes     one athlete's data: export and erasure
    shares       share links
"""

from __future__ import annotations

from app.core.security import hash_key
from app.crud.athletes import athlete_data, erase_athlete
from app.crud.idempotency import IdempotencyMismatch, Stored, purge_idempotency
from app.crud.keys import (
    active_key_count,
    client_by_name,
    create_client,
    create_key,
    key_for_secret,
    list_clients,
    list_keys,
    revoke_client,
    revoke_key,
    touch_key,
)
from app.crud.logs import LogCapReached, PlanGone, add_log, list_logs
from app.crud.plans import (
    create_plan,
    delete_plan,
    get_plan,
    list_plans,
    plans_by_id,
    update_plan,
)
from app.crud.shares import create_share, get_share, revoke_share
from app.cursors import aware

__all__ = [
    "IdempotencyMismatch",
    "LogCapReached",
    "PlanGone",
    "Stored",
    "active_key_count",
    "add_log",
    "athlete_data",
    "aware",
    "client_by_name",
    "create_client",
    "create_key",
    "create_plan",
    "create_share",
    "delete_plan",
    "erase_athlete",
    "get_plan",
    "get_share",
    "hash_key",
    "key_for_secret",
    "list_clients",
    "list_keys",
    "list_logs",
    "list_plans",
    "plans_by_id",
    "purge_idempotency",
    "revoke_client",
    "revoke_key",
    "revoke_share",
    "touch_key",
    "update_plan",
]
