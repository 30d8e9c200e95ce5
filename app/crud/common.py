"""What every persistence module shares."""

from __future__ import annotations

from typing import Any


def rowcount(result: Any) -> int:
    return int(result.rowcount)
