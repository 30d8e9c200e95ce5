"""Load benchmark: python -m tests.bench.load [--quick] [--db sqlite|postgres] [--duration S]
[--memory N] [--soak MINUTES].

Starts the service with uvicorn on 127.0.0.1 (one worker, pinned to CPU 0), drives it with wrk
(pinned to CPU 1, 32 connections, Lua scripts for the POST bodies) and prints one table:
requests per second, p50, p99 and errors per endpoint, the ratios the targets are stated in,
the in-process engine timings and the server's memory. Every figure is taken side by side in one
run, so the ratios hold on a noisy machine.

--quick runs a few seconds per endpoint and fails on any error response or crash, never on
speed. --soak runs mixed traffic (including invalid requests and wrong keys) for the given
minutes and checks zero 5xx, zero lost saves and flat memory.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE
from tests.bench.__main__ import PROFILES, measure, measure_programme

PG_ADMIN = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
CONNECTIONS = 32


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    assert m, text
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def parse_wrk(name: str, out: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      out):
        errors += sum(int(x) for x in m.groups())
    return Result(name, rps, p50, p99, total, errors)


def lua(method: str, body: dict[str, Any] | None, key: str | None, unique_key: bool) -> str:
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = [==[{json.dumps(body)}]==]")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    if key:
        lines.append(f'wrk.headers["X-API-Key"] = "{key}"')
    if unique_key:  # a fresh Idempotency-Key per request: every request is a new save
        lines += [
            "local counter = 0",
            "request = function()",
            "  counter = counter + 1",
            f'  wrk.headers["Idempotency-Key"] = "bench-{uuid.uuid4().hex}-" .. tostring(counter)',
            "  return wrk.format()",
            "end",
        ]
    return "\n".join(lines) + "\n"


def lua_distinct_profiles(key: str) -> str:
    """Each request a different profile: 106 session lengths x 8 unavailable-day sets x 3
    experience levels = 2,544 variants cycled through a 512-entry response cache, so no cached
    response answers: the engine runs every time (its stage memos are what may help)."""
    body = json.dumps({**PROFILE_EXAMPLE, "session_minutes": 999999, "experience": "__EXP__",
                       "unavailable_days": ["__DAYS__"]}).replace("999999", "%d").replace(
        '["__DAYS__"]', "%s").replace('"__EXP__"', '"%s"')
    days = ["[]", '["fri"]', '["mon"]', '["wed"]', '["mon", "fri"]', '["sun"]', '["tue"]',
            '["thu"]']
    lua_days = "{" + ", ".join(f"[==[{d}]==]" for d in days) + "}"
    return "\n".join([
        'wrk.method = "POST"',
        'wrk.headers["Content-Type"] = "application/json"',
        f'wrk.headers["X-API-Key"] = "{key}"',
        f"local template = [==[{body}]==]",
        f"local days = {lua_days}",
        'local levels = {"beginner", "intermediate", "advanced"}',
        "local counter = 0",
        "request = function()",
        "  counter = counter + 1",
        "  local minutes = 15 + (counter % 106)",
        "  local d = days[(math.floor(counter / 106) % 8) + 1]",
        "  local e = levels[(math.floor(counter / 848) % 3) + 1]",
        "  return wrk.format(nil, nil, nil, string.format(template, e, minutes, d))",
        "end",
    ]) + "\n"


class Server:
    def __init__(self, database_url: str, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DATABASE_URL": database_url, "RATE_LIMIT_REQUESTS": "1000000000",
               "LOG_LEVEL": "INFO"}
        cmd = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--no-local-key"]
        if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
            cmd = ["taskset", "-c", "0", *cmd]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if httpx.get(f"{self.url}/healthz", timeout=0.5).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def rss_mb(self) -> float:
        pid = self.proc.pid
        # taskset execs the server in place, so the pid is the server's
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
        return kb / 1024

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -9


def wrk(name: str, url: str, script: str, seconds: float, workdir: Path) -> Result:
    path = workdir / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}.lua"
    path.write_text(script)
    cmd = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency",
           "-s", str(path), url]
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        cmd = ["taskset", "-c", "1", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60)
    return parse_wrk(name, out.stdout)


def make_database(kind: str, workdir: Path) -> tuple[str, Any]:
    from app.core import migrate

    if kind == "sqlite":
        url = f"sqlite:///{workdir}/bench.db"
        migrate.upgrade(url)
        return url, None
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"stride_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(PG_ADMIN).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def make_key(url: str) -> str:
    from sqlmodel import Session, create_engine

    from app import crud
    from app.core.db import normalise_url

    engine = create_engine(normalise_url(url))
    with Session(engine) as s:
        _, key = crud.create_client(s, name=f"bench-{uuid.uuid4().hex[:6]}")
    engine.dispose()
    return key


def count_plans(url: str) -> int:
    from sqlalchemy import create_engine, text

    from app.core.db import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        n = int(conn.execute(text("SELECT count(*) FROM saved_plans")).scalar_one())
    engine.dispose()
    return n


def mixed_load(server: Server, key: str, total: int, *, invalid: bool = False,
               deadline: float | None = None) -> dict[str, int]:
    """`total` requests over 32 keep-alive connections, a mix of every endpoint; with `invalid`,
    bad bodies and wrong keys too. Counts statuses; remembers saved ids to check afterwards."""
    import asyncio

    good = {"X-API-Key": key}
    bad_profile = {**PROFILE_EXAMPLE, "session_minutes": 500}
    plan_body = {"athlete_id": "mix", "profile": PROFILE_EXAMPLE}
    calls: list[tuple[str, str, dict[str, Any] | None, dict[str, str]]] = [
        ("GET", "/healthz", None, {}),
        ("GET", "/v1/exercises?equipment=dumbbells&equipment=mini_band", None, good),
        ("POST", "/v1/plans/generate", PROFILE_EXAMPLE, good),
        ("GET", "/v1/equipment", None, good),
        ("POST", "/v1/plans/generate", PROFILE_EXAMPLE, good),
        ("POST", "/v1/plans", plan_body, good),
        ("GET", "/v1/exercises/nordic-curl", None, good),
    ]
    if invalid:
        calls += [
            ("POST", "/v1/plans/generate", bad_profile, good),
            ("GET", "/v1/equipment", None, {"X-API-Key": "sk_wrong_key"}),
            ("GET", "/v1/exercises?level=expert", None, good),
            ("GET", f"/v1/plans/{uuid.uuid4()}", None, good),
        ]
    counts: dict[str, int] = {}
    saved: list[str] = []

    async def worker(client: httpx.AsyncClient, start: int, step: int) -> None:
        i = start
        while i < total and (deadline is None or time.monotonic() < deadline):
            method, path, body, headers = calls[i % len(calls)]
            r = await client.request(method, path, json=body, headers=headers)
            counts[str(r.status_code)] = counts.get(str(r.status_code), 0) + 1
            if r.status_code == 201:
                saved.append(r.json()["id"])
            i += step

    async def run() -> None:
        limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=30) as client:
            await asyncio.gather(*[worker(client, k, CONNECTIONS) for k in range(CONNECTIONS)])

    asyncio.run(run())
    counts["saved_ids"] = len(saved)
    mixed_load.saved = saved  # type: ignore[attr-defined]
    return counts


def exact_saves(server: Server, key: str, url: str, n: int) -> tuple[int, int, int, int]:
    """n saves over 32 connections, every answer awaited: (sent, 201s, new rows, others)."""
    import asyncio

    before = count_plans(url)
    statuses: list[int] = []

    async def worker(client: httpx.AsyncClient, i: int) -> None:
        while i < n:
            r = await client.post("/v1/plans", json={"athlete_id": f"x{i}",
                                                     "profile": PROFILE_EXAMPLE},
                                  headers={"Idempotency-Key": f"exact-{uuid.uuid4()}"})
            statuses.append(r.status_code)
            i += CONNECTIONS

    async def run() -> None:
        limits = httpx.Limits(max_connections=CONNECTIONS)
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60,
                                     headers={"X-API-Key": key}) as client:
            await asyncio.gather(*[worker(client, i) for i in range(CONNECTIONS)])

    asyncio.run(run())
    created = sum(1 for s in statuses if s == 201)
    return n, created, count_plans(url) - before, len(statuses) - created


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.load")
    ap.add_argument("--quick", action="store_true", help="a few seconds each; fail on errors")
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    ap.add_argument("--duration", type=float, default=None, help="seconds per endpoint")
    ap.add_argument("--memory", type=int, default=None, help="mixed requests for the memory "
                    "check (default 100000; 4000 with --quick)")
    ap.add_argument("--soak", type=float, default=None, help="minutes of mixed traffic")
    ap.add_argument("--only", default=None, help="run only the endpoints whose name contains "
                    "one of these comma-separated words (e.g. healthz,distinct)")
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        say("wrk is not installed (Debian package wrk)")
        return 2
    seconds = args.duration or (3.0 if args.quick else 12.0)
    warm = 1.0 if args.quick else 3.0
    memory_total = args.memory or (4000 if args.quick else 100_000)
    workdir = Path(tempfile.mkdtemp(prefix="stride-bench-"))
    url, drop = make_database(args.db, workdir)
    key = make_key(url)
    server = Server(url, free_port())
    failures: list[str] = []
    quick = args.quick
    try:
        if args.soak:
            return soak(server, key, url, args.soak)
        base = server.url
        runs = [
            ("GET /healthz", f"{base}/healthz", lua("GET", None, None, False)),
            ("GET /v1/exercises?equipment=..", f"{base}/v1/exercises?equipment=dumbbells"
             "&equipment=mini_band&category=quads", lua("GET", None, key, False)),
            ("POST /v1/plans/generate", f"{base}/v1/plans/generate",
             lua("POST", PROFILE_EXAMPLE, key, False)),
            ("POST /v1/plans/generate distinct", f"{base}/v1/plans/generate",
             lua_distinct_profiles(key)),
            ("POST /v1/programmes/generate 16w", f"{base}/v1/programmes/generate",
             lua("POST", PROGRAMME_EXAMPLE, key, False)),
            (f"POST /v1/plans ({args.db})", f"{base}/v1/plans",
             lua("POST", {"athlete_id": "bench", "profile": PROFILE_EXAMPLE}, key, True)),
        ]
        if args.only:
            words = args.only.split(",")
            runs = [r for r in runs if any(w in r[0] for w in words)]
        results: dict[str, Result] = {}
        for name, target, script in runs:
            wrk(name, target, script, warm, workdir)  # warm-up, not counted
            time.sleep(1.0)  # let the warm-up's last requests (in flight at its end) finish
            before = count_plans(url) if name.startswith("POST /v1/plans (") else 0
            if name.startswith("POST /v1/plans ("):  # fresh Idempotency-Keys for the real run
                script = lua("POST", {"athlete_id": "bench", "profile": PROFILE_EXAMPLE}, key,
                             True)
            res = wrk(name, target, script, seconds, workdir)
            results[name] = res
            if name.startswith("POST /v1/plans ("):
                # wrk stops with up to one request per connection still in flight: the server
                # finishes and stores those, but wrk never counts their answers.
                time.sleep(1.0)
                rows = count_plans(url) - before
                ok = res.requests - res.errors
                say(f"saves under wrk: {ok} answered 2xx, {rows} new rows (in flight when wrk "
                    f"stopped: {rows - ok}, at most {CONNECTIONS})")
                if not 0 <= rows - ok <= CONNECTIONS:
                    failures.append(f"rows {rows} do not match {ok} successful saves")
                exact = exact_saves(server, key, url, 600 if quick else 3000)
                say(f"saves, exact count: {exact[0]} sent, {exact[1]} answered 201, "
                    f"{exact[2]} new rows, {exact[3]} other answers")
                if not exact[1] == exact[2] == exact[0]:
                    failures.append(f"exact save check failed: {exact}")
            if res.errors:
                failures.append(f"{name}: {res.errors} errors")
            if not server.alive():
                failures.append(f"the server died during {name}")
                break
        rss_start = server.rss_mb()
        half = mixed_load(server, key, memory_total // 2)
        rss_half = server.rss_mb()
        rest = mixed_load(server, key, memory_total - memory_total // 2)
        rss_end = server.rss_mb()
        five = sum(v for k, v in {**half, **rest}.items() if k.startswith("5"))
        if five:
            failures.append(f"{five} server errors in the mixed load")
        report(results, args.db, seconds, rss_start, rss_half, rss_end, memory_total)
    finally:
        code = server.stop()
        if drop:
            drop()
    if code != 0:
        failures.append(f"the server exited with {code}")
    for f in failures:
        say(f"FAIL: {f}")
    return 1 if failures else 0


def report(results: dict[str, Result], db: str, seconds: float, rss_start: float,
           rss_half: float, rss_end: float, memory_total: int) -> None:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                .splitlines() if ln.startswith("model name")), "unknown CPU")
    say()
    say(f"Machine: {os.cpu_count()} cores ({cpu}); server: 1 uvicorn worker pinned to CPU 0; "
        f"load: wrk 1 thread, {CONNECTIONS} connections, pinned to CPU 1; {seconds:.0f} s per "
        f"endpoint after a warm-up; database for saves: {db}.")
    say()
    say(f"| {'endpoint':<34} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} |")
    say(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for r in results.values():
        say(f"| {r.name:<34} | {r.rps:8.0f} | {r.p50_ms:7.2f} | {r.p99_ms:7.2f} | {r.errors:6d} |")
    health = results.get("GET /healthz")
    gen = results.get("POST /v1/plans/generate")
    exe = results.get("GET /v1/exercises?equipment=..")
    prog = results.get("POST /v1/programmes/generate 16w")
    save = next((r for n, r in results.items() if n.startswith("POST /v1/plans (")), None)
    say()
    say("| target | measured | met |")
    say("|---|---|---|")

    def row(target: str, measured: str, ok: bool) -> None:
        say(f"| {target} | {measured} | {'yes' if ok else 'NO'} |")

    distinct = results.get("POST /v1/plans/generate distinct")
    if health and gen:
        ratio = gen.rps / health.rps
        row("generate (repeated profile) >= 50% of healthz", f"{ratio:.0%}", ratio >= 0.5)
        row("generate (repeated profile) p99 <= 15 ms", f"{gen.p99_ms:.1f} ms",
            gen.p99_ms <= 15)
    if health and distinct:
        ratio = distinct.rps / health.rps
        row("generate (distinct profiles) >= 35% of healthz", f"{ratio:.0%}", ratio >= 0.35)
        row("generate (distinct profiles) p99 <= 15 ms", f"{distinct.p99_ms:.1f} ms",
            distinct.p99_ms <= 15)
    if health and exe:
        ratio = exe.rps / health.rps
        row("exercises (filtered) >= 70% of healthz", f"{ratio:.0%}", ratio >= 0.7)
    if save and gen:
        ratio = save.rps / gen.rps
        row(f"save on {db} >= 50% of generate (repeated), 0 errors",
            f"{ratio:.0%}, {save.errors} errors", ratio >= 0.5 and save.errors == 0)
    if save and distinct:
        ratio = save.rps / distinct.rps
        row(f"save on {db} >= 50% of generate (distinct), 0 errors",
            f"{ratio:.0%}, {save.errors} errors", ratio >= 0.5 and save.errors == 0)
    if prog:
        row("16-week programme p99 < 25 ms", f"{prog.p99_ms:.1f} ms", prog.p99_ms < 25)
    growth = (rss_end - rss_half) / rss_half if rss_half else 0.0
    row(f"RSS after {memory_total:,} mixed requests < 150 MB", f"{rss_end:.1f} MB "
        f"(start {rss_start:.1f})", rss_end < 150)
    row(f"RSS growth from {memory_total // 2:,} to {memory_total:,} < 5%",
        f"{growth:+.1%} ({rss_half:.1f} -> {rss_end:.1f} MB)", growth < 0.05)
    say()
    med, p99 = measure(PROFILES["contract example (base, 2 sessions)"], 2000)
    pmed, pp99 = measure_programme(100)
    say(f"In-process engine: week plan median {med:.3f} ms (p99 {p99:.3f}); 16-week programme "
        f"median {pmed:.2f} ms (p99 {pp99:.2f}).")


def soak(server: Server, key: str, url: str, minutes: float) -> int:
    """Mixed traffic with invalid requests and wrong keys for `minutes`: zero 5xx, every 201
    readable afterwards, memory flat."""
    deadline = time.monotonic() + minutes * 60
    rss = [server.rss_mb()]
    counts: dict[str, int] = {}
    saved: list[str] = []
    while time.monotonic() < deadline:
        part = mixed_load(server, key, 20_000, invalid=True, deadline=deadline)
        saved += mixed_load.saved  # type: ignore[attr-defined]
        for k, v in part.items():
            counts[k] = counts.get(k, 0) + v
        rss.append(server.rss_mb())
        say(f"soak: {sum(v for k, v in counts.items() if k.isdigit()):,} requests, RSS "
            f"{rss[-1]:.1f} MB, statuses {dict(sorted(counts.items()))}")
    missing = 0
    with httpx.Client(base_url=server.url, headers={"X-API-Key": key}, timeout=30) as c:
        for pid in saved:
            if c.get(f"/v1/plans/{pid}").status_code != 200:
                missing += 1
    five = sum(v for k, v in counts.items() if k.startswith("5"))
    steady = rss[len(rss) // 2:]
    growth = (max(steady) - steady[0]) / steady[0] if steady else 0.0
    say(f"soak done: {five} 5xx, {len(saved)} saves, {missing} unreadable afterwards, RSS "
        f"{rss[0]:.1f} -> {rss[-1]:.1f} MB (second half growth {growth:+.1%})")
    return 1 if five or missing or growth > 0.05 else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
