"""POST /v1/plans/generate: the stateless week plan, the service's hot path.

It checks the key, the query and the language itself rather than through FastAPI's dependency
solver, which cost more per request than a memoised engine run; the behaviour and the OpenAPI
operation are the same as with ClientDep, reject_unknown_query and LanguageDep
(tests/api/test_generate_contract.py). Its router is included first in app.main.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import require_client
from app.api.errors import json_body, parse_json, unknown_query
from app.api.lang import LANG_PARAMETER, LocalisedJSON, request_language
from app.core.cache import BytesLRU
from app.core.metrics import PLANS_GENERATED
from app.engine.planner import generate_week
from app.i18n.messages import engine_voice
from app.plan_json import plan_json
from app.schemas import PROFILE_EXAMPLE, RunnerProfileIn, WeekPlanOut

router = APIRouter(prefix="/v1", tags=["plans"])
# Same profile, same plan: repeats (an app showing a runner's week again) skip validation,
# the engine and serialization. Keyed by the exact body bytes, which were validated once.
_week_cache = BytesLRU(max_entries=512, max_bytes=8 * 1024 * 1024)


@router.post("/plans/generate", response_model=WeekPlanOut, operation_id="generateWeekPlan",
             openapi_extra={**json_body("RunnerProfileIn", {"base": {"value": PROFILE_EXAMPLE}}),
                            "parameters": [LANG_PARAMETER]})
async def generate_week_plan(request: Request) -> Response:
    """Generate one week of strength sessions placed around the runner's runs.

    Stateless and deterministic: the same profile always gives byte-identical JSON. Each session
    explains itself in `rationale` and lists the coaching rules it applied in `rules`; anything the
    engine could not honour without breaking a rule is reported in `warnings`. Body: a
    RunnerProfile.
    """
    await require_client(request)
    if request.scope["query_string"]:
        unknown_query(request.query_params.keys(), ("lang",))
    lang = request_language(request)
    raw = await request.body()
    key = (raw, lang)
    body = _week_cache.get(key)
    if body is None:  # first time these exact bytes arrive: validate, plan, remember
        profile = parse_json(RunnerProfileIn, raw).to_engine()
        body = plan_json(generate_week(profile, voice=engine_voice(lang)), profile.runs, lang)
        _week_cache.put(key, body)
    PLANS_GENERATED.inc()
    return LocalisedJSON(body, lang)
