"""Maintain the translation catalogues.

    python -m app.i18n extract   # messages.pot from the exercise catalogue and the code, then
                                 # every locale's .po updated (new entries empty, changed
                                 # English marked fuzzy with the previous text, removed ones
                                 # dropped)
    python -m app.i18n check     # exit 1 naming every entry still missing or fuzzy
"""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app.engine.catalogue import default_catalogue
from app.i18n import DOMAIN, TRANSLATED
from app.i18n.content import catalogue_entries

HERE = Path(__file__).parent
APP = HERE.parent
LOCALES = HERE / "locales"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
# A fixed date keeps the header out of diffs: the files change only when messages do.
STAMP = datetime(2026, 11, 22, tzinfo=UTC)
# The engine's sentences (app.engine.explain.MESSAGES, read at extract time) are in the
# catalogues, each under its message id as context; tests/i18n requires every one of them in
# every language with the same {placeholders}.
INCLUDE_ENGINE = True
# The share pages' own words (templates and app/share/*.py, `_` and `ngettext`) and the routes
# that write pages, all under one context so a page word never collides with an engine sentence.
SHARE_CONTEXT = "share"
SHARE_SOURCES = {
    APP / "share": [("templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")],
    APP / "api" / "routes": [("shares.py", "python")],
}
SHARE_KEYWORDS = {"_": None, "ngettext": (1, 2), "n_": (1, 2)}
# The calendar's and FIT files' own words: `words(...)` and `mark(...)` in app/ical.py, app/fit.py.
EXPORT_CONTEXT = "export"
EXPORT_METHODS = [("ical.py", "python"), ("fit.py", "python")]
EXPORT_KEYWORDS = {"words": None, "mark": None}
KEYWORDS = {"N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3)}


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=DOMAIN, project="Stride Strength", version="1",
                   copyright_holder="Stride Strength", creation_date=STAMP,
                   revision_date=STAMP, fuzzy=False, header_comment="# Stride Strength: "
                   "every sentence and name a runner reads.\n#")


def template() -> Catalog:
    """The catalogue's text (context exercise:<slug>:<field>), then literal messages in the
    code (gettext / ngettext / pgettext / npgettext / N_ calls under app/)."""
    cat = _catalog()
    for context, text in catalogue_entries(default_catalogue()):
        cat.add(text, context=context, locations=[("app/engine/data/exercises.toml", 0)])
    if INCLUDE_ENGINE:
        # Context = message id: the same English under two ids may be said two ways, and a
        # reworded English template shows up as untranslated.
        for message_id, english in engine_messages().items():
            cat.add(english, context=message_id, locations=[("app/engine/explain.py", 0)])
    for source, methods in SHARE_SOURCES.items():
        for filename, _line, message, comments, _context in extract_from_dir(
            str(source), method_map=methods, keywords=SHARE_KEYWORDS,
        ):
            cat.add(message, context=SHARE_CONTEXT,
                    locations=[(f"app/{source.relative_to(APP).as_posix()}/{filename}", 0)],
                    auto_comments=comments)
    for filename, _line, message, comments, _context in extract_from_dir(
        str(APP), method_map=EXPORT_METHODS, keywords=EXPORT_KEYWORDS,
    ):
        cat.add(message, context=EXPORT_CONTEXT, locations=[(f"app/{filename}", 0)],
                auto_comments=comments)
    for filename, lineno, message, comments, code_context in extract_from_dir(
        str(APP), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("i18n:",), strip_comment_tags=True,
    ):
        cat.add(message, context=code_context, locations=[(f"app/{filename}", lineno)],
                auto_comments=comments)
    return cat


def engine_messages() -> dict[str, str]:
    """The engine's sentences, once app/engine/explain.py declares them as MESSAGES."""
    try:
        explain = importlib.import_module("app.engine.explain")
    except ModuleNotFoundError:
        return {}
    return dict(getattr(explain, "MESSAGES", {}))


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, include_previous=True,
                 ignore_obsolete=True, include_lineno=False)


def extract() -> None:
    pot = template()
    _write(TEMPLATE, pot)
    for lang in TRANSLATED:
        path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as fh:
                cat = read_po(fh, locale=lang, domain=DOMAIN)
        else:
            cat = _catalog(lang)
        cat.update(pot, update_creation_date=False)
        cat.revision_date = STAMP
        cat.fuzzy = False
        _write(path, cat)
        print(f"{lang}: {len(cat)} messages, {missing_count(cat)} to translate")  # noqa: T201


def missing(cat: Catalog) -> list[str]:
    out = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            out.append(f"{m.context or ''} {m.id if isinstance(m.id, str) else m.id[0]!r}")
    return out


def missing_count(cat: Catalog) -> int:
    return len(missing(cat))


def check() -> int:
    problems = 0
    for lang in TRANSLATED:
        path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with path.open("rb") as fh:
            cat = read_po(fh, locale=lang, domain=DOMAIN)
        for line in missing(cat):
            print(f"{lang}: missing or fuzzy: {line}")  # noqa: T201
            problems += 1
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.i18n")
    parser.add_argument("command", choices=["extract", "check"])
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
