"""Issue 22, finding 4: a server that opened its store itself runs exports in child
processes of the heavy lane (their Python work would otherwise hold the interpreter lock
that cheap requests need; `bench/attack_bench.py` measures that). The answers are the same
as on threads, errors included, and a child that dies is a 503, not a stuck lane."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import Keys, auth, client, copy_store, settings
from fastapi.testclient import TestClient

from partnernet.api.app import create_app
from partnernet.api.errors import Unavailable
from partnernet.api.heavy import HeavyGate


@pytest.fixture
def own_store(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    """An app that opens the store itself (as `partnernet serve` does)."""
    path = tmp_path / "store" / "graph.sqlite"
    path.parent.mkdir()
    shutil.copy(sample_db, path)
    with TestClient(create_app(settings(keys, tmp_path, store=str(path)))) as c:
        yield c


def test_exports_run_in_a_child_process_with_the_same_answers(
    own_store: TestClient, keys: Keys
) -> None:
    state = own_store.app.state.partnernet  # type: ignore[attr-defined]
    assert state.child_store() == (state.store.uri, None)
    viewer = auth(keys.viewer)
    found = own_store.get("/api/v1/exports/json?province=40", headers=viewer)
    assert found.status_code == 200, found.text
    assert state.heavy._processes is not None  # the child pool did the work
    nodes = json.loads(found.content)["nodes"]
    assert any(n["id"] == "council:provincial:40" for n in nodes)
    zipped = own_store.get("/api/v1/exports/gephi-csv", headers=viewer)
    assert zipped.status_code == 200 and zipped.content[:2] == b"PK"
    # A user's error raised in the child comes back as the same problem document.
    missing = own_store.get("/api/v1/exports/json?ego=agency:nowhere:99", headers=viewer)
    assert missing.status_code == 404, missing.text
    assert state.heavy.stats()["running"] == 0


def test_a_store_given_to_the_app_keeps_exports_on_threads(
    sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path) as c:
        assert c.app.state.partnernet.child_store() is None  # type: ignore[attr-defined]
        assert c.get("/api/v1/exports/json", headers=auth(keys.viewer)).status_code == 200
    store.close()


def test_a_child_that_dies_is_a_503_and_the_next_export_works() -> None:
    gate = HeavyGate(workers=1, queue=0, per_key=1)

    async def scenario() -> int:
        with pytest.raises(Unavailable) as died:
            await gate.run_in_child("key:a", os._exit, 3)
        assert died.value.headers == {"Retry-After": "5"}
        assert gate.stats()["running"] == 0  # the slot came back
        return await gate.run_in_child("key:a", abs, -7)

    try:
        assert asyncio.run(scenario()) == 7
    finally:
        gate.shutdown()
