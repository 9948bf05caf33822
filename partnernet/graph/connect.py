"""Open a store from a URI: a file path / `sqlite:///path` for SQLite, `bolt://` or `neo4j://`
(and their `+s`/`+ssc` variants) for Neo4j.

The Neo4j driver is imported only when a Neo4j URI is given, so the embedded store works
without a server. Credentials come from the environment, never from the URI on the command
line, so they do not end up in shell history or process listings.
"""

from __future__ import annotations

import os
from pathlib import Path

from partnernet.graph.store import GraphStore

DEFAULT_STORE = "partnernet.sqlite"
STORE_ENV = "PARTNERNET_STORE"
USER_ENV = "PARTNERNET_NEO4J_USER"
PASSWORD_ENV = "PARTNERNET_NEO4J_PASSWORD"
DATABASE_ENV = "PARTNERNET_NEO4J_DATABASE"

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def resolve_store_uri(uri: str | None) -> str:
    """The URI to use: the one given, else $PARTNERNET_STORE, else ./partnernet.sqlite."""
    return uri or os.environ.get(STORE_ENV) or DEFAULT_STORE


def is_neo4j_uri(uri: str) -> bool:
    return uri.startswith(NEO4J_SCHEMES)


def open_store(
    uri: str | None = None,
    *,
    create: bool = True,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    connection_timeout: float | None = None,
    retry_seconds: float | None = None,
) -> GraphStore:
    """Open (and initialise) the store a URI names; Neo4j credentials from the arguments,
    else from the environment. With `create=False` (commands that only read, or add to a
    store that must exist) a missing SQLite file or folder is an error (`NotFound`, naming
    `partnernet ingest`), never a new empty store; a file that is not a partnernet store is
    refused either way (`InvalidInput`).
    For Neo4j, `connection_timeout` and `retry_seconds` override the store's defaults (the
    API server keeps both short, so a request fails with 503 in seconds when the server is
    down; batch loads keep riding out restarts)."""
    target = resolve_store_uri(uri)
    if is_neo4j_uri(target):
        from partnernet.graph.neo4j_store import Neo4jStore

        store = Neo4jStore(
            target,
            user=user if user is not None else os.environ.get(USER_ENV, "neo4j"),
            password=password if password is not None else os.environ.get(PASSWORD_ENV, ""),
            database=database or os.environ.get(DATABASE_ENV) or None,
            connection_timeout=10.0 if connection_timeout is None else connection_timeout,
        )
        if retry_seconds is not None:
            store.retry_seconds = retry_seconds
        return store
    from partnernet.graph.sqlite_store import SqliteStore, check_store_file

    path = target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else target
    if path != ":memory:":
        check_store_file(path, create=create)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteStore(path)
