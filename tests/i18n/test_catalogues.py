"""The translation catalogues: complete, consistent with the English source, and not English."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.engine.catalogue import default_catalogue
from app.engine.explain import MESSAGES
from app.i18n import LANGUAGES, TRANSLATED, po_path, translator
from app.i18n.__main__ import TEMPLATE, template
from app.i18n.content import catalogue_entries

# Words that only English uses among the five languages: one left in a translated sentence
# (outside an allowed name) means a sentence was not translated.
ENGLISH_ONLY = re.compile(
    r"\b(the|your|you|with|and|keep|slowly|until|then|into|each|while|back|knees?|feet|"
    r"hold|push|lower|slow)\b", re.IGNORECASE)  # not "lift" or "stand": Dutch and German
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Abbreviations and units every language writes the English way ("RPE %(rpe)s", "%(sec)s s").
NEUTRAL = frozenset({"rpe", "s", "m", "min", "x", "tempo"})


def language_neutral(text: str, terms: tuple[str, ...]) -> bool:
    """Nothing in the text but placeholders, units, abbreviations and allowed names."""
    rest = PLACEHOLDER.sub(" ", text)
    for term in terms:  # longest first
        rest = re.sub(re.escape(term), " ", rest, flags=re.IGNORECASE)
    return all(w.casefold() in NEUTRAL for w in re.findall(r"[^\W\d_]+", rest))


@cache
def po(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


@cache
def allowed(lang: str) -> tuple[str, ...]:
    text = resources.files("app.i18n").joinpath("allowed_english.toml").read_text("utf-8")
    terms = tomllib.loads(text)[lang]
    return tuple(sorted(terms, key=len, reverse=True))  # longest first when stripping


def strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def test_the_template_is_up_to_date_with_the_catalogue_and_the_code():
    """Fails when an exercise (or a message in the code) was added or changed without
    `python -m app.i18n extract`: run it, then translate what it reports."""
    with TEMPLATE.open("rb") as fh:
        committed = {(m.context, m.id) for m in read_po(fh) if m.id}
    current = {(m.context, m.id) for m in template() if m.id}
    assert current - committed == set(), "run `python -m app.i18n extract`"
    assert committed - current == set(), "run `python -m app.i18n extract`"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_text_is_translated(lang):
    """Every exercise slug's name, instructions and cues and every equipment name, in every
    language, against the exercise catalogue as it is now (not the .pot)."""
    cat = po(lang)
    missing = []
    for context, english in catalogue_entries(default_catalogue()):
        m = cat.get(english, context=context)
        if m is None or m.fuzzy or not m.string:
            missing.append(context)
    slugs = sorted({c.split(":")[1] for c in missing})
    assert not missing, f"{lang}: {len(missing)} texts untranslated for {slugs}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_present_with_the_same_placeholders(lang):
    cat = po(lang)
    with TEMPLATE.open("rb") as fh:
        pot = read_po(fh)
    for source in pot:
        if not source.id:
            continue
        m = cat.get(source.id, context=source.context)
        assert m is not None, (lang, source.context)
        assert not m.fuzzy, (lang, source.context)
        assert all(strings(m)), (lang, source.context)
        # each form keeps the placeholders of its English form (a plural's forms share them)
        wanted = sorted(PLACEHOLDER.findall(ids(source)[-1]))
        for text in strings(m):
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (lang, source.context, text)
    # Babel's own checkers (python-format, plural count). The engine's templates use {braces}
    # only (checked above); Babel also reads "{pct}% of" as a %-format, which means nothing here.
    assert [(m.context, errors) for m, errors in cat.check()
            if m.context not in MESSAGES] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_left_beyond_the_allowed_names(lang):
    terms = allowed(lang)
    problems = []
    for m in po(lang):
        if not m.id:
            continue
        for english, text in zip(ids(m), strings(m), strict=False):
            if text.casefold() == english.casefold() and not language_neutral(english, terms):
                problems.append(f"{m.context}: identical to the English: {english!r}")
                continue
            stripped = text
            for term in terms:
                stripped = re.sub(re.escape(term), " ", stripped, flags=re.IGNORECASE)
            if found := ENGLISH_ONLY.findall(stripped):
                problems.append(f"{m.context}: English word(s) {found} in {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exercise_names_are_unique_in_each_language(lang):
    tr = translator(lang)
    names = [tr.pgettext(f"exercise:{ex.slug}:name", ex.name).casefold()
             for ex in default_catalogue().exercises]
    assert len(set(names)) == len(names)


def test_plural_forms_follow_each_language():
    # French counts 0 as singular ("0 série"), the others use the plural for 0.
    assert translator("fr").plural_index(0) == 0
    assert translator("fr").plural_index(2) == 1
    for lang in ("en", "de", "es", "nl"):
        assert translator(lang).plural_index(0) == 1
        assert translator(lang).plural_index(1) == 0


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "2.5"), ("de", "2,5"), ("fr", "2,5"), ("es", "2,5"), ("nl", "2,5")])
def test_numbers_use_the_language_s_decimal_mark(lang, expected):
    assert translator(lang).number(2.5) == expected


def test_thousands_and_unknown_languages():
    assert translator("de").number(1250.75, digits=2) == "1.250,75"
    assert translator("pt").lang == "en"
    assert translator("de") is translator("de")  # cached per language
