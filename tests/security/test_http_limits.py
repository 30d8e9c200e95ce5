"""Points 1 and 2: header blocks are bounded before they are buffered, and slow clients are cut
off, against a real server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx

from tests.conftest import _make_lane
from tests.security.server import serve

MB = 1024 * 1024


def _send_huge_headers(port: int, total: int) -> tuple[socket.socket, bytes]:
    """Send a request with `total` bytes of small headers (the costliest shape for a parser
    that keeps them); return the still-open socket and what the server answered."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    line = b"X-A: " + b"a" * 90 + b"\r\n"
    chunk = line * (MB // len(line))
    answer = b""
    try:
        sock.sendall(b"GET /v1/equipment HTTP/1.1\r\nHost: x\r\n")
        sent = 0
        while sent < total:
            sock.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass  # the server closed the connection: what we want
    sock.settimeout(2)
    try:
        while data := sock.recv(65536):
            answer += data
    except OSError:
        pass
    return sock, answer


def test_100_mb_header_blocks_are_refused_without_growing_memory(tmp_path: Path, report):
    lane = _make_lane("headers", f"sqlite:///{tmp_path / 'h.db'}")
    with serve(lane.url) as server:
        httpx.get(f"{server.url}/healthz")
        before = server.rss()
        sent = [_send_huge_headers(server.port, 100 * MB) for _ in range(8)]
        time.sleep(0.5)
        after = server.rss()  # measured while the attackers' sockets are still open
        for sock, _ in sent:
            sock.close()
        answers = [a for _, a in sent]
        ok = httpx.get(f"{server.url}/healthz", timeout=5)
    assert after - before < 20, (before, after)
    assert ok.status_code == 200
    # Each was refused with 431 or cut off (a reset may arrive before the answer is read)
    assert all(a.startswith(b"HTTP/1.1 431") or a == b"" for a in answers), answers[0][:80]
    assert any(a.startswith(b"HTTP/1.1 431") for a in answers)
    report(f"8 x 100 MB header blocks: RSS {before:.1f} -> {after:.1f} MB")


def test_slow_clients_are_cut_off_and_do_not_block_others(tmp_path: Path, report):
    lane = _make_lane("slow", f"sqlite:///{tmp_path / 's.db'}")
    timeout = 3.0
    with serve(lane.url, REQUEST_READ_TIMEOUT_SECONDS=str(timeout)) as server:
        socks: list[socket.socket] = []
        for _ in range(400):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            socks.append(s)
        closed_at: list[float] = []
        lock = threading.Lock()
        started = time.monotonic()

        def dribble(s: socket.socket) -> None:
            try:
                for _ in range(20):  # one byte every 0.5 s for up to 10 s
                    s.sendall(b"X")
                    time.sleep(0.5)
                    s.settimeout(0.001)
                    try:
                        if s.recv(1) == b"":
                            raise OSError("closed")
                    except TimeoutError:
                        pass
                    finally:
                        s.settimeout(10)
            except OSError:
                with lock:
                    closed_at.append(time.monotonic() - started)
            finally:
                s.close()

        threads = [threading.Thread(target=dribble, args=(s,)) for s in socks]
        for t in threads:
            t.start()
        time.sleep(1)
        t0 = time.monotonic()
        ordinary = httpx.get(f"{server.url}/healthz", timeout=5)
        served_in = time.monotonic() - t0
        for t in threads:
            t.join(timeout=20)
    assert ordinary.status_code == 200
    assert served_in < 1.0
    assert len(closed_at) == 400, len(closed_at)
    assert max(closed_at) < timeout + 3
    report(f"400 slow clients: all closed after {max(closed_at):.1f} s (deadline {timeout} s); "
           f"an ordinary request meanwhile took {served_in * 1000:.0f} ms")
