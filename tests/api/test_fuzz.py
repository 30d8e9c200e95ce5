"""Schema fuzzing: schemathesis drives every operation in-process with its default checks.

Runs SCHEMATHESIS_EXAMPLES examples per operation (200 in CI, 25 by default) with a fixed seed,
authenticated with a test key, against its own fresh SQLite database.
"""

from __future__ import annotations

import os
import tempfile

import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from tests.conftest import _make_lane

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))

_lane = _make_lane("fuzz", f"sqlite:///{tempfile.mkdtemp(prefix='stride-fuzz-')}/fuzz.db")
_key = _lane.keys["a"]


def _app():
    from app.core.config import get_settings
    from app.main import create_app

    # Thousands of requests on one key: lift the rate limit so every answer is the real one.
    return create_app(get_settings().model_copy(update={"rate_limit_requests": 10**9}))


# Every default check runs. positive_data_acceptance also accepts 422: some rules cannot be said
# in JSON Schema (week_start must be a Monday, one run a day, a cursor must be one we issued,
# a phase must fit the race date), so a schema-valid request may still be refused - with a 422
# that names the field, never anything else.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "3xx", "401", "404", "409", "412", "422", "428", "429"],
}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(), config=CONFIG)


@schema.parametrize()
@seed(20261121)
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_operation_survives_fuzzing(case):
    _lane.activate()
    # Authenticate every case, except a negative case that deliberately dropped the key: that
    # one must be answered 401, and adding the key back would make it a valid request.
    dropped = (case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
               and "X-API-Key" not in (case.headers or {}))
    case.call_and_validate(headers={} if dropped else {"X-API-Key": _key})
