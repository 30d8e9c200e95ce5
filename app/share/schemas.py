"""API models for share links."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

MAX_DAYS = 90
DEFAULT_DAYS = 14
Language = Literal["en", "de", "fr", "es", "nl"]


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"expires_in_days": 14, "lang": "en"}]})

    expires_in_days: StrictInt = Field(
        default=DEFAULT_DAYS, ge=1, le=MAX_DAYS,
        description=f"How long the link works: 1-{MAX_DAYS} days (default {DEFAULT_DAYS}).")
    lang: Language = Field(default="en", description="The page's language: en, de, fr, es or "
                                                     "nl (English where a translation is "
                                                     "missing).")


class ShareOut(BaseModel):
    share_id: str = Field(description="Revoke the link with DELETE /v1/shares/{share_id}.")
    url: str = Field(description="The page; opens without an API key until expires_at.")
    expires_at: datetime
    lang: Language
    kind: Literal["plan", "programme"]
    resource_id: str = Field(description="The saved plan or programme the link shows.")
    created_at: datetime
    revoked_at: datetime | None = None
