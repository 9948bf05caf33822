"""The stores the benchmarks load: a fresh SQLite file, or the harness-started Neo4j.

Neo4j is used only when ``$PARTNERNET_NEO4J_INSTANCE`` names the instance file that
``scripts/neo4j start`` writes, and only after checking that the database holds that
instance's harness marker: the benchmarks wipe the database, and refuse to wipe any other.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import GraphStore

INSTANCE_ENV = "PARTNERNET_NEO4J_INSTANCE"


class Backend(Protocol):
    name: str

    def fresh(self, label: str, batch_size: int = 1000) -> GraphStore:
        """An empty store (schema created)."""

    def dispose(self, store: GraphStore) -> None: ...

    def counters(self, store: GraphStore) -> dict[str, int] | None:
        """The server's own write counters so far, if the backend has them."""


class SqliteBackend:
    name = "sqlite"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)

    def _files(self, label: str) -> list[Path]:
        base = self.workdir / f"{label}.sqlite"
        return [base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")]

    def fresh(self, label: str, batch_size: int = 1000) -> GraphStore:
        for path in self._files(label):
            path.unlink(missing_ok=True)
        return SqliteStore(self.workdir / f"{label}.sqlite")

    def dispose(self, store: GraphStore) -> None:
        store.close()
        if isinstance(store, SqliteStore) and store.path != ":memory:":
            for path in self._files(Path(store.path).stem):
                path.unlink(missing_ok=True)

    def counters(self, store: GraphStore) -> dict[str, int] | None:
        return None


def neo4j_instance() -> dict[str, Any] | None:
    path = os.environ.get(INSTANCE_ENV)
    if not path or not Path(path).is_file():
        return None
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


class Neo4jBackend:
    name = "neo4j"

    def __init__(self, instance: dict[str, Any]) -> None:
        self.instance = instance
        self.version: str | None = instance.get("version")

    def fresh(self, label: str, batch_size: int = 1000) -> GraphStore:
        from partnernet.graph.neo4j_store import Neo4jStore

        store = Neo4jStore(
            self.instance["uri"],
            user=self.instance["user"],
            password=self.instance["password"],
            batch_size=batch_size,
        )
        if store.harness_token() != self.instance["token"]:
            store.close()
            raise RuntimeError(
                "refusing to wipe a Neo4j database that scripts/neo4j did not start "
                f"(no harness marker for ${INSTANCE_ENV})"
            )
        store.clear()
        store.init_schema()
        return store

    def dispose(self, store: GraphStore) -> None:
        store.close()

    def counters(self, store: GraphStore) -> dict[str, int] | None:
        found = getattr(store, "counters", None)
        return dict(found) if found is not None else None
