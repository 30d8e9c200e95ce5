"""Rendering the engine's sentences in one language (for app/engine/explain.py).

The engine stays free of gettext: it describes each sentence as a message id, its English
template (or singular/plural pair) and parameters. The API layer renders it here:

    render(tr, "warning.sessions_dropped", ("{count} session was dropped",
           "{count} sessions were dropped"), {"count": 1}, count=1)

- the message id is the gettext context, so the same English may be said differently in two
  places and the id never changes when the English is reworded;
- templates use str.format placeholders ({name}); tests/i18n checks every language keeps them;
- numbers are formatted for the language (2,5 in German), exercise references ({exercise}
  given as an object with `slug` and `name`) become the catalogue name in that language.

The engine itself (app.engine.explain) renders through a `Voice`. `engine_voice(lang)` is a
`CatalogueVoice`, a Voice that looks each template up by its message id (the msgctxt of the
engine's entries, extracted from explain.MESSAGES by `python -m app.i18n extract`), so two ids
with the same English can be translated differently. The engine passes exercise names (and the
owned equipment) into sentences as plain English strings; the voice swaps a parameter that is
exactly such a name for the catalogue's name in that language. A sentence not translated yet
stays English (tests/i18n fails until it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Protocol, runtime_checkable

from app.engine.catalogue import default_catalogue
from app.engine.explain import MESSAGES, Msg, Voice
from app.engine.types import Equipment
from app.i18n import Translator, translator
from app.i18n.content import equipment_name, exercise_name

English = str | tuple[str, str]


@runtime_checkable
class Named(Protocol):
    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...


def _value(tr: Translator, value: object) -> str:
    if isinstance(value, int):  # counts, weeks, seconds, years: digits as they are
        return str(value)
    if isinstance(value, float | Decimal):
        return tr.number(value, digits=2)
    if isinstance(value, Named):
        return exercise_name(tr, value.slug, value.name)
    return str(value)


def render(tr: Translator, message_id: str, english: English,
           params: Mapping[str, object] | None = None, *, count: int | None = None) -> str:
    """One sentence in tr's language; English when the catalogue has no translation yet."""
    if isinstance(english, tuple):
        if count is None:
            raise ValueError(f"{message_id}: a plural message needs a count")
        template = tr.npgettext(message_id, english[0], english[1], count)
    else:
        template = tr.pgettext(message_id, english)
    values = {k: _value(tr, v) for k, v in (params or {}).items()}
    return template.format(**values)


def _no_translation(english: str) -> str:
    return english


@dataclass(frozen=True, slots=True)
class CatalogueVoice(Voice):
    """The engine's Voice backed by one language's catalogue: templates by message id, and
    English names given as parameters (exercise and equipment names) in that language."""

    lang: str = "en"  # what the engine's caches compare and hash: one voice per language
    tr: Translator = field(default_factory=lambda: translator("en"), compare=False)
    names: Mapping[str, str] = field(default_factory=dict, compare=False)

    def singular(self, n: int) -> bool:
        return self.tr.plural_index(n) == 0

    def render(self, m: Msg) -> str:
        message_id = self.template_id(m)
        template = self.tr.pgettext(message_id, MESSAGES[message_id])
        values = {k: self._value(v) for k, v in m.params}
        return template.format(**values) if values else template

    def _value(self, v: object) -> str:
        if isinstance(v, str):
            return self.names.get(v, v)
        return Voice._value(self, v)


def engine_names(tr: Translator) -> dict[str, str]:
    """English name -> name in tr's language, for every exercise and for the equipment as the
    engine words it in a sentence ("mini band"): lower case except in German, where nouns are
    capitalised."""
    names = {ex.name: exercise_name(tr, ex.slug, ex.name)
             for ex in default_catalogue().exercises}
    for equipment in Equipment:
        name = equipment_name(tr, equipment)
        if tr.lang != "de":
            name = name[:1].lower() + name[1:]
        names[equipment.value.replace("_", " ")] = name
    return names


@cache
def engine_voice(lang: str) -> Voice:
    """The engine's Voice in one language (cached per language; English is the engine's own)."""
    tr = translator(lang)
    if tr.lang == "en":
        return Voice()
    return CatalogueVoice(translate=_no_translation, lang=tr.lang, tr=tr,
                          names=engine_names(tr))
