"""A loopback TCP proxy a test can cut and restore, to take a database away and bring it back."""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self._swallow_after: bytes | None = None

    def swallow_reply_after(self, marker: bytes) -> None:
        """Once a client sends `marker`, relay what it sent but drop every answer on that
        connection: the server does the work, the client never hears back (a commit whose
        acknowledgement is lost). One-shot."""
        self._swallow_after = marker

    def pause(self) -> None:
        """Stop relaying but keep every socket open: a database that hangs."""
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one, as a database outage would."""
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for c in self._conns:
                with contextlib.suppress(OSError):
                    c.shutdown(socket.SHUT_RDWR)
                c.close()
            self._conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=3)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            swallowed = threading.Event()
            for a, b, up in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pipe, args=(a, b, up, swallowed),
                                 daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, upstream: bool,
              swallowed: threading.Event) -> None:
        try:
            while data := src.recv(65536):
                self._flowing.wait()
                marker = self._swallow_after
                if upstream and marker is not None and marker in data:
                    self._swallow_after = None
                    swallowed.set()
                if not upstream and swallowed.is_set():
                    continue
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
