"""Heavy work gets bounded lanes and costs rate-limit tokens (issue 22, finding 4).

45 parallel XLSX exports by one viewer held `/api/v1/health` for 92 s: every export took a
thread of the server's shared pool, which cheap requests need too. Now every heavy request
goes through a `Lane`, which admits work per process AND per caller:

- at most `capacity` heavy requests are admitted per process (more: 503), and at most
  `per_key` per caller (more: 429), both with Retry-After, refused at once rather than
  queued without bound. The caller is the API key id, else the client address: anonymous
  readers of a public server share one bucket per address (`deps.identity`);
- each admitted request takes `heavy_cost x COST_WEIGHTS[kind]` tokens from the caller's
  rate-limit bucket, on top of the one token every request takes.

Two lanes use this: `HeavyGate` (exports and uploads, on its own `workers` threads, never on
the shared pool; exports in its `workers` child processes when the server opened its store
itself, see `service/isolated.py`) and the analysis lane (`AppState.analyses`): whole-graph
and province analyses and renders that are NOT in the cache, on the analysis runner's threads.
A cache hit, or a request that joins a computation another caller already started, costs
no slot and no extra tokens: it makes the server do no new work.

A slot is released when the work finishes, not when the client gives up waiting, so a caller
who disconnects (or whose analysis passed its time limit) cannot make room for more work than
the threads can do.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from partnernet.api.errors import ApiError, RateLimited, Unavailable

T = TypeVar("T")
RETRY_SECONDS = 5

# What each kind of heavy work costs, as a multiple of `heavy_cost` (PARTNERNET_HEAVY_COST,
# 10 tokens by default; the bucket holds `rate_limit_burst` = 200 and refills
# `rate_limit_per_minute` = 1200 a minute). Weighted by what the work does to the server:
# a whole-graph pass or a document (exports, uploads, briefs, figures, the all-province
# overview, hubs and structure of the whole graph or a region) 1; rendering a province's
# network view 0.5; one province's analysis (or one organisation's neighbourhood) 0.3, an
# issue's subgraph (it spans provinces) 0.5. A kind not listed costs 1 (new heavy work is
# never free by accident); 0 marks cached look-ups too cheap to gate (names of a page of
# organisations).
COST_WEIGHTS: Mapping[str, float] = {
    "export": 1.0,
    "ingest": 1.0,
    "brief": 1.0,
    "figure": 1.0,
    "overview": 1.0,
    "hubs": 1.0,
    "structure": 1.0,
    "network": 0.5,
    "hubs/province": 0.3,
    "structure/province": 0.3,
    "gaps": 0.3,
    "recommendations": 0.3,
    "trend": 0.3,
    "changes": 0.3,
    "page-decisions": 0.3,
    "page-ego": 0.3,
    "page-issue": 0.5,
    "names": 0.0,
}


def weight(kind: str) -> float:
    return COST_WEIGHTS.get(kind, 1.0)


class Busy(ApiError):
    """This caller already runs its share of heavy requests."""

    status = 429


class Lane:
    """Admission for one kind of heavy work: `capacity` per process, `per_key` per caller."""

    def __init__(self, *, capacity: int, per_key: int, what: str) -> None:
        self.capacity = capacity
        self.per_key = per_key
        self.what = what  # "exports or uploads": for the messages
        self._lock = threading.Lock()
        self._total = 0
        self._by_key: Counter[str] = Counter()

    def acquire(self, identity: str) -> None:
        retry = {"Retry-After": str(RETRY_SECONDS)}
        with self._lock:
            if self._by_key[identity] >= self.per_key:
                raise Busy(
                    f"you already have {self.per_key} {self.what} running; wait for one to finish",
                    headers=retry,
                )
            if self._total >= self.capacity:
                raise Unavailable(
                    f"the server is busy with other {self.what}; try again shortly",
                    headers=retry,
                )
            self._total += 1
            self._by_key[identity] += 1

    def release(self, identity: str) -> None:
        with self._lock:
            self._total -= 1
            self._by_key[identity] -= 1
            if self._by_key[identity] <= 0:
                del self._by_key[identity]

    def admit(self, identity: str, limiter: Any, cost: float) -> Callable[[], None]:
        """A slot for `identity` and its cost charged (429/503 at once if not); returns the
        function that gives the slot back (call it when the work is done)."""
        self.acquire(identity)
        try:
            charge(limiter, identity, cost)
        except BaseException:
            self.release(identity)
            raise
        return lambda: self.release(identity)

    def running(self, identity: str) -> int:
        with self._lock:
            return self._by_key.get(identity, 0)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"running": self._total, "capacity": self.capacity, "callers": len(self._by_key)}


class HeavyGate(Lane):
    """The exports' and uploads' lane, with its own `workers` threads and, for work that can
    run on a store connection of its own (exports), `workers` child processes: Python work
    on this process's threads holds the interpreter lock that cheap requests need too."""

    def __init__(self, *, workers: int, queue: int, per_key: int) -> None:
        super().__init__(capacity=workers + queue, per_key=per_key, what="exports or uploads")
        self.workers = workers
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="partnernet-heavy")
        self._processes: ProcessPoolExecutor | None = None
        self._processes_lock = threading.Lock()

    def _process_pool(self) -> ProcessPoolExecutor:
        """Started on first use; `spawn`, as forking a process that runs threads is unsafe.
        The children run at a lower CPU priority (`CHILD_NICENESS`): on a small machine two
        exports would otherwise take both cores from the server answering cheap requests."""
        with self._processes_lock:
            if self._processes is None:
                self._processes = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_lower_priority,
                )
            return self._processes

    async def run_in_child(self, identity: str, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in one of the gate's child processes (429/503 at once when full);
        `fn` and its arguments must pickle. A child that dies (killed for its memory, say)
        answers 503 and the pool is started afresh for the next request."""
        self.acquire(identity)
        try:
            pool = self._process_pool()
            future: Future[T] = pool.submit(fn, *args)
        except BaseException:
            self.release(identity)
            raise
        future.add_done_callback(lambda _: self.release(identity))
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            with self._processes_lock:
                if self._processes is pool:
                    self._processes = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise Unavailable(
                "an export worker stopped before it finished; try again",
                headers={"Retry-After": str(RETRY_SECONDS)},
            ) from None

    @contextmanager
    def slot(self, identity: str) -> Iterator[None]:
        """Hold a slot for work done on the current thread (a sync route)."""
        self.acquire(identity)
        try:
            yield
        finally:
            self.release(identity)

    async def run(self, identity: str, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on the gate's threads, once a slot is free (else 429/503 at once)."""
        self.acquire(identity)
        try:
            future: Future[T] = self._executor.submit(fn, *args)
        except BaseException:
            self.release(identity)
            raise
        future.add_done_callback(lambda _: self.release(identity))
        return await asyncio.wrap_future(future)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        with self._processes_lock:
            processes, self._processes = self._processes, None
        if processes is not None:
            processes.shutdown(wait=False, cancel_futures=True)


CHILD_NICENESS = 10


def _lower_priority() -> None:
    """A heavy child's first step: yield the CPU to the server process (POSIX only)."""
    if hasattr(os, "nice"):
        os.nice(CHILD_NICENESS)


def charge(limiter: Any, identity: str, cost: float) -> None:
    """Take a heavy request's extra cost from the caller's rate-limit bucket (429 if short)."""
    if cost > 0:
        wait = limiter.check(identity, cost)
        if wait is not None:
            raise RateLimited(wait)
