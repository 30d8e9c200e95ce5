"""Threads for CPU work kept apart from the threads that wait on the database.

FastAPI runs sync routes (the database ones) in anyio's default pool of 40 threads. If the
database hangs, those threads wait; CPU-only work that also needs a thread (a programme seen
for the first time) takes its own small pool, so it is never queued behind them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")
CPU_THREADS = 4
_limiter: anyio.CapacityLimiter | None = None


async def run_cpu(work: Callable[[], T]) -> T:
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(CPU_THREADS)
    return await anyio.to_thread.run_sync(work, limiter=_limiter)
