"""Verified API keys kept in memory (each resolved to its app), dropped the moment any key is
revoked.

A revocation is announced where every instance hears it: PostgreSQL NOTIFY on the channel
`stride_keys_revoked` (sent in the revoking transaction, so it arrives only if the revocation
committed), or, for an SQLite database, a marker file beside it whose modification time changes.
Instances listen (a background thread with its own connection) or check the marker's mtime
(one stat call) and empty the cache, so a revoked key is refused on its very next request while
every other request skips the database.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

CHANNEL = "stride_keys_revoked"
log = logging.getLogger("app.auth")


@dataclass(frozen=True, slots=True)
class Client:
    """The app a request is made for (`id` owns the data) and the key it authenticated with."""

    id: int
    name: str
    key_id: int = 0


def marker_path(database_url: str) -> Path | None:
    u = make_url(database_url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database + ".revocations")


_caches: dict[str, KeyCache] = {}
_caches_lock = threading.Lock()


def key_cache(database_url: str) -> KeyCache:
    """The process's cache for one database (tests switch databases; production has one)."""
    with _caches_lock:
        cache = _caches.get(database_url)
        if cache is None:
            cache = _caches[database_url] = KeyCache(database_url)
        return cache


def announce_revocation(connection: Any, database_url: str) -> None:
    """Call inside the revoking transaction: every instance drops its verified keys."""
    from sqlalchemy import text

    if make_url(database_url).get_backend_name() == "postgresql":
        connection.execute(text(f"NOTIFY {CHANNEL}"))
    else:
        announce_sqlite_revocation(database_url)
    with _caches_lock:  # this process at once, without waiting for the notification
        for cache in _caches.values():
            cache.clear()


def close_all() -> None:
    with _caches_lock:
        for cache in _caches.values():
            cache.close()
        _caches.clear()


def announce_sqlite_revocation(database_url: str) -> None:
    path = marker_path(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(time.time_ns()))
        os.utime(path, ns=(time.time_ns(), time.time_ns()))


class KeyCache:
    def __init__(self, database_url: str, *, max_entries: int = 10_000) -> None:
        self._entries: dict[str, tuple[Client, float]] = {}
        self._lock = threading.Lock()
        self._max = max_entries
        marker = marker_path(database_url)
        self._marker = None if marker is None else str(marker)
        self._marker_seen = self._mtime()
        self._listener: _PgListener | None = None
        if make_url(database_url).get_backend_name() == "postgresql":
            self._listener = _PgListener(database_url, self.clear)

    def _mtime(self) -> int:
        if self._marker is None:
            return 0
        try:
            return os.stat(self._marker).st_mtime_ns
        except FileNotFoundError:
            return 0

    def fresh(self) -> bool:
        """False while revocations may have been missed (the PostgreSQL listener is down)."""
        return self._listener is None or self._listener.connected

    def get(self, digest: str) -> Client | None:
        if self._marker is not None:
            seen = self._mtime()
            if seen != self._marker_seen:
                self._marker_seen = seen
                self.clear()
                return None
        hit = self._entries.get(digest)
        return None if hit is None else hit[0]

    def known(self, digest: str) -> bool:
        """Whether this key was verified recently (for rate limiting only: not a check)."""
        return digest in self._entries

    def recall(self, digest: str, ttl: float) -> Client | None:
        """A key verified within `ttl` seconds, whatever the cache's freshness (outages)."""
        hit = self._entries.get(digest)
        if hit is None or time.monotonic() - hit[1] > ttl:
            return None
        return hit[0]

    def put(self, digest: str, client: Client) -> None:
        with self._lock:
            if len(self._entries) >= self._max:
                self._entries.clear()
            self._entries[digest] = (client, time.monotonic())

    def forget(self, digest: str) -> None:
        with self._lock:
            self._entries.pop(digest, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()


class _PgListener:
    """LISTEN on the revocation channel in a daemon thread; reconnects by itself. Any
    notification - and every (re)connection, since notifications may have been missed while
    disconnected - empties the cache."""

    def __init__(self, database_url: str, on_revoke: Callable[[], None]) -> None:
        u = make_url(database_url).set(drivername="postgresql")
        self._dsn = u.render_as_string(hide_password=False)
        self._on_revoke = on_revoke
        self._stop = threading.Event()
        self.connected = False
        self._conn: Any = None
        threading.Thread(target=self._run, name="key-revocations", daemon=True).start()
        for _ in range(50):  # give the first connection a moment, so caching starts fresh
            if self.connected:
                break
            time.sleep(0.01)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True, connect_timeout=3) as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._on_revoke()
                    self.connected = True
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=1.0):
                            self._on_revoke()
            except Exception as exc:  # connection lost: not fresh until we are back
                if self.connected:
                    log.warning("key revocation listener disconnected: %s", type(exc).__name__)
                self.connected = False
                self._stop.wait(1.0)
        self.connected = False

    def stop(self) -> None:
        self._stop.set()
