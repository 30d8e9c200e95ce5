"""The answer's language: `?lang=` (validated, wins) or Accept-Language, and the headers that
say which one was chosen."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from starlette.responses import Response

from app.i18n import Lang
from app.i18n.negotiate import choose

LANG_DESCRIPTION = ("The language of names, instructions and sentences (en, de, fr, es, nl). "
                    "Wins over Accept-Language; without either the answer is in English. "
                    "Codes, slugs and enum values are the same in every language.")
LangQuery = Annotated[Lang | None, Query(description=LANG_DESCRIPTION)]
VARY = "Accept-Language"


async def language(request: Request, lang: LangQuery = None) -> str:
    return choose(None if lang is None else lang.value, request.headers.get("accept-language"))


LanguageDep = Annotated[str, Depends(language)]

# `lang` as FastAPI documents LanguageDep, for an operation that reads it itself
LANG_PARAMETER = {
    "description": LANG_DESCRIPTION, "in": "query", "name": "lang", "required": False,
    "schema": {"anyOf": [{"$ref": "#/components/schemas/Lang"}, {"type": "null"}],
               "description": LANG_DESCRIPTION, "title": "Lang"},
}
_LANG = TypeAdapter(Lang)


def request_language(request: Request) -> str:
    """LanguageDep without the dependency solver: `?lang=` (the last one wins, as with
    FastAPI), validated with the same error, else Accept-Language."""
    values = request.query_params.getlist("lang") if request.scope["query_string"] else []
    value = values[-1] if values else None
    if value is not None:
        try:
            value = _LANG.validate_python(value).value
        except ValidationError as exc:
            raise RequestValidationError([{**e, "loc": ("query", "lang")}
                                          for e in exc.errors(include_url=False)]) from None
    return choose(value, request.headers.get("accept-language"))


def language_headers(lang: str, headers: dict[str, str] | None = None) -> dict[str, str]:
    return {**(headers or {}), "Content-Language": lang, "Vary": VARY}


def localised_json(body: bytes, lang: str, *, status: int = 200,
                   headers: dict[str, str] | None = None) -> Response:
    """JSON in one language, saying so (Content-Language) and that it depends on the
    request's Accept-Language (Vary), so shared caches keep one copy per language."""
    return Response(body, status_code=status, media_type="application/json",
                    headers=language_headers(lang, headers))


class LocalisedJSON(Response):
    """What `localised_json(body, lang)` answers, with its headers built from a per-language
    template instead of through MutableHeaders: the hot path's answer (app.api.fastpath)."""

    def __init__(self, body: bytes, lang: str) -> None:
        self.status_code = 200
        self.background = None
        self.body = body
        self.raw_headers = [*_lang_headers(lang), (b"content-length", str(len(body)).encode()),
                            (b"content-type", b"application/json")]


_HEADERS: dict[str, list[tuple[bytes, bytes]]] = {}


def _lang_headers(lang: str) -> list[tuple[bytes, bytes]]:
    hit = _HEADERS.get(lang)
    if hit is None:
        hit = _HEADERS[lang] = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                                for k, v in language_headers(lang).items()]
    return hit

