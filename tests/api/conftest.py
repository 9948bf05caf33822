"""Fixtures for the API tests: the sample data in SQLite, keys of each role, and clients.

`sample_db` is built once per session from the shipped sample CSVs; each test that writes gets
its own copy of the file, so tests never see each other's writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import Keys, client, copy_store, make_keys
from fastapi.testclient import TestClient

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service.demo import sample_dir


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: opens pages in headless Chromium (Debian's chromium + Playwright)"
    )


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("api-sample")
    store = SqliteStore(folder / "sample.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=folder / "rejects.csv")
    store.close()
    return folder / "sample.sqlite"


@pytest.fixture(scope="session")
def keys() -> Keys:
    return make_keys()


@pytest.fixture
def api(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    """A client of an app with keys configured, on a fresh copy of the sample."""
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path) as test_client:
        yield test_client
    store.close()


@pytest.fixture(scope="module")
def shared(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[TestClient]:
    """One app per module for read-only tests, so analyses are computed once."""
    folder = tmp_path_factory.mktemp("api-shared")
    store = copy_store(sample_db, folder / "store")
    with client(store, keys, folder) as test_client:
        yield test_client
    store.close()
