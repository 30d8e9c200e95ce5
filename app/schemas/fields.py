"""Field types the request models share: dates in the range a plan can use, plain text for
ids and names, and lists that name each value once."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a date string like 2026-03-02")
    return value


# Dates far from now break date arithmetic (a programme in 9999 would run past the calendar)
# and mean nothing for a training plan: every date the API takes lies in this range.
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)


def _in_range(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"must be between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_in_range)]


def no_duplicates(values: list[Any], what: str) -> list[Any]:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{what} {getattr(v, 'value', v)!s} is listed twice")
        seen.add(v)
    return values


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError("must not contain control characters")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise ValueError("must be valid Unicode text (no lone surrogates)")
    return value


AthleteId = Annotated[
    str, BeforeValidator(_clean_text),
    Field(min_length=1, max_length=128, description="The app's own opaque id for the runner.",
          strict=True),
]
PlanName = Annotated[
    str, BeforeValidator(_clean_text), Field(min_length=1, max_length=200, strict=True)
]
