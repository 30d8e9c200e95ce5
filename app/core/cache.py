"""A small thread-safe LRU of serialized responses, bounded by entries and bytes.

The planner is pure and deterministic, so the JSON for a given request never changes within a
process (the engine version is part of the process). Apps re-request the same runner's week on
every screen that shows it; answering repeats from memory saves the engine run and the
serialization. Nothing stored here depends on who asked or on the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


def _size(key: Hashable) -> int:
    return len(key) if isinstance(key, bytes | str) else 64


class BytesLRU:
    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self._data: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        size = _size(key) + len(value)
        if size > self._max_bytes:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= _size(key) + len(old)
            self._data[key] = value
            self._bytes += size
            while len(self._data) > self._max_entries or self._bytes > self._max_bytes:
                dropped_key, dropped = self._data.popitem(last=False)
                self._bytes -= _size(dropped_key) + len(dropped)

    @property
    def size(self) -> int:
        """Bytes held, keys included (a request body used as a key is as big as its value)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._data)


class IdentityLRU(Generic[V]):
    """A small thread-safe LRU keyed by an object's identity (and an extra hashable part).

    For values derived from immutable objects that are themselves shared (the engine's memoised
    sessions): hashing such an object by content costs as much as the work saved, its identity
    costs nothing. Each entry keeps its object alive, so an id in the cache is never reused by
    another object while the entry lives; a hit also checks `is` to be sure.
    """

    def __init__(self, max_entries: int) -> None:
        self._data: OrderedDict[tuple[int, Hashable], tuple[object, V]] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get(self, obj: object, part: Hashable = None) -> V | None:
        key = (id(obj), part)
        with self._lock:
            entry = self._data.get(key)
            if entry is None or entry[0] is not obj:
                return None
            self._data.move_to_end(key)
            return entry[1]

    def put(self, obj: object, value: V, part: Hashable = None) -> None:
        with self._lock:
            self._data[(id(obj), part)] = (obj, value)
            self._data.move_to_end((id(obj), part))
            while len(self._data) > self._max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)
