"""Self-service keys for the calling app: list, make, revoke. Keys only authenticate; the app
owns the data, so rotating a key (make a new one, switch, revoke the old) loses nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from app import crud
from app.api.deps import ClientDep, in_session, reject_unknown_query
from app.api.errors import ProblemError
from app.api.routes.common import iso_time, json_response
from app.models import ApiKey

router = APIRouter(prefix="/v1", tags=["keys"], dependencies=[Depends(reject_unknown_query)])


class KeyCreate(BaseModel):
    """A new key for the calling app."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "production 2026-11"}]})

    name: str = Field(default="key", min_length=1, max_length=100, strict=True,
                      description="A label to tell your keys apart (where it is deployed, "
                                  "when it was made).")


class KeyOut(BaseModel):
    """One of the app's keys. The secret is never shown again after it was made."""

    id: int = Field(description="The key's id, for DELETE /v1/keys/{key_id}.")
    name: str = Field(description="The label given when the key was made.")
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    created_at: str = Field(description="When the key was made (UTC, RFC 3339).")
    last_used_at: str | None = Field(description="When the key last authenticated a request "
                                                 "(UTC; updated at most once a minute).")
    revoked_at: str | None = Field(description="When the key was revoked; null while live.")
    current: bool = Field(description="True for the key this request was made with.")


class KeyCreated(KeyOut):
    """A new key: `key` is the secret, shown this once and stored only as a hash."""

    key: str = Field(description="The secret. Store it now: it cannot be shown again.")


class KeyList(BaseModel):
    """The app's keys, oldest first, revoked ones included."""

    data: list[KeyOut] = Field(description="The keys.")


def _when(value: datetime | None) -> str | None:
    return None if value is None else iso_time(value)


def _render(row: ApiKey, current_id: int) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "prefix": row.prefix,
            "created_at": iso_time(row.created_at), "last_used_at": _when(row.last_used_at),
            "revoked_at": _when(row.revoked_at), "current": row.id == current_id}


KeyId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The key's id (see GET /v1/keys).")]


@router.get("/keys", response_model=KeyList, operation_id="listKeys")
async def list_keys(client: ClientDep) -> Response:
    """The calling app's keys: names, prefixes, when made, last used and revoked. Never the
    secrets."""
    rows = await in_session(lambda s: crud.list_keys(s, client_id=client.id))
    return json_response({"data": [_render(r, client.key_id) for r in rows]})


@router.post("/keys", status_code=201, response_model=KeyCreated, operation_id="createKey",
             responses={201: {"description": "Made. The secret is in `key`, shown this once."}})
async def create_key(client: ClientDep, payload: KeyCreate | None = None) -> Response:
    """A new key for the calling app, with access to all of the app's data. To rotate: make
    one, move your deployments to it, then revoke the old one."""
    name = payload.name if payload is not None else "key"
    row, secret = await in_session(
        lambda s: crud.create_key(s, client_id=client.id, name=name))
    assert row.id is not None
    return json_response({**_render(row, client.key_id), "key": secret}, 201,
                         headers={"Location": f"/v1/keys/{row.id}"})


@router.delete("/keys/{key_id}", status_code=204, operation_id="revokeKey",
               responses={204: {"description": "Revoked (or revoked already)."},
                          404: {"description": "The app has no key with that id."},
                          409: {"description": "It is the app's last live key."}})
async def revoke_key(key_id: KeyId, client: ClientDep) -> Response:
    """Revoke one of the calling app's keys: every instance refuses it from its next request
    on. The app's last live key cannot be revoked (make another first); revoking the key this
    request is made with is allowed when another is live."""
    outcome = await in_session(
        lambda s: crud.revoke_key(s, client_id=client.id, key_id=key_id))
    if outcome == "absent":
        raise ProblemError(404, "not-found", "this app has no key with that id")
    if outcome == "last":
        raise ProblemError(409, "conflict", "this is the app's last live key; make another "
                                            "(POST /v1/keys) before revoking it")
    return Response(status_code=204)
