"""Settings from the environment (and an optional .env file). Nothing else configures the app."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./.local/stride.db",
        description="SQLAlchemy URL. SQLite file by default; postgresql://... for production "
        "(driven by psycopg 3).",
    )
    auth_cache_seconds: float = Field(
        default=900, ge=0,
        description="While the database is unreachable, keys verified this recently still pass "
        "on the stateless endpoints.",
    )
    max_body_bytes: int = Field(default=64 * 1024, description="Larger request bodies get 413.")
    idempotency_ttl_hours: int = Field(default=48, ge=24)
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    return Settings()
