"""/metrics with two uvicorn workers: every answer counts the requests both workers served."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.conftest import _make_lane
from tests.live import live_server


def _healthz_count(text: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith("http_requests_total{") and 'route="/healthz"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_two_workers_report_one_set_of_counters(tmp_path, report):
    lane = _make_lane("metrics", f"sqlite:///{tmp_path / 'metrics.db'}")
    folder = tmp_path / "prom"
    folder.mkdir()
    with live_server(lane.url, workers=2, env={"PROMETHEUS_MULTIPROC_DIR": str(folder)}) as base:
        before = _healthz_count(httpx.get(f"{base}/metrics").text)
        sent = 200

        def hit(_: int) -> int:
            with httpx.Client() as c:  # a new connection each time: both workers get some
                return c.get(f"{base}/healthz").status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(hit, range(sent))) == {200}
        pids = {m.group(1) for p in folder.iterdir()
                if (m := re.match(r"\w+_(\d+)\.db$", p.name))}
        assert len(pids) >= 2, f"only one worker recorded metrics: {sorted(pids)}"
        answers = [_healthz_count(httpx.get(f"{base}/metrics").text) for _ in range(6)]
    assert answers == [before + sent] * 6
    report(f"/metrics, 2 workers ({len(pids)} pids wrote counters): {sent} /healthz "
           f"requests counted as {answers[0] - before:.0f} by each of 6 scrapes")
