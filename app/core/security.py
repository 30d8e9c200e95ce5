"""API keys: random, shown once, stored as a SHA-256 hash with a short display prefix.

Keys carry 256 bits of randomness, so a fast hash is enough: there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import secrets


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> tuple[str, str, str]:
    """(key, display prefix, hash). The key is `sk_<8 hex>_<43 url-safe chars>`."""
    prefix = f"sk_{secrets.token_hex(4)}"
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, hash_key(key)


def key_from_headers(x_api_key: str | None, authorization: str | None) -> str | None:
    """The API key from `X-API-Key`, or from `Authorization: Bearer <key>` (what generated
    clients such as openapi-python-client's AuthenticatedClient send)."""
    if x_api_key:
        return x_api_key
    if authorization:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    return None
