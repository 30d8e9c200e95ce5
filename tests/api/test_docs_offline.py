"""/docs works without internet: in real headless Chromium, with every request to another host
aborted, Swagger UI loads from the service itself and lists the operations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import _make_lane
from tests.live import live_server

BROWSER = Path(__file__).resolve().parent.parent / "browser"
ARTEFACTS = BROWSER / "artefacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _missing() -> str | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "docs browser lane: node/npm are not installed"
    if not Path(CHROMIUM).exists():
        return f"docs browser lane: Chromium is not at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.mark.skipif(_missing() is not None, reason=str(_missing()))
def test_docs_list_the_operations_with_the_network_blocked(tmp_path):
    if not (BROWSER / "node_modules" / "playwright-core").exists():
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                              cwd=BROWSER, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    lane = _make_lane("docs", f"sqlite:///{tmp_path / 'docs.db'}")
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "docs.png"
    with live_server(lane.url) as base:
        page = httpx.get(f"{base}/docs").text
        assert "cdn." not in page  # nothing the page needs lives on a CDN
        redoc = httpx.get(f"{base}/redoc").text
        assert "cdn." not in redoc
        assert "fonts.googleapis" not in redoc
        run = subprocess.run(["node", "docs_check.mjs", f"{base}/docs", str(shot)], cwd=BROWSER,
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "CHROMIUM": CHROMIUM})
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["blocked"] == []  # the page asked no other host for anything
    assert found["failed"] == []
    assert found["authorize"] is True
    assert {"/v1/plans/generate", "/v1/keys", "/v1/athletes/{athlete_id}"} <= set(
        found["operations"])
    assert shot.stat().st_size > 10_000
