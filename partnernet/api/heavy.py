"""Heavy operations (exports, uploads) get their own bounded lane (issue 22, finding 4).

45 parallel XLSX exports by one viewer held `/api/v1/health` for 92 s: every export took a
thread of the server's shared pool, which cheap requests need too. Now:

- heavy work runs on this gate's own `workers` threads, never on the shared pool;
- at most `workers + queue` heavy requests are admitted per process (more: 503), and at most
  `per_key` per caller (API key id, else client address; more: 429), both with Retry-After,
  refused at once rather than queued without bound;
- each admitted heavy request also takes `cost` tokens from the caller's rate-limit bucket.

A slot is released when the work finishes, not when the client gives up waiting, so a caller
who disconnects cannot make room for more work than the threads can do.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from partnernet.api.errors import ApiError, RateLimited, Unavailable

T = TypeVar("T")
RETRY_SECONDS = 5


class Busy(ApiError):
    """This caller already runs its share of heavy requests."""

    status = 429


class HeavyGate:
    def __init__(self, *, workers: int, queue: int, per_key: int) -> None:
        self.workers = workers
        self.capacity = workers + queue
        self.per_key = per_key
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="partnernet-heavy")
        self._lock = threading.Lock()
        self._total = 0
        self._by_key: Counter[str] = Counter()

    def _acquire(self, identity: str) -> None:
        retry = {"Retry-After": str(RETRY_SECONDS)}
        with self._lock:
            if self._by_key[identity] >= self.per_key:
                raise Busy(
                    f"you already have {self.per_key} exports or uploads running; "
                    "wait for one to finish",
                    headers=retry,
                )
            if self._total >= self.capacity:
                raise Unavailable(
                    "the server is busy with other exports and uploads; try again shortly",
                    headers=retry,
                )
            self._total += 1
            self._by_key[identity] += 1

    def _release(self, identity: str) -> None:
        with self._lock:
            self._total -= 1
            self._by_key[identity] -= 1
            if self._by_key[identity] <= 0:
                del self._by_key[identity]

    @contextmanager
    def slot(self, identity: str) -> Iterator[None]:
        """Hold a slot for work done on the current thread (a sync route)."""
        self._acquire(identity)
        try:
            yield
        finally:
            self._release(identity)

    async def run(self, identity: str, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on the gate's threads, once a slot is free (else 429/503 at once)."""
        self._acquire(identity)
        try:
            future: Future[T] = self._executor.submit(fn, *args)
        except BaseException:
            self._release(identity)
            raise
        future.add_done_callback(lambda _: self._release(identity))
        return await asyncio.wrap_future(future)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"running": self._total, "capacity": self.capacity, "callers": len(self._by_key)}

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def charge(limiter: Any, identity: str, cost: float) -> None:
    """Take a heavy request's extra cost from the caller's rate-limit bucket (429 if short)."""
    if cost > 0:
        wait = limiter.check(identity, cost)
        if wait is not None:
            raise RateLimited(wait)
