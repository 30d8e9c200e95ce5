"""Localisation: gettext catalogues (Babel) for en (the source), de, fr, es and nl.

The .po files under locales/ are the committed sources. They are compiled in memory the first
time a language is asked for (Babel reads the .po and writes a .mo into a buffer that
gettext.GNUTranslations loads), so an editable install, a wheel and the Docker image all work
without a build step; the app warms every language at start-up, so a broken catalogue fails
loudly before the first request. See README "Languages".
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

DOMAIN = "messages"
SOURCE = "en"
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "nl")
TRANSLATED: tuple[str, ...] = LANGUAGES[1:]


class Lang(StrEnum):
    """A language the service answers in."""

    EN = "en"
    DE = "de"
    FR = "fr"
    ES = "es"
    NL = "nl"


def po_path(lang: str) -> resources.abc.Traversable:
    return resources.files("app.i18n").joinpath(f"locales/{lang}/LC_MESSAGES/{DOMAIN}.po")


@dataclass(frozen=True, slots=True, eq=False)
class Translator:
    """gettext for one language, plus its number formats (decimal comma in de, fr, es, nl)."""

    lang: str
    catalogue: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.catalogue.npgettext(context, singular, plural, n)

    def plural_index(self, n: int) -> int:
        """Which plural form the language uses for n (0 = singular in all five)."""
        plural = getattr(self.catalogue, "plural", None)
        return int(plural(n)) if plural is not None else int(n != 1)

    def number(self, value: float | int | Decimal, *, digits: int = 1) -> str:
        """A number as the runner writes it: 2.5 in English, 2,5 in German."""
        fmt = "#,##0" + ("." + "#" * digits if digits > 0 else "")
        return format_decimal(value, format=fmt, locale=self.locale)

    def percent(self, value: float | int | Decimal) -> str:
        """A fraction as a percentage (0.75 -> 75 % in German, 75% in English)."""
        return format_percent(value, locale=self.locale)

    @property
    def locale(self) -> Locale:
        return _locale(self.lang)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def compile_po(lang: str) -> gettext.GNUTranslations:
    """Read the committed .po and compile it in memory; fuzzy entries are left out (they fall
    back to English until someone checks them)."""
    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def translator(lang: str) -> Translator:
    """The translator for a language code; unknown codes get English. Cached per language."""
    if lang not in LANGUAGES:
        lang = SOURCE
    if lang == SOURCE:
        return Translator(SOURCE, gettext.NullTranslations())
    return Translator(lang, compile_po(lang))


def warm() -> None:
    """Compile every catalogue now (start-up), so a broken .po fails before any request."""
    for lang in LANGUAGES:
        translator(lang)
