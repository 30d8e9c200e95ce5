"""The engine's sentences in every language: complete catalogues for whatever explain.MESSAGES
holds now, and week plans with no English left in them."""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Iterator
from typing import Any

import pytest

from app.engine.explain import MESSAGES, msg
from app.engine.planner import generate_week
from app.i18n import TRANSLATED, translator
from app.i18n.content import localise_plan
from app.i18n.messages import engine_voice
from app.schemas import PROFILE_EXAMPLE, RunnerProfileIn, plan_to_dict
from tests.i18n.test_catalogues import ENGLISH_ONLY, allowed, language_neutral, po


def fields(template: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_engine_message_is_translated_with_the_same_placeholders(lang):
    """Read from explain.MESSAGES as it is now: a new or reworded template fails here until
    `python -m app.i18n extract` has run and the sentence is translated in every language."""
    cat = po(lang)
    problems = []
    for message_id, english in MESSAGES.items():
        m = cat.get(english, context=message_id)
        if m is None or m.fuzzy or not m.string:
            problems.append(f"{message_id}: not translated")
        elif fields(m.string) != fields(english):
            problems.append(f"{message_id}: placeholders {fields(m.string)} != "
                            f"{fields(english)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_voice_translates_by_message_id_and_names_follow_the_language(lang):
    voice = engine_voice(lang)
    english = engine_voice("en")
    m = msg("content.upper", names=("Goblet squat", "Dead bug"))
    rendered = voice.render(m)
    assert rendered != english.render(m)
    tr = translator(lang)
    goblet = tr.pgettext("exercise:goblet-squat:name", "Goblet squat")
    assert goblet in rendered
    assert "Goblet squat and" not in rendered  # the list joins with the language's "and"


def test_two_ids_with_the_same_english_are_looked_up_separately():
    """purpose.glutes and emphasis.hip_stability share their English; each has its own entry."""
    assert MESSAGES["purpose.glutes"] == MESSAGES["emphasis.hip_stability"]
    cat = po("fr")
    assert cat.get(MESSAGES["purpose.glutes"], context="purpose.glutes").string
    assert cat.get(MESSAGES["purpose.glutes"], context="emphasis.hip_stability").string
    assert engine_voice("fr").render(msg("emphasis.hip_stability")) == (
        cat.get(MESSAGES["purpose.glutes"], context="emphasis.hip_stability").string)


def _profile(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(PROFILE_EXAMPLE)
    out.update(changes)
    return out


# Varied on purpose: experience, phase (given and from a race date), equipment, injuries (history
# and current pain), goals, strategies, run volume, time budgets and unavailable days, so that
# most of the engine's messages (warnings, plyometrics, taper, circuits, holds) are rendered.
PROFILES: dict[str, dict[str, Any]] = {
    "example": _profile(),
    "beginner_no_equipment": _profile(experience="beginner", equipment=[], goals=["economy"],
                                      injuries=[]),
    "advanced_speed_gym": _profile(
        experience="advanced", phase="build", goals=["speed_power"],
        equipment=["barbell", "dumbbells", "bench", "box_or_step", "pull_up_bar", "cable_machine"],
        injuries=[{"area": "hamstring", "status": "history"}], session_minutes=60),
    "knee_pain": _profile(injuries=[{"area": "knee", "status": "current"},
                                    {"area": "lower_back", "status": "history"}]),
    "calf_pain_separate": _profile(strategy="separate", equipment=["resistance_band", "mat"],
                                   injuries=[{"area": "calf", "status": "current"}]),
    "weight_loss": _profile(goals=["weight_loss"], equipment=["kettlebell", "mat"],
                            session_minutes=45, sessions_per_week=3, phase="off_season"),
    "taper_race": _profile(phase=None, week_start="2026-06-01", race_date="2026-06-13",
                           runs=[{"day": "tue", "kind": "quality"},
                                 {"day": "thu", "kind": "easy"},
                                 {"day": "sat", "kind": "race"}]),
    "high_mileage": _profile(runs=[{"day": d, "kind": k} for d, k in (
        ("mon", "easy"), ("tue", "quality"), ("wed", "easy"), ("thu", "quality"),
        ("fri", "easy"), ("sun", "long"))], unavailable_days=[], sessions_per_week=3,
        phase="build"),
    "race_specific_cramped": _profile(phase=None, week_start="2026-05-04",
                                      race_date="2026-05-31", unavailable_days=["mon", "wed"],
                                      sessions_per_week=3, injuries=[
                                          {"area": "achilles", "status": "current"}]),
    "no_sessions": _profile(sessions_per_week=0, injuries=[{"area": "it_band",
                                                            "status": "history"}]),
    "short_budget_plantar": _profile(session_minutes=20, equipment=["mini_band"],
                                     injuries=[{"area": "plantar_fascia", "status": "history"},
                                               {"area": "shin", "status": "history"}],
                                     goals=["injury_resilience", "speed_power"]),
    "made_light": _profile(unavailable_days=["mon", "tue", "wed", "fri", "sun"],
                           sessions_per_week=2, phase="build", experience="advanced",
                           runs=[{"day": "fri", "kind": "long"},
                                 {"day": "sun", "kind": "quality"}]),
    "crowded_separate": _profile(unavailable_days=["tue", "wed", "thu", "sun"],
                                 sessions_per_week=3, strategy="separate",
                                 runs=[{"day": "mon", "kind": "quality"},
                                       {"day": "fri", "kind": "quality"},
                                       {"day": "sat", "kind": "long"}]),
}

TEXT_KEYS = frozenset({"rationale", "notes", "message", "advice", "purpose", "note", "name"})


def texts(node: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every runner-readable string in a plan dict."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from texts(v, f"{path}/{k}", k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from texts(v, f"{path}/{i}", key)
    elif isinstance(node, str) and key in TEXT_KEYS:
        yield path, node


def week(profile: dict[str, Any], lang: str) -> dict[str, Any]:
    """As POST /v1/plans/generate builds it."""
    engine_profile = RunnerProfileIn.model_validate(profile).to_engine()
    plan = plan_to_dict(generate_week(engine_profile, voice=engine_voice(lang)),
                        engine_profile.runs)
    return localise_plan(translator(lang), plan)


def test_the_profiles_render_much_of_the_engine_s_vocabulary():
    """The plan test below is only as good as what it renders: these profiles together produce
    warnings, plyometrics, pain notes and dozens of distinct sentences."""
    english = [dict(texts(week(p, "en"))) for p in PROFILES.values()]
    sentences = {t for plan in english for t in plan.values()}
    codes = {w["code"] for p in PROFILES.values() for w in week(p, "en")["warnings"]}
    assert len(sentences) > 200
    assert {"sessions_capped", "sessions_reduced", "session_made_light"} <= codes
    joined = " ".join(sentences)
    for phrase in ("Plyometrics come first", "Taper", "hurts", "circuit"):
        assert phrase in joined, phrase


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("name", list(PROFILES))
def test_no_english_left_in_a_plan(lang, name):
    """Every sentence and name in the plan differs from the English plan's, unless it is made
    of names that stay English in that language (allowed_english.toml) or units; and no word
    only English uses is left outside those names."""
    english = dict(texts(week(PROFILES[name], "en")))
    local = dict(texts(week(PROFILES[name], lang)))
    assert english.keys() == local.keys()  # the same plan, only the words differ
    terms = allowed(lang)
    problems = []
    for path, text in local.items():
        if text == english[path] and not language_neutral(text, terms):
            problems.append(f"{path}: still English: {text!r}")
            continue
        stripped = text
        for term in terms:
            stripped = re.sub(re.escape(term), " ", stripped, flags=re.IGNORECASE)
        if found := ENGLISH_ONLY.findall(stripped):
            problems.append(f"{path}: English word(s) {found} in {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_same_profile_in_the_same_language_gives_the_same_plan(lang):
    assert week(PROFILES["knee_pain"], lang) == week(PROFILES["knee_pain"], lang)


BRACKETED_PLURAL = re.compile(r"\w\((?:s|es|en|n|e)\)|\bweek/weken\b")


@pytest.mark.parametrize("lang", ["en", *TRANSLATED])
def test_counted_words_agree_with_their_number_in_every_language(lang):
    """No "session(s)" anywhere a runner reads: a message that counts says one form for one
    and another for more (its ".one" variant, chosen by the language's plural rule)."""
    from app.engine.explain import COUNTED

    texts = list(MESSAGES.values()) if lang == "en" else [
        m.string for m in po(lang) if m.string and isinstance(m.string, str)]
    assert not [t for t in texts if BRACKETED_PLURAL.search(t)]
    voice = engine_voice(lang)
    for message_id, key in COUNTED.items():
        one, two = MESSAGES[f"{message_id}.one"], MESSAGES[message_id]
        params = dict.fromkeys(fields(one) + fields(two), 0)
        assert voice.render(msg(message_id, **{**params, key: 1})) != voice.render(
            msg(message_id, **{**params, key: 2})), (lang, message_id)
