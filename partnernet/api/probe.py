"""Is the store answering? A cheap, bounded check for `/health` (issue 22, finding 7: with
Neo4j down, `/health` said "ok" while reads hung for 120 s).

One probe thread at a time runs `store.data_version()` (one small read). `/health` waits for
it at most `timeout` seconds and reuses a result younger than `every` seconds, so a flood of
health checks costs the store nothing and a hung store costs `/health` at most `timeout`;
`/health` reports the version the probe read and never touches the store on its own thread.
A probe still running past its timeout counts as "unreachable" until it returns.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

from partnernet.graph.store import GraphStore

StoreState = Literal["ok", "unreachable"]


@dataclass(frozen=True)
class ProbeResult:
    state: StoreState
    checked_ms: float  # how long the last finished check took
    age_seconds: float
    version: str = ""  # the store's data_version() at the last good check


class StoreProbe:
    def __init__(self, store: GraphStore, *, timeout: float = 2.0, every: float = 2.0) -> None:
        self._store = store
        self._timeout = timeout
        self._every = every
        self._lock = threading.Lock()
        self._state: StoreState = "ok"
        self._took = 0.0
        self._at = float("-inf")
        self._running: threading.Event | None = None
        self._version = ""

    def _check(self, done: threading.Event) -> None:
        started = time.monotonic()
        version = ""
        try:
            version = str(self._store.data_version())
            state: StoreState = "ok"
        except Exception:  # any failure of the store is "unreachable" to /health
            state = "unreachable"
        with self._lock:
            self._state, self._took = state, time.monotonic() - started
            self._version = version
            self._at = time.monotonic()
            self._running = None
        done.set()

    def result(self) -> ProbeResult:
        with self._lock:
            now = time.monotonic()
            fresh = now - self._at < self._every
            running = self._running
            if not fresh and running is None:
                running = self._running = threading.Event()
                threading.Thread(
                    target=self._check, args=(running,), name="store-probe", daemon=True
                ).start()
        if not fresh and running is not None and not running.wait(self._timeout):
            return ProbeResult("unreachable", self._timeout * 1000, 0.0)
        with self._lock:
            age = max(0.0, time.monotonic() - self._at)
            return ProbeResult(self._state, round(self._took * 1000, 1), age, self._version)
