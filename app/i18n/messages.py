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

The engine itself (app.engine.explain) renders through a `Voice` whose `translate` receives the
English template: `engine_voice(lang)` is that Voice for a language, backed by the same
catalogues (entries without context, extracted from explain.MESSAGES when INCLUDE_ENGINE is on
in app.i18n.__main__; until a sentence is translated it stays English).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Protocol, runtime_checkable

from app.engine.explain import Voice
from app.i18n import Translator, translator
from app.i18n.content import exercise_name

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


@cache
def engine_voice(lang: str) -> Voice:
    """The engine's Voice in one language (cached per language; English is the engine's own)."""
    tr = translator(lang)
    if tr.lang == "en":
        return Voice()
    return Voice(translate=tr.gettext)
