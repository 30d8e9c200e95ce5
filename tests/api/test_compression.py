"""Responses over about 1 KB are compressed when the client accepts it; ETag/304 and calendars
keep working. The wire size of a 16-week programme is measured, not guessed."""

from __future__ import annotations

import pytest

from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
async def test_a_16_week_programme_is_sent_in_under_30_kb(client, encoding, report):
    plain = await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE,
                              headers={"Accept-Encoding": "identity"})
    r = await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE,
                          headers={"Accept-Encoding": encoding})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == encoding
    assert "Accept-Encoding" in r.headers["vary"]
    sent = int(r.headers["content-length"])
    assert sent < 30_000
    assert r.content == plain.content  # httpx decoded it: the same bytes as uncompressed
    report(f"16-week programme: {len(plain.content)} bytes plain, {sent} bytes as {encoding}")


async def test_small_answers_and_unasked_ones_are_left_alone(client):
    small = await client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    unasked = await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE,
                                headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in unasked.headers
    assert len(unasked.content) > 1024


async def test_etag_and_304_work_through_compression(api):
    saved = await api.post("/v1/plans", json={"athlete_id": "gz", "profile": PROFILE_EXAMPLE})
    url = f"/v1/plans/{saved.json()['id']}"
    r = await api.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["etag"] == '"1"'
    again = await api.get(url, headers={"Accept-Encoding": "gzip",
                                        "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert "content-encoding" not in again.headers
    assert again.content == b""
    put = await api.put(url, json={"name": "renamed"},
                        headers={"Accept-Encoding": "br", "If-Match": r.headers["etag"]})
    assert put.status_code == 200
    assert put.headers["content-encoding"] == "br"


async def test_calendars_and_problems_are_compressed_too(api):
    saved = await api.post("/v1/programmes", json={"athlete_id": "gz",
                                                   "programme": PROGRAMME_EXAMPLE})
    ics = await api.get(f"/v1/programmes/{saved.json()['id']}/calendar.ics",
                        headers={"Accept-Encoding": "gzip"})
    assert ics.status_code == 200
    assert ics.headers["content-encoding"] == "gzip"
    assert ics.text.startswith("BEGIN:VCALENDAR")
    runs = [{"day": f"d{i}", "kind": "k"} for i in range(12)]
    bad = await api.post("/v1/plans/generate", json={**PROFILE_EXAMPLE, "runs": runs},
                         headers={"Accept-Encoding": "gzip"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert len(bad.content) > 1024
    assert bad.headers["content-encoding"] == "gzip"

