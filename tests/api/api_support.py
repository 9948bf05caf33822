"""Helpers for the API tests: the sample store, keys, and app clients."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr

from partnernet.api.app import create_app
from partnernet.api.auth import generate_key
from partnernet.api.settings import Settings
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import GraphStore

TEST_COST = 2**10  # scrypt N for test keys: fast, same code path
ORG = "council:provincial:40"
PARTNER = "agency:pao:40"
GOVERNOR = "agency:governor_office:40"
SUBDISTRICT_COUNCIL = "council:subdistrict:400103"
PROPOSAL = "proposal:2022-09-10-forum:1"


class FakeNeo4j(SqliteStore):
    """SQLite standing in for Neo4j's read-only query method: records each call and answers
    `row_limit` + 1 rows (so the endpoint has something to cut off)."""

    calls: list[dict[str, Any]]

    def run_read_only(
        self,
        query: str,
        params: dict[str, Any],
        *,
        timeout: float,
        row_limit: int,
        check_plan: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> tuple[list[str], list[list[Any]], bool]:
        if not hasattr(self, "calls"):
            self.calls = []
        self.calls.append(
            {
                "query": query,
                "params": params,
                "timeout": timeout,
                "row_limit": row_limit,
                "plan_checked": check_plan is not None,
            }
        )
        rows = [[i, f"row {i}", params] for i in range(row_limit + 1)]
        return ["n", "label", "params"], rows[:row_limit], len(rows) > row_limit


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class Keys:
    viewer: str
    editor: str
    admin: str
    entries: str

    def of(self, who: str) -> str | None:
        return None if who == "none" else str(getattr(self, who))


def make_keys() -> Keys:
    plain: dict[str, str] = {}
    entries = []
    for role in ("viewer", "editor", "admin"):
        key, entry = generate_key(role, f"test-{role}", cost=TEST_COST)
        plain[role] = key
        entries.append(entry)
    return Keys(entries=",".join(entries), **plain)


def copy_store(sample_db: Path, folder: Path) -> SqliteStore:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "graph.sqlite"
    shutil.copy(sample_db, target)
    return SqliteStore(target)


def settings(keys: Keys | None, folder: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "api_keys": SecretStr(keys.entries) if keys else None,
        "api_keys_file": None,
        "public_reads": False,
        "key_hash_cost": TEST_COST,
        "rate_limit_per_minute": 0,
        "upload_dir": folder / "uploads",
    }
    values.update(overrides)
    return Settings(**values)


def client(store: GraphStore, keys: Keys | None, folder: Path, **overrides: Any) -> TestClient:
    app = create_app(settings(keys, folder, **overrides), store=store)
    return TestClient(app)


def auth(key: str | None) -> dict[str, str]:
    return {"X-API-Key": key} if key else {}
