"""Share pages, in process: render time of a 16-week programme page and a week page, and a
GET of the link with and without the page cache (SQLite in a temporary folder).

    .venv/bin/python -m tests.bench.share
"""

from __future__ import annotations

import asyncio
import copy
import os
import statistics
import sys
import tempfile
import time

os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='stride-share-')}/b.db"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import httpx  # noqa: E402

from app.api.routes import shares  # noqa: E402
from app.main import create_app  # noqa: E402
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE  # noqa: E402
from app.share import render  # noqa: E402
from tests.conftest import _make_lane  # noqa: E402


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


async def main() -> None:
    lane = _make_lane("bench", os.environ["DATABASE_URL"])
    app = create_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b",
                                 headers={"X-API-Key": lane.keys["a"]}) as c:
        prog = (await c.post("/v1/programmes", json={
            "athlete_id": "b", "programme": copy.deepcopy(PROGRAMME_EXAMPLE)})).json()
        week = (await c.post("/v1/plans", json={
            "athlete_id": "b", "profile": copy.deepcopy(PROFILE_EXAMPLE)})).json()
        for label, kind, saved, doc, draw in (
                ("16-week programme", "programmes", prog, prog["programme"],
                 render.render_programme),
                ("week plan", "plans", week, week["plan"], render.render_plan)):
            url = (await c.post(f"/v1/{kind}/{saved['id']}/share")).json()["url"]
            path = url.removeprefix("http://b")
            pure = []
            for _ in range(20):
                start = time.perf_counter()
                draw(doc, title="x", lang="en", expires_on=None)
                pure.append(time.perf_counter() - start)
            cold = []
            for _ in range(20):
                shares._pages._data.clear()
                start = time.perf_counter()
                await c.get(path)
                cold.append(time.perf_counter() - start)
            warm = []
            for _ in range(100):
                start = time.perf_counter()
                page = await c.get(path)
                warm.append(time.perf_counter() - start)
            sys.stdout.write(f"{label}: page {len(page.content) / 1024:.0f} KB; render "
                             f"median {_ms(pure)}; GET /s/... uncached {_ms(cold)}, "
                             f"cached {_ms(warm)}\n")


if __name__ == "__main__":
    asyncio.run(main())
