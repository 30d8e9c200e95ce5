"""Choosing the language: Accept-Language with quality values (RFC 9110), RFC 4647 lookup."""

from __future__ import annotations

import pytest

from app.i18n.negotiate import choose, lookup, negotiate, parse_accept_language


@pytest.mark.parametrize(("header", "expected"), [
    ("nl-BE,nl;q=0.9,en;q=0.5", "nl"),
    ("de-DE", "de"),
    ("fr-CA,fr;q=0.8", "fr"),
    ("es-419", "es"),
    ("pt", "en"),  # unknown: English fallback
    ("pt-BR,pt;q=0.9", "en"),
    ("*", "en"),
    ("pt, *;q=0.1", "en"),
    ("en;q=0.2, de;q=0.8", "de"),  # weights, not order, decide
    ("en;q=0.8, de;q=0.8", "en"),  # a tie keeps the header's order
    ("DE-at", "de"),  # tags are case-insensitive
    ("de;q=0, fr", "fr"),  # q=0 means "not this one"
    ("de;q=0", "en"),
    ("en;q=0, *", "de"),  # anything but English: the first other language
    ("zh-Hant-TW, nl;q=0.3", "nl"),
    ("", "en"),
    (None, "en"),
])
def test_negotiates_the_best_supported_language(header, expected):
    assert negotiate(header) == expected


@pytest.mark.parametrize("header", [
    "de;q=2", "de;q=abc", "de;level=1", ";;;", "1234", "de;q=0.1234", "x" * 300, ",,,"])
def test_malformed_members_are_skipped_not_fatal(header):
    assert negotiate(header) == "en"


def test_a_malformed_member_does_not_hide_a_good_one():
    assert negotiate("de;q=nonsense, fr;q=0.5") == "fr"


def test_parse_orders_by_weight():
    assert parse_accept_language("a;q=0.1, b, c;q=0.5") == [("b", 1.0), ("c", 0.5), ("a", 0.1)]


def test_lookup_truncates_from_the_right_dropping_singletons():
    assert lookup("nl-x-private") == "nl"
    assert lookup("de-CH-1996") == "de"
    assert lookup("tlh") is None


def test_an_explicit_lang_wins_over_the_header():
    assert choose("es", "de, fr;q=0.5") == "es"
    assert choose(None, "de, fr;q=0.5") == "de"
