"""Per-key rate limiting in fixed windows, in Redis (shared by every instance) or in memory.

A request's identity is the SHA-256 of its API key when that key was verified recently, and
otherwise its client address: keys that are not known (random ones, wrong ones, none) all
share their address's bucket, so an attacker cannot mint a fresh bucket - a memory entry, a
Redis key and a database lookup - with every made-up key. No key is ever stored in Redis.
The counter for the current window is incremented atomically
(INCR + EXPIRE in one pipeline); the answer says how many requests remain and when the window
resets, which the middleware turns into RateLimit-Policy / RateLimit headers.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window resets


class Limiter(Protocol):
    limit: int
    window: int

    async def hit(self, identity: str) -> Verdict: ...


def _verdict(count: int, limit: int, window: int, now: float) -> Verdict:
    reset = max(1, int(window - now % window))
    return Verdict(count <= limit, limit, max(0, limit - count), reset)


class MemoryLimiter:
    """One process's counters; fine for a single instance. O(1) per request: only the current
    window's counters are kept (a new window starts a new table), and at most `max_entries`
    identities are counted in a window - past that, newcomers share one overflow bucket."""

    OVERFLOW = "overflow"

    def __init__(self, limit: int, window: int, *, max_entries: int = 100_000) -> None:
        self.limit, self.window = limit, window
        self._max = max_entries
        self._slot = -1
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    async def hit(self, identity: str) -> Verdict:
        now = time.time()
        slot = int(now // self.window)
        with self._lock:
            if slot != self._slot:
                self._slot, self._counts = slot, {}
            if identity not in self._counts and len(self._counts) >= self._max:
                identity = self.OVERFLOW
            count = self._counts.get(identity, 0) + 1
            self._counts[identity] = count
        return _verdict(count, self.limit, self.window, now)

    def __len__(self) -> int:
        return len(self._counts)


class RedisLimiter:
    """Counters in Redis, shared by every instance behind a load balancer."""

    def __init__(self, url: str, limit: int, window: int) -> None:
        import redis.asyncio as aioredis

        self.limit, self.window = limit, window
        self._redis: Any = aioredis.from_url(url, socket_timeout=0.25,
                                             socket_connect_timeout=0.25)

    async def hit(self, identity: str) -> Verdict:
        now = time.time()
        slot = int(now // self.window)
        key = f"stride:rl:{identity}:{slot}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, self.window + 5)
            count, _ = await pipe.execute()
        return _verdict(int(count), self.limit, self.window, now)

    async def close(self) -> None:
        await self._redis.aclose()
