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
