"""Prometheus metrics: requests by route and status, latency, plans generated and saved."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

registry = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "http_requests_total", "HTTP requests by route template, method and status.",
    ["route", "method", "status"], registry=registry,
)
LATENCY = Histogram(
    "http_request_duration_seconds", "Request latency by route template and method.",
    ["route", "method"], registry=registry,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
PLANS_GENERATED = Counter(
    "plans_generated_total", "Week plans generated (stateless or for saving).",
    registry=registry,
)
PLANS_SAVED = Counter("plans_saved_total", "Plans stored (not counting replays).",
                      registry=registry)
RATE_LIMITED = Counter("rate_limited_total", "Requests refused with 429.", registry=registry)
