"""Choosing the answer's language: an explicit `lang` beats Accept-Language (RFC 9110 §12.5.4,
quality values) matched by RFC 4647 lookup; English when nothing matches."""

from __future__ import annotations

import re
from functools import lru_cache

from app.i18n import LANGUAGES, SOURCE

_QUALITY = re.compile(r"^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$", re.IGNORECASE)
_TAG = re.compile(r"^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$")


def parse_accept_language(header: str) -> list[tuple[str, float]]:
    """Language ranges with their weights, best first (ties keep the header's order).
    Malformed members are skipped rather than failing the request."""
    ranges: list[tuple[str, float, int]] = []
    for position, member in enumerate(header.split(",")):
        parts = [p.strip() for p in member.split(";")]
        tag = parts[0]
        if not tag or not _TAG.match(tag):
            continue
        weight = 1.0
        valid = True
        for param in parts[1:]:
            match = _QUALITY.match(param.replace(" ", ""))
            if match is None:
                valid = param == ""  # "de;" is harmless; anything else is not a weight
                if not valid:
                    break
            else:
                weight = float(match.group(1))
        if valid:
            ranges.append((tag.lower(), weight, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(tag, weight) for tag, weight, _ in ranges]


def lookup(tag: str, available: tuple[str, ...] = LANGUAGES) -> str | None:
    """RFC 4647 §3.4 lookup: drop subtags from the right (and a single-letter subtag left
    dangling) until a supported language matches."""
    subtags = tag.lower().split("-")
    while subtags:
        candidate = "-".join(subtags)
        if candidate in available:
            return candidate
        subtags.pop()
        if subtags and len(subtags[-1]) == 1:
            subtags.pop()
    return None


@lru_cache(maxsize=2048)
def negotiate(header: str | None) -> str:
    """The best supported language for an Accept-Language value; English when none fits.

    A weight of 0 means "not this one"; `*` accepts anything, so it lands on English unless a
    listed language matched first."""
    if not header:
        return SOURCE
    refused: set[str] = set()
    ranges = parse_accept_language(header)
    for tag, weight in ranges:
        if weight == 0 and tag != "*":
            refused.add(tag)
    for tag, weight in ranges:
        if weight == 0:
            continue
        if tag == "*":
            return next((lang for lang in LANGUAGES if lang not in refused), SOURCE)
        found = lookup(tag)
        if found is not None and found not in refused:
            return found
    return SOURCE


def choose(lang: str | None, header: str | None) -> str:
    """An explicit, already validated `lang` wins; otherwise the header decides."""
    if lang is not None:
        return lang
    return negotiate(header)
