"""Client-side deadlines for PostgreSQL connections.

A server that hangs without closing its sockets (stopped, a frozen host, a black-holed network
path) still has its kernel acknowledge our packets, so neither TCP keepalives nor the server's
statement_timeout ever fire, and libpq waits for an answer for as long as the hang lasts. Every
request holding a connection would wait with it, and enough of them fill the threadpool.

The watchdog bounds the time a connection may stay checked out of the pool: it is armed when
the pool hands a connection out (before the liveness ping, which would hang too) and disarmed
when it comes back. Past the deadline it shuts the socket down; libpq's blocked read returns at
once, psycopg raises OperationalError, SQLAlchemy discards the connection and the request
answers 503. A connection is never held that long in normal work: statements are capped by
the server's statement_timeout well before it.

Once a connection has been cut, the database is presumed hung for BREAKER_SECONDS: requests
that were queued behind the hung ones answer 503 at once instead of trying (and waiting) again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger("app.db")
BREAKER_SECONDS = 2.0


class Watchdog:
    def __init__(self, limit: float, *, tick: float = 0.1) -> None:
        self.limit = limit
        self._tick = tick
        self._armed: dict[int, tuple[float, int]] = {}  # id(dbapi connection) -> deadline, fd
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.fired = 0
        self._last_fired = float("-inf")

    def trip(self) -> None:
        self._last_fired = time.monotonic()

    def suspect(self) -> bool:
        """True shortly after a connection had to be cut: the database is presumed hung."""
        return time.monotonic() - self._last_fired < BREAKER_SECONDS

    def arm(self, dbapi_conn: Any) -> None:
        fd = int(dbapi_conn.fileno())
        with self._lock:
            self._armed[id(dbapi_conn)] = (time.monotonic() + self.limit, fd)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-watchdog",
                                                daemon=True)
                self._thread.start()

    def disarm(self, dbapi_conn: Any) -> None:
        with self._lock:
            self._armed.pop(id(dbapi_conn), None)

    def _run(self) -> None:
        while True:
            time.sleep(self._tick)
            now = time.monotonic()
            with self._lock:
                late = [k for k, (deadline, _) in self._armed.items() if deadline < now]
                fds = [self._armed.pop(k)[1] for k in late]
            if fds:
                self.trip()
            for fd in fds:
                self.fired += 1
                log.warning("database did not answer in time; connection dropped",
                            extra={"limit_s": self.limit})
                with contextlib.suppress(OSError):
                    # shutdown acts on the socket itself, so a duplicate descriptor will do
                    # and psycopg's own descriptor stays valid until it closes it.
                    sock = socket.socket(fileno=os.dup(fd))
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    finally:
                        sock.close()


def install(engine: Engine, limit: float) -> Watchdog:
    """Guard every checkout of `engine`'s pool; ping each connection under the guard."""
    dog = Watchdog(limit)
    dialect = engine.dialect

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        import psycopg

        if dog.suspect():
            raise psycopg.OperationalError("the database is not answering")
        try:
            return dialect.connect(*cargs, **cparams)
        except psycopg.OperationalError as exc:
            if "timeout" in str(exc):  # accepted but never answered: hung, not down
                dog.trip()
            raise

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        if dog.suspect():
            raise DisconnectionError("the database is not answering")
        dog.arm(dbapi_conn)
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as exc:  # the pool retries with a fresh connection
            dog.disarm(dbapi_conn)
            raise DisconnectionError("connection failed its ping") from exc

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_conn: Any, _record: Any) -> None:
        if dbapi_conn is not None:
            dog.disarm(dbapi_conn)

    @event.listens_for(engine, "close")
    def _close(dbapi_conn: Any, _record: Any) -> None:
        dog.disarm(dbapi_conn)

    return dog
