"""Rendering a sentence in a language: plural choice, number formats, exercise names."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.i18n import translator
from app.i18n.messages import render


@dataclass(frozen=True)
class Ref:
    slug: str
    name: str


def test_numbers_follow_the_language_even_before_a_sentence_is_translated():
    english = "Lift about {load} kg, {reps} reps a set"
    assert render(translator("en"), "test.load", english, {"load": 12.5, "reps": 8}) == (
        "Lift about 12.5 kg, 8 reps a set")
    assert render(translator("de"), "test.load", english, {"load": 12.5, "reps": 8}) == (
        "Lift about 12,5 kg, 8 reps a set")


def test_exercise_references_become_the_catalogue_name_in_that_language():
    ref = Ref("single-leg-calf-raise", "Single-leg calf raise")
    assert render(translator("de"), "test.swap", "{exercise} comes first", {"exercise": ref}) \
        == "Einbeiniges Wadenheben comes first"


def test_plural_messages_need_a_count_and_choose_by_the_language_rule():
    pair = ("{count} session", "{count} sessions")
    assert render(translator("en"), "test.count", pair, {"count": 1}, count=1) == "1 session"
    assert render(translator("en"), "test.count", pair, {"count": 0}, count=0) == "0 sessions"
    with pytest.raises(ValueError, match="needs a count"):
        render(translator("en"), "test.count", pair, {"count": 1})


def test_the_engine_voice_uses_the_catalogue_and_falls_back_to_english(monkeypatch):
    """engine_voice renders the engine's Msg through gettext: an entry in the language's
    catalogue is used (placeholders filled after translation), a missing one stays English."""
    import gettext
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from app import i18n
    from app.engine.explain import MESSAGES, msg
    from app.i18n import messages

    catalog = Catalog(locale="de")
    catalog.add(MESSAGES["run.long"], "einen langen Lauf", context="run.long")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    fake = i18n.Translator("de", gettext.GNUTranslations(buffer))
    monkeypatch.setattr(messages, "translator", lambda lang: fake)
    messages.engine_voice.cache_clear()
    try:
        voice = messages.engine_voice("de")
        assert voice.render(msg("run.long")) == "einen langen Lauf"
        assert voice.render(msg("run.easy")) == MESSAGES["run.easy"]
    finally:
        messages.engine_voice.cache_clear()


def test_the_english_engine_voice_is_the_engine_s_own():
    from app.engine.explain import MESSAGES, msg
    from app.i18n.messages import engine_voice

    assert engine_voice("en").render(msg("run.long")) == MESSAGES["run.long"]
    assert engine_voice("pt").render(msg("run.long")) == MESSAGES["run.long"]


def test_engine_templates_keep_their_placeholders_well_formed():
    """Every engine template formats with its own placeholder names: what a translation must
    keep (checked against the .po once the engine's sentences are in the catalogues)."""
    import string

    from app.engine.explain import MESSAGES

    for message_id, template in MESSAGES.items():
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        template.format(**dict.fromkeys(names, "x"))  # raises on a malformed template
        assert all(n.isidentifier() for n in names), message_id
