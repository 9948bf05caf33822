"""Analyses cached per graph version and day, computed off the event loop with a time limit.

The day is part of the key (`AppState.cache_version`) because analyses count ties and
unanswered proposals as of today.

The graph version is the store's `data_version()` (`GraphVersion`), the one notion of
freshness every cache of partnernet uses (the region peer summaries are stamped with it too):
any write that changes data, through this API or the CLI or another process, moves it, and
nothing else does.

`AnalysisRunner.run(key, fn)` is single-flight: concurrent requests for the same key and
version share one computation. A request that waits longer than the time limit gets 503 (with
Retry-After) while the computation carries on and fills the cache for the next request; when
more than `queue` computations are pending, new ones are refused at once with 503. A new
computation (a miss) is first `admit`ted: the caller's slot in the analysis lane and its cost
in rate-limit tokens (`heavy.Lane.admit`); the slot is given back when it finishes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from partnernet.api.errors import Unavailable
from partnernet.graph.store import GraphStore

T = TypeVar("T")
# Admits a new computation (raises to refuse it); returns what gives its slot back.
Admit = Callable[[], Callable[[], None]]


class GraphVersion:
    """The store's own `data_version()`, read at every call: it changes in the same
    transaction as any write that creates or updates something, whoever wrote (this API,
    the CLI, another server on the same store), so a cached answer never outlives the data it
    was computed from. Reading it is one indexed row (SQLite) or one small query (Neo4j)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def current(self) -> str:
        return str(self._store.data_version())


class AnalysisRunner:
    """A bounded pool for analyses and a cache of their results by (key, version)."""

    def __init__(self, *, workers: int, queue: int, entries: int, timeout: float) -> None:
        self._workers = workers
        self._executor: cf.ThreadPoolExecutor | None = None
        self.timeout = timeout
        self._queue = queue
        self._entries = entries
        self._cache: OrderedDict[Hashable, cf.Future[Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def executor(self) -> cf.ThreadPoolExecutor:
        """The pool, (re)started on first use (an app may be started again after a stop)."""
        if self._executor is None:
            self._executor = cf.ThreadPoolExecutor(
                max_workers=self._workers, thread_name_prefix="partnernet-analysis"
            )
        return self._executor

    def _pending(self) -> int:
        return sum(1 for f in self._cache.values() if not f.done())

    def _future(
        self, key: Hashable, fn: Callable[[], T], admit: Admit | None
    ) -> tuple[cf.Future[T], bool]:
        with self._lock:
            found = self._cache.get(key)
            if found is not None and not (found.done() and found.exception() is not None):
                self._cache.move_to_end(key)
                self.hits += 1
                return cast(cf.Future[T], found), True
            if self._pending() >= self._queue:
                raise Unavailable(
                    "the server is busy with other analyses; try again shortly",
                    headers={"Retry-After": "5"},
                )
            release = admit() if admit is not None else None  # 429/503 when full
            try:
                future: cf.Future[T] = self.executor.submit(fn)
            except BaseException:
                if release is not None:
                    release()
                raise
            if release is not None:
                future.add_done_callback(lambda _: release())
            self.misses += 1
            self._cache[key] = future
            while len(self._cache) > self._entries:
                oldest, old = next(iter(self._cache.items()))
                if not old.done():
                    break
                del self._cache[oldest]
            return future, False

    async def run(
        self,
        key: Hashable,
        fn: Callable[[], T],
        timeout: float | None = None,
        admit: Admit | None = None,
    ) -> tuple[T, bool]:
        """The result for `key` (which must include the graph version) and whether it came
        from the cache. Domain errors raised by `fn` propagate (and are not cached). `admit`
        is called only when `fn` must run (not on a hit, nor when joining a running one)."""
        future, hit = self._future(key, fn, admit)
        if hit and future.done():
            return future.result(), True
        limit = self.timeout if timeout is None else timeout
        try:
            result = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), limit)
        except TimeoutError:
            raise Unavailable(
                f"the analysis is taking longer than {limit:g} s; it carries on, and the "
                "result will be ready on a later request",
                headers={"Retry-After": str(max(1, int(limit)))},
            ) from None
        except BaseException:
            with self._lock:
                if self._cache.get(key) is future:
                    del self._cache[key]
            raise
        return result, False

    def prime(self, key: Hashable, value: Any) -> None:
        """Store a result computed elsewhere (e.g. gap reports made by the overview)."""
        future: cf.Future[Any] = cf.Future()
        future.set_result(value)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = future

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._cache),
                "pending": self._pending(),
                "hits": self.hits,
                "misses": self.misses,
            }

    def shutdown(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
