"""POST /v1/plans/generate reads its key, query and language itself (the hot path skips
FastAPI's dependency solver). It must behave, and be documented, exactly as an operation built
on ClientDep, reject_unknown_query and LanguageDep: these tests compare it with
GET /v1/exercises, which is built on them."""

from __future__ import annotations

import pytest

from app.schemas import PROFILE_EXAMPLE

pytestmark = pytest.mark.anyio

GENERATE = "/v1/plans/generate"


def _errors(r):
    return [(e["location"], e["pointer"], e["detail"]) for e in r.json()["errors"]]


@pytest.mark.parametrize("query", ["?lang=xx", "?lang=", "?lang=DE", "?lang=en&lang=xx"])
async def test_a_bad_lang_is_the_same_422_as_elsewhere(client, query):
    ours = await client.post(GENERATE + query, json=PROFILE_EXAMPLE)
    theirs = await client.get("/v1/exercises" + query)
    assert ours.status_code == theirs.status_code == 422
    assert _errors(ours) == _errors(theirs)
    assert ours.json()["detail"] == theirs.json()["detail"]
    assert _errors(ours) == [("query", "/lang", "Input should be 'en', 'de', 'fr', 'es' or 'nl'")]


async def test_an_unknown_query_parameter_is_named(client):
    r = await client.post(GENERATE + "?lang=de&lnag=fr", json=PROFILE_EXAMPLE)
    assert r.status_code == 422
    assert _errors(r) == [("query", "/lnag", "is not a known parameter; allowed: lang")]


async def test_the_key_is_checked_before_the_query(anon):
    r = await anon.post(GENERATE + "?nonsense=1&lang=xx", json=PROFILE_EXAMPLE)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer, ApiKey"


async def test_a_revoked_or_unknown_key_is_refused(app):
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        r = await c.post(GENERATE, json=PROFILE_EXAMPLE, headers={"X-API-Key": "sk_nope"})
        bearer = await c.post(GENERATE, json=PROFILE_EXAMPLE,
                              headers={"Authorization": "Bearer sk_nope"})
    assert r.status_code == bearer.status_code == 401


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ("", None, "en"),
    ("", "fr-CH, de;q=0.5", "fr"),
    ("?lang=nl", "fr", "nl"),
    ("?lang=de&lang=es", None, "es"),  # the last one wins, as FastAPI reads a repeated query
])
async def test_the_language_is_chosen_as_elsewhere(client, query, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    ours = await client.post(GENERATE + query, json=PROFILE_EXAMPLE, headers=headers)
    theirs = await client.get("/v1/exercises" + query, headers=headers)
    assert ours.status_code == theirs.status_code == 200
    assert ours.headers["content-language"] == theirs.headers["content-language"] == expected
    assert "Accept-Language" in ours.headers["vary"]


async def test_the_operation_documents_lang_and_the_keys(client):
    doc = (await client.get("/openapi.json")).json()
    ours = doc["paths"][GENERATE]["post"]
    theirs = doc["paths"]["/v1/programmes/generate"]["post"]  # built on LanguageDep
    lang = [p for p in theirs["parameters"] if p["name"] == "lang"]
    assert ours["parameters"] == lang
    assert ours["security"] == theirs["security"]
    assert ours["operationId"] == "generateWeekPlan"
    assert ours["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RunnerProfileIn"}


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "nl"])
def test_the_hot_paths_answer_has_the_headers_of_localised_json(lang):
    from app.api.lang import LocalisedJSON, localised_json

    body = b'{"sessions":[]}'
    fast, usual = LocalisedJSON(body, lang), localised_json(body, lang)
    assert (fast.status_code, fast.body, fast.raw_headers) == (
        usual.status_code, usual.body, usual.raw_headers)


async def test_the_fast_path_and_the_router_give_the_same_answer(app, client):
    """The hot path (app.api.fastpath) answers what FastAPI's router answers for the same
    request: the router is called directly here, below the middleware that holds the fast
    path (and require_client reads and hashes the key itself there)."""
    import httpx
    from fastapi.middleware.asyncexitstack import AsyncExitStackMiddleware

    below = AsyncExitStackMiddleware(app.router)

    async def routed(scope, receive, send):
        scope["app"] = app
        await below(scope, receive, send)

    fast = await client.post("/v1/plans/generate?lang=de", json=PROFILE_EXAMPLE)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=routed),
                                 base_url="http://test", headers=client.headers) as c:
        slow = await c.post("/v1/plans/generate?lang=de", json=PROFILE_EXAMPLE)
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    for name in ("content-type", "content-language"):  # (length: the fast one is compressed)
        assert fast.headers[name] == slow.headers[name], name
    # (Vary: the compression middleware around both adds Accept-Encoding to the fast answer)
    assert fast.headers["vary"].startswith(slow.headers["vary"])


async def test_generating_a_programme_reads_key_query_and_language_as_elsewhere(client, anon):
    """POST /v1/programmes/generate is on the fast path too (it reads them itself)."""
    from app.schemas import PROGRAMME_EXAMPLE

    url = "/v1/programmes/generate"
    assert (await anon.post(url + "?nonsense=1", json=PROGRAMME_EXAMPLE)).status_code == 401
    r = await client.post(url + "?lang=de&lnag=fr", json=PROGRAMME_EXAMPLE)
    assert r.status_code == 422
    assert _errors(r) == [("query", "/lnag", "is not a known parameter; allowed: lang")]
    ours = await client.post(url + "?lang=xx", json=PROGRAMME_EXAMPLE)
    theirs = await client.get("/v1/exercises/nordic-curl?lang=xx")
    assert ours.status_code == theirs.status_code == 422
    assert _errors(ours) == _errors(theirs)
    ok = await client.post(url, json=PROGRAMME_EXAMPLE, headers={"Accept-Language": "nl"})
    assert ok.status_code == 200
    assert ok.headers["content-language"] == "nl"
