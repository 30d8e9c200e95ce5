"""Signed share links. A token names a share and its expiry, signed with HMAC-SHA256:

    base64url(share id, 16 bytes + expiry, 8 bytes big-endian Unix seconds) "." base64url(mac)

Anyone holding the token can read the page until it expires or its app revokes it; nobody can
make a token for another share or move an expiry without the secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url

from app.core.config import Settings

_CONTEXT = b"stride-share-v1\x00"
SECRET_FILE = "share_secret"


@dataclass(frozen=True, slots=True)
class Link:
    share_id: uuid.UUID
    expires_at: datetime


class SharingDisabled(Exception):
    """No secret: SHARE_SECRET is unset and the database is not a local SQLite file."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, _CONTEXT + payload, hashlib.sha256).digest()


def sign(secret: bytes, link: Link) -> str:
    payload = link.share_id.bytes + int(link.expires_at.timestamp()).to_bytes(8, "big")
    return f"{_b64(payload)}.{_b64(_mac(secret, payload))}"


def verify(secret: bytes, token: str) -> Link | None:
    """The link a token names, or None when it is malformed or its signature is wrong."""
    if len(token) > 128 or token.count(".") != 1:
        return None
    body, mac = token.split(".")
    try:
        payload, given = _unb64(body), _unb64(mac)
    except ValueError:
        return None
    if len(payload) != 24 or not hmac.compare_digest(given, _mac(secret, payload)):
        return None
    expires = datetime.fromtimestamp(int.from_bytes(payload[16:], "big"), UTC)
    return Link(uuid.UUID(bytes=payload[:16]), expires)


def secret_for(settings: Settings) -> bytes:
    """SHARE_SECRET when set. Otherwise, for a local SQLite file, a random secret made once and
    kept next to the database (links survive restarts); for anything else, SharingDisabled:
    several instances must share one secret, so it has to be configured."""
    if settings.share_secret is not None:
        return settings.share_secret.get_secret_value().encode()
    return _local_secret(settings.database_url)


@lru_cache(maxsize=8)
def _local_secret(database_url: str) -> bytes:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise SharingDisabled
    if not url.database or url.database == ":memory:":
        return secrets.token_bytes(32)  # lives as long as the in-memory database
    path = Path(url.database).parent / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # first start: exclusive create, so two processes starting together agree
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the other process may still be writing it
            text = path.read_text().strip()
            if text:
                return text.encode()
            time.sleep(0.02)
        raise SharingDisabled from None
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
    return path.read_text().strip().encode()
