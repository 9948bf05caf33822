"""An export as one file, on the server's threads or in a child process on a store
connection of its own (issue 22, finding 4).

An export is mostly Python (building the graph, writing XLSX cells): on the server's threads
it holds the interpreter lock, so while two exports ran a cheap read waited for the lock
between every step (measured on the S scale: a store read's p95 1.4 s with two exports on
threads, 0.26 s with the same two in child processes, on a loaded 2-core machine). The
server's heavy lane (`api/heavy.py`) therefore runs exports in child processes when it opened
its store itself: `export_in_child` opens the same store by URI (Neo4j credentials from the
environment the server was started with), writes the file and returns its path.

`export_in_child` is module-level and takes only plain values, so a `spawn` process pool can
call it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from partnernet.graph.connect import open_store
from partnernet.graph.store import GraphStore
from partnernet.service import exports

GEPHI_CSV = "gephi-csv"


def write_export(store: GraphStore, fmt: str, folder: Path, scope: dict[str, Any]) -> Path:
    """The scope in `fmt` as one file in `folder` (Gephi CSV: a zip of nodes.csv and
    edges.csv); `scope` holds `exports.export`'s keyword arguments."""
    files = exports.export(store, fmt, folder / exports.default_name(fmt), **scope)
    if fmt != GEPHI_CSV:
        return files[0]
    archive = folder / "gephi.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            bundle.write(path, path.name)
    return archive


def export_in_child(
    uri: str, database: str | None, fmt: str, folder: Path, scope: dict[str, Any]
) -> Path:
    """`write_export` on the store at `uri`, opened for this call and closed after."""
    store = open_store(uri, create=False, database=database)
    try:
        return write_export(store, fmt, folder, scope)
    finally:
        store.close()
