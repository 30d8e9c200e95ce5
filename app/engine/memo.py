"""A bounded memo for pure stages: the same key always maps to the same value.

Like functools.lru_cache, but for stages whose inputs are a chosen part of a larger context
(the key names exactly what the stage reads). Bounded, least recently used out first.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Hashed(Generic[K]):
    """A large immutable key hashed once (a tuple is hashed again, whole, on every lookup)."""

    __slots__ = ("_hash", "value")

    def __init__(self, value: K) -> None:
        self.value = value
        self._hash = hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hashed) and self._hash == other._hash and (
            self.value is other.value or self.value == other.value)


class Memo(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[Hashed[K], V] = OrderedDict()
        ALL.append(self)

    def get(self, key: K) -> V | None:
        hashed = Hashed(key)  # hashed once for the lookup and the move to the end
        value = self._data.get(hashed)
        if value is not None:
            self._data.move_to_end(hashed)
        return value

    def put(self, key: K, value: V) -> None:
        self._data[Hashed(key)] = value
        if len(self._data) > self._size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        self._data.clear()


ALL: list[Memo[Any, Any]] = []  # every memo made, so tests can start from cold


def clear_all() -> None:
    for memo in ALL:
        memo.clear()
