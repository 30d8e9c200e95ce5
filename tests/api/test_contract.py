"""The contract leaves nothing in prose: headers, statuses, descriptions, licence, servers,
security schemes and problem types that can be followed."""

from __future__ import annotations

import json

import pytest

from app.openapi import render

pytestmark = pytest.mark.anyio
SPEC = json.loads(render())


def _op(path: str, method: str) -> dict:
    return SPEC["paths"][path][method]


def test_every_schema_and_property_has_a_description(report):
    schemas = SPEC["components"]["schemas"]
    props = [(n, p) for n, d in schemas.items() for p, v in d.get("properties", {}).items()]
    bare = [n for n, d in schemas.items() if not d.get("description")]
    bare_props = [f"{n}.{p}" for n, p in props
                  if not schemas[n]["properties"][p].get("description")]
    assert bare == []
    assert bare_props == []
    report(f"OpenAPI: {len(schemas)} schemas and {len(props)} properties, all described")


def test_licence_servers_and_both_security_schemes():
    assert SPEC["info"]["license"]["identifier"] == "Apache-2.0"
    assert SPEC["servers"][0]["url"].startswith("http")
    schemes = SPEC["components"]["securitySchemes"]
    assert schemes["Bearer"] == {**schemes["Bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["ApiKey"]["name"] == "X-API-Key"
    assert _op("/v1/plans", "post")["security"] == [{"ApiKey": []}, {"Bearer": []}]


def test_response_headers_are_declared():
    created = _op("/v1/plans", "post")["responses"]["201"]["headers"]
    assert {"ETag", "Location", "Idempotent-Replayed", "RateLimit", "RateLimit-Policy",
            "X-Request-ID"} <= set(created)
    limited = _op("/v1/plans/generate", "post")["responses"]["429"]["headers"]
    assert "Retry-After" in limited
    assert "Retry-After" in _op("/readyz", "get")["responses"]["503"]["headers"]
    assert set(SPEC["components"]["headers"]) == {
        "ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy",
        "Idempotent-Replayed", "X-Request-ID"}


def test_conditional_statuses_are_documented():
    assert "304" in _op("/v1/programmes/{programme_id}", "get")["responses"]
    assert "ETag" in _op("/v1/programmes/{programme_id}", "get")["responses"]["304"]["headers"]
    swap = _op("/v1/programmes/{programme_id}/swap", "post")["responses"]
    assert {"412", "428"} <= set(swap)
    assert "409" in _op("/v1/keys/{key_id}", "delete")["responses"]
    for ops in SPEC["paths"].values():
        for op in ops.values():
            for code, response in op["responses"].items():
                if int(code) >= 400:
                    assert "application/problem+json" in response["content"], (
                        op["operationId"], code)


def test_request_fields_with_defaults_are_optional_for_generated_clients():
    schemas = SPEC["components"]["schemas"]
    profile = schemas["RunnerProfileIn"]
    assert profile["required"] == ["experience"]
    assert "default" not in profile["properties"]["session_minutes"]
    assert "Default: 30." in profile["properties"]["session_minutes"]["description"]
    assert schemas["WeekPlanOut"]["required"]  # responses keep their required fields


async def test_problem_types_are_absolute_and_served(anon):
    r = await anon.get("/v1/plans")
    kind = r.json()["type"]
    assert kind.startswith("http://") or kind.startswith("https://")
    page = await anon.get(kind.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "A valid API key is required" in page.text
    assert (await anon.get("/problems/no-such-thing")).status_code == 404
    index = await anon.get("/problems")
    assert 'href="problems/validation-error"' in index.text


@pytest.mark.parametrize("path", ["/v1/plans/generate", "/v1/plans", "/v1/keys"])
async def test_a_body_that_is_not_json_points_at_the_whole_body(client, path):
    r = await client.post(path, content=b'{"experience": "beginner",, }',
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    problem = r.json()
    assert problem["type"].endswith("/problems/validation-error")
    assert problem["errors"][0]["pointer"] == ""
    assert "not valid JSON" in problem["errors"][0]["detail"]
