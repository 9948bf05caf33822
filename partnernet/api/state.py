"""What one running app holds: settings, the store, keys, limiters, the analysis cache."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from partnernet.api.auth import KeyRing, Sessions
from partnernet.api.cache import AnalysisRunner, GraphVersion
from partnernet.api.heavy import HeavyGate
from partnernet.api.limits import RateLimiter
from partnernet.api.probe import StoreProbe
from partnernet.api.settings import Settings
from partnernet.graph.store import GraphStore

T = TypeVar("T")


@dataclass
class AppState:
    settings: Settings
    store: GraphStore
    owns_store: bool
    keys: KeyRing
    limiter: RateLimiter
    auth_failures: RateLimiter
    runner: AnalysisRunner
    version: GraphVersion
    upload_root: Path
    sessions: Sessions
    probe: StoreProbe
    heavy: HeavyGate
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    cypher_store: GraphStore | None = field(default=None, repr=False)
    # The day cached analyses are valid for (tests replace it).
    today: Callable[[], date] = field(default=date.today, repr=False)

    @classmethod
    def build(
        cls, settings: Settings, store: GraphStore, owns_store: bool, keys: KeyRing
    ) -> AppState:
        tmp = None
        if settings.upload_dir is not None:
            root = settings.upload_dir
            root.mkdir(parents=True, exist_ok=True)
        else:
            tmp = tempfile.TemporaryDirectory(prefix="partnernet-uploads-")
            root = Path(tmp.name)
        return cls(
            settings=settings,
            store=store,
            owns_store=owns_store,
            keys=keys,
            limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
            auth_failures=RateLimiter(
                settings.auth_failures_per_minute, max(1, settings.auth_failures_per_minute // 2)
            ),
            runner=AnalysisRunner(
                workers=settings.analysis_workers,
                queue=settings.analysis_queue,
                entries=settings.cache_entries,
                timeout=settings.analysis_timeout_seconds,
            ),
            version=GraphVersion(store, settings.fingerprint_seconds),
            upload_root=root,
            sessions=Sessions(settings.session_seconds),
            probe=StoreProbe(store, timeout=settings.health_timeout_seconds),
            heavy=HeavyGate(
                workers=settings.heavy_workers,
                queue=settings.heavy_queue,
                per_key=settings.heavy_per_key,
            ),
            _tmp=tmp,
        )

    @property
    def read_only(self) -> bool:
        """No keys configured: nobody can write."""
        return not self.keys.configured

    def graph_version(self) -> str:
        return self.version.current(self.runner.executor)

    def wrote(self) -> str:
        """Every write route calls this after writing: cached analyses become stale."""
        return self.version.bump()

    def cache_version(self) -> str:
        """What a cached analysis holds for: the graph version and the day. Analyses count
        ties and unanswered proposals as of today, so a server running past midnight must not
        keep answering with the day before's gaps."""
        return f"{self.graph_version()}@{self.today().isoformat()}"

    async def cached(
        self, name: str, params: tuple[Hashable, ...], fn: Callable[[], T]
    ) -> tuple[T, bool]:
        """`fn()` through the analysis cache for this graph version and day: (result, hit)."""
        return await self.runner.run((name, params, self.cache_version()), fn)

    def prime(self, name: str, params: tuple[Hashable, ...], value: object, version: str) -> None:
        self.runner.prime((name, params, version), value)

    def close(self) -> None:
        self.runner.shutdown()
        self.heavy.shutdown()
        if self.cypher_store is not None:
            self.cypher_store.close()
        if self.owns_store:
            self.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()
