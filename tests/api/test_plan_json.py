"""plan_json (the generate endpoint's bytes, sessions serialised once and reused) is exactly
the JSON of plan_to_dict, localised, for any profile and language."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import to_json

from app.engine.planner import generate_week
from app.engine.types import Run
from app.i18n import translator
from app.i18n.content import localise_plan
from app.i18n.messages import engine_voice
from app.plan_json import plan_json, plan_to_dict
from tests.engine.test_properties import profiles

LANGS = ("en", "de", "fr", "es", "nl")


def reference(profile, lang: str) -> bytes:
    voice = engine_voice(lang)
    plan = plan_to_dict(generate_week(profile, voice=voice), profile.runs, voice)
    return to_json(localise_plan(translator(lang), plan))


@settings(max_examples=200)
@given(profile=profiles(), lang=st.sampled_from(LANGS), loads=st.booleans())
def test_plan_json_is_the_plan_dict_as_json(profile, lang, loads):
    if loads:  # runs that carry their load, so the week's load and its note are in play
        profile = replace(profile, runs=tuple(Run(r.day, r.kind, 60, 5) for r in profile.runs))
    voice = engine_voice(lang)
    first = plan_json(generate_week(profile, voice=voice), profile.runs, lang)
    again = plan_json(generate_week(profile, voice=voice), profile.runs, lang)  # from the cache
    assert first == again == reference(profile, lang)
