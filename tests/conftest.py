"""Shared fixtures: the store under test (both backends) and the harness-started Neo4j.

The Neo4j server is started by `scripts/neo4j start` (which `make test` runs) and described by
the JSON file named in $PARTNERNET_NEO4J_INSTANCE. Tests that wipe the database first check
that it holds the marker node with that instance's token, so they refuse to run against any
database the harness did not start. Under CI=true a missing server fails the run instead of
skipping the Neo4j tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import GraphStore

INSTANCE_ENV = "PARTNERNET_NEO4J_INSTANCE"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def neo4j_instance() -> dict[str, Any]:
    path = os.environ.get(INSTANCE_ENV)
    if not path or not Path(path).is_file():
        message = (
            f"no harness Neo4j: ${INSTANCE_ENV} is not set or missing "
            "(run `make test`, which starts one with scripts/neo4j)"
        )
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    instance: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return instance


@pytest.fixture(scope="session")
def neo4j_session_store(neo4j_instance: dict[str, Any]) -> Iterator[GraphStore]:
    from partnernet.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(
        neo4j_instance["uri"], user=neo4j_instance["user"], password=neo4j_instance["password"]
    )
    if store.harness_token() != neo4j_instance["token"]:
        store.close()
        pytest.fail("refusing to wipe a Neo4j database that the test harness did not start")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend; the contract suite runs once per backend."""
    if request.param == "sqlite":
        sqlite = SqliteStore(tmp_path / "graph.sqlite")
        yield sqlite
        sqlite.close()
        return
    neo4j: GraphStore = request.getfixturevalue("neo4j_session_store")
    neo4j.clear()
    neo4j.init_schema()
    yield neo4j
    neo4j.clear()
