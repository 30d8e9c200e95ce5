"""Settings from the environment (and an optional .env file). Nothing else configures the app."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, model_validator
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
    idempotency_purge_seconds: float = Field(
        default=3600, gt=0, description="How often each instance deletes Idempotency-Key "
        "responses older than IDEMPOTENCY_TTL_HOURS.",
    )
    log_level: str = "INFO"
    cors_origins: list[str] = Field(
        default_factory=list,
        description='Browser origins allowed to call the API, as a JSON list '
        '(["https://app.example.com"]); empty = no CORS.',
    )
    cors_allow_credentials: bool = False
    redis_url: str | None = Field(
        default=None, description="Rate-limit counters live here when set (shared by all "
        "instances); in memory otherwise."
    )
    rate_limit_requests: int = Field(default=600, ge=1, description="Requests per window per key.")
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    rate_limit_fail_open: bool = Field(
        default=True, description="When Redis is unreachable: let requests through (true) or "
        "answer 503 (false)."
    )
    metrics_enabled: bool = True
    otel_enabled: bool = Field(
        default=False, description="FastAPI's native OpenTelemetry tracing, metrics and logs "
        "through the globally configured providers. Off by default: the service's own metrics "
        "are at /metrics, and checking for providers on every request costs time.",
    )
    share_secret: SecretStr | None = Field(
        default=None, min_length=32,
        description="Signs share links (HMAC-SHA256); at least 32 characters, the same on every "
        "instance. Unset with SQLite: generated once and kept next to the database file. Unset "
        "with any other database: sharing answers 503 until it is set.",
    )
    public_base_url: str | None = Field(
        default=None, pattern=r"^https?://[^\s/]+(/[^\s]*)?$",
        description="Where clients reach the service (https://strength.example.com): share "
        "links, the OpenAPI document's server and the base of the problem type URIs (each "
        "serves a page describing the problem). Unset: share links use the host the request "
        "came to, the rest http://127.0.0.1:8000.",
    )
    db_statement_timeout_seconds: float = Field(
        default=3, gt=0, le=60,
        description="PostgreSQL cancels any statement running longer than this.",
    )
    db_request_timeout_seconds: float = Field(
        default=4, gt=0, le=120,
        description="A PostgreSQL connection held longer than this (the server hangs) is cut; "
        "the request answers 503.",
    )
    db_pool_timeout_seconds: float = Field(
        default=3, gt=0, le=60,
        description="How long a request waits for a free pooled connection before 503.",
    )
    max_header_bytes: int = Field(
        default=32 * 1024, ge=4096, le=1024 * 1024,
        description="Request line and headers larger than this get 431 and the connection is "
        "closed.",
    )
    request_read_timeout_seconds: float = Field(
        default=20, gt=0, le=300,
        description="A request (head and body) not fully received this long after it began is "
        "dropped.",
    )

    @model_validator(mode="after")
    def _no_wildcard_with_credentials(self) -> Settings:
        if self.cors_allow_credentials and "*" in self.cors_origins:
            raise ValueError("CORS_ORIGINS may not contain * when CORS_ALLOW_CREDENTIALS is true")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
