"""What one running app holds: settings, the store, keys, limiters, the analysis cache."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from partnernet.api.auth import KeyRing, Sessions
from partnernet.api.cache import Admit, AnalysisRunner, GraphVersion
from partnernet.api.errors import NotAvailableHere
from partnernet.api.heavy import HeavyGate, Lane, weight
from partnernet.api.limits import RateLimiter
from partnernet.api.probe import StoreProbe
from partnernet.api.settings import Settings
from partnernet.graph.connect import is_neo4j_uri, open_store
from partnernet.graph.store import GraphStore
from partnernet.service.ingest_preview import Previews

T = TypeVar("T")


def store_kind(uri: str) -> str:
    """ "neo4j" or "sqlite": what the health and stats answers report."""
    return "neo4j" if is_neo4j_uri(uri) else "sqlite"


@runtime_checkable
class ReadOnlyCypher(Protocol):
    """What a store offers the read-only Cypher endpoint (Neo4jStore)."""

    def run_read_only(
        self,
        query: str,
        params: dict[str, Any],
        *,
        timeout: float,
        row_limit: int,
        check_plan: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> tuple[list[str], list[list[Any]], bool]: ...


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
    analyses: Lane
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    _cypher_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    cypher_store: GraphStore | None = field(default=None, repr=False)
    # Upload previews waiting for "confirm" (service/ingest_preview.py).
    previews: Previews = field(default_factory=Previews, repr=False)
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
            version=GraphVersion(store),
            upload_root=root,
            sessions=Sessions(settings.session_seconds),
            probe=StoreProbe(store, timeout=settings.health_timeout_seconds),
            heavy=HeavyGate(
                workers=settings.heavy_workers,
                queue=settings.heavy_queue,
                per_key=settings.heavy_per_key,
            ),
            analyses=Lane(
                capacity=settings.analysis_queue,
                per_key=settings.analysis_per_key,
                what="analyses that are not cached yet",
            ),
            _tmp=tmp,
        )

    @property
    def read_only(self) -> bool:
        """No keys configured: nobody can write."""
        return not self.keys.configured

    def graph_version(self) -> str:
        return self.version.current()

    def cache_version(self) -> str:
        """What a cached analysis holds for: the graph version and the day. Analyses count
        ties and unanswered proposals as of today, so a server running past midnight must not
        keep answering with the day before's gaps."""
        return f"{self.graph_version()}@{self.today().isoformat()}"

    async def cached(
        self,
        name: str,
        params: tuple[Hashable, ...],
        fn: Callable[[], T],
        *,
        caller: str,
        kind: str | None = None,
        timeout: float | None = None,
    ) -> tuple[T, bool]:
        """`fn()` through the analysis cache for this graph version and day: (result, hit).
        When `fn` must run, `caller` (`deps.identity`) takes a slot of the analysis lane and
        pays the cost of `kind` (default: `name`), see `heavy.COST_WEIGHTS`. `timeout`: wait
        at most this long (default: the analysis time limit), then 503 while the work goes on."""
        admit = self.admission(caller, kind or name)
        return await self.runner.run((name, params, self.cache_version()), fn, timeout, admit=admit)

    def admission(self, caller: str, kind: str) -> Admit | None:
        """How a new computation of `kind` by `caller` is admitted (None: too cheap to gate)."""
        cost = weight(kind)
        if cost <= 0:
            return None
        return lambda: self.analyses.admit(caller, self.limiter, cost * self.settings.heavy_cost)

    def prime(self, name: str, params: tuple[Hashable, ...], value: object, version: str) -> None:
        self.runner.prime((name, params, version), value)

    def child_store(self) -> tuple[str, str | None] | None:
        """(URI, database) a child process can open this app's store by, or None: heavy
        work then stays on this process's threads. Only when the app opened the store itself
        (a child opens it the same way, from the same environment) and it is a file or a
        server, and `heavy_processes` is on."""
        if not (self.settings.heavy_processes and self.owns_store):
            return None
        if self.store.uri == ":memory:":
            return None
        return self.store.uri, getattr(self.store, "database", None)

    def cypher_runner(self) -> ReadOnlyCypher:
        """The store read-only Cypher runs on: the app's own, or with `cypher_user` set a
        second connection as that (read-only) database user, opened once."""
        store: object = self.store
        neo4j = is_neo4j_uri(self.store.uri)
        settings = self.settings
        if neo4j and settings.cypher_user:
            with self._cypher_lock:
                if self.cypher_store is None:
                    password = settings.cypher_password
                    self.cypher_store = open_store(
                        self.store.uri,
                        user=settings.cypher_user,
                        password=password.get_secret_value() if password else "",
                        database=getattr(self.store, "database", None),
                    )
                store = self.cypher_store
        if not isinstance(store, ReadOnlyCypher):
            if neo4j:
                raise NotAvailableHere("this Neo4j store has no read-only query method")
            raise NotAvailableHere(
                "the Cypher endpoint needs a Neo4j store; this server uses the embedded SQLite one"
            )
        return store

    def close(self) -> None:
        self.runner.shutdown()
        self.heavy.shutdown()
        if self.cypher_store is not None:
            self.cypher_store.close()
        if self.owns_store:
            self.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()
