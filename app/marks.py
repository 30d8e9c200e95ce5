"""Marking the service's own words for translation, shared by the FIT and calendar exports.

`mark` only marks a word for extraction (Babel looks for calls to `mark`); the word is
translated where it is used, through a gettext function (`Gettext`). `english` is the identity
gettext for callers that want English."""

from __future__ import annotations

from collections.abc import Callable

Gettext = Callable[[str], str]


def mark(text: str) -> str:
    return text


def english(text: str) -> str:
    return text
