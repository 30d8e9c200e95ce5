"""Graceful shutdown: SIGTERM while saves are in flight. Every request that got a 201 is stored,
nothing is stored without one, and the server exits 0 after finishing its work."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from app.schemas import PROFILE_EXAMPLE
from tests.conftest import _make_lane


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sigterm_finishes_in_flight_saves_and_loses_nothing(tmp_path: Path, report):
    db = tmp_path / "shutdown.db"
    lane = _make_lane("shutdown", f"sqlite:///{db}")
    key = lane.keys["a"]
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": lane.url, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--no-local-key"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=0.5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        results: list[int | str] = []
        lock = threading.Lock()

        def save(i: int) -> None:
            try:
                r = httpx.post(f"{base}/v1/plans", timeout=30, headers={"X-API-Key": key},
                               json={"athlete_id": f"s{i}", "profile": PROFILE_EXAMPLE})
                outcome: int | str = r.status_code
            except httpx.TransportError as exc:
                outcome = type(exc).__name__
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=save, args=(i,)) for i in range(60)]
        for t in threads:
            t.start()
        time.sleep(0.15)
        server.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(timeout=60)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
    created = sum(1 for r in results if r == 201)
    engine = create_engine(lane.url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM saved_plans")).scalar_one()
    engine.dispose()
    assert created > 0
    assert rows == created, (rows, results)
    assert all(r in (201, "ConnectError", "RemoteProtocolError", "ReadError") for r in results)
    report(f"shutdown: {created} saves answered 201 before SIGTERM completed, {rows} rows, "
           f"{len(results) - created} refused after shutdown began")
