"""Apps and their API keys: make, list, revoke, and find the key a request carries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from app.core.keycache import announce_revocation
from app.core.security import hash_key, new_key
from app.crud.common import rowcount
from app.models import ApiClient, ApiKey, utcnow


def _announce(session: Session) -> None:
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    announce_revocation(session.connection(), url)


def create_client(session: Session, *, name: str,
                  key_name: str = "first key") -> tuple[ApiClient, str]:
    """Make an app and its first key; the key is returned once and never stored."""
    client = ApiClient(name=name)
    session.add(client)
    session.flush()
    assert client.id is not None
    key, prefix, digest = new_key()
    session.add(ApiKey(client_id=client.id, name=key_name, prefix=prefix, hash=digest))
    session.commit()
    session.refresh(client)
    return client, key


def create_key(session: Session, *, client_id: int, name: str) -> tuple[ApiKey, str]:
    """Another key for an app (rotation: make the new one, switch, revoke the old)."""
    key, prefix, digest = new_key()
    row = ApiKey(client_id=client_id, name=name, prefix=prefix, hash=digest)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row, key


def client_by_name(session: Session, *, name: str) -> ApiClient | None:
    return session.scalars(select(ApiClient).where(col(ApiClient.name) == name)).first()


def list_clients(session: Session) -> list[ApiClient]:
    return list(session.scalars(select(ApiClient).order_by(col(ApiClient.id))))


def list_keys(session: Session, *, client_id: int | None = None) -> list[ApiKey]:
    stmt = select(ApiKey).order_by(col(ApiKey.client_id), col(ApiKey.id))
    if client_id is not None:
        stmt = stmt.where(col(ApiKey.client_id) == client_id)
    return list(session.scalars(stmt))


def active_key_count(session: Session) -> int:
    stmt = select(func.count()).select_from(ApiKey).where(col(ApiKey.revoked_at).is_(None))
    return int(session.scalar(stmt) or 0)


def revoke_key(session: Session, *, client_id: int, key_id: int,
               keep_one: bool = True) -> str:
    """Revoke one of an app's keys: "revoked", "absent" (not this app's), "already" (revoked
    before) or "last" (its only live key, kept when keep_one). The app row is locked first, so
    two concurrent revocations cannot leave an app without a live key."""
    session.execute(select(col(ApiClient.id)).where(col(ApiClient.id) == client_id)
                    .with_for_update())
    row = session.scalars(select(ApiKey).where(col(ApiKey.id) == key_id,
                                               col(ApiKey.client_id) == client_id)).first()
    if row is None or row.revoked_at is not None:
        session.rollback()
        return "absent" if row is None else "already"
    if keep_one:
        others = session.scalar(select(func.count()).select_from(ApiKey).where(
            col(ApiKey.client_id) == client_id, col(ApiKey.revoked_at).is_(None),
            col(ApiKey.id) != key_id))
        if not others:
            session.rollback()
            return "last"
    session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(revoked_at=utcnow()))
    _announce(session)
    session.commit()
    return "revoked"


def revoke_client(session: Session, *, name: str) -> bool:
    """Revoke every live key of an app (the app and its data stay); every running instance
    stops accepting them on its next request."""
    client = client_by_name(session, name=name)
    if client is None:
        return False
    result = session.execute(
        update(ApiKey).where(col(ApiKey.client_id) == client.id,
                             col(ApiKey.revoked_at).is_(None)).values(revoked_at=utcnow()))
    revoked = bool(rowcount(result))
    if revoked:
        _announce(session)
    session.commit()
    return revoked


def key_for_secret(session: Session, *, key: str) -> tuple[ApiKey, ApiClient] | None:
    """The live key with this secret and the app it belongs to."""
    stmt = select(ApiKey, ApiClient).join(ApiClient, col(ApiClient.id) == col(ApiKey.client_id))
    row = session.execute(stmt.where(col(ApiKey.hash) == hash_key(key))).first()
    if row is None or row[0].revoked_at is not None:
        return None
    return row[0], row[1]


def touch_key(session: Session, *, key_id: int, when: datetime) -> None:
    session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=when))
    session.commit()
