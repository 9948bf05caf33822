"""Issue 22, findings 4 and 5 under a flood: a caller already over its rate limit (or an
address over its failed-key limit) is answered 429 before its request is routed
(`limits.FloodGuard`), with the answer the authentication dependency would give; /health,
the pages and other callers are not touched."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, auth, client, copy_store
from fastapi.testclient import TestClient

from partnernet.api.limits import FloodGuard


@pytest.fixture
def strict(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    store = copy_store(sample_db, tmp_path / "store")
    with client(
        store, keys, tmp_path, rate_limit_per_minute=6, rate_limit_burst=3, public_reads=True
    ) as c:
        yield c
    store.close()


def test_a_caller_over_its_limit_is_refused_before_routing(
    strict: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer = auth(keys.viewer)
    assert [strict.get("/api/v1/stats", headers=viewer).status_code for _ in range(3)] == [200] * 3
    state = strict.app.state.partnernet  # type: ignore[attr-defined]
    routed: list[str] = []
    real = state.limiter.check

    def counting(identity: str, cost: float = 1.0) -> float | None:
        routed.append(identity)  # only the authentication dependency charges
        return real(identity, cost)

    monkeypatch.setattr(state.limiter, "check", counting)
    refused = strict.get("/api/v1/stats", headers=viewer)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["detail"].startswith("rate limit reached")
    assert refused.headers["x-content-type-options"] == "nosniff"  # still inside the headers
    assert routed == []  # never reached the route's dependencies
    # Others are untouched: another key, /health, anonymous readers of this public server.
    assert strict.get("/api/v1/stats", headers=auth(keys.editor)).status_code == 200
    assert strict.get("/api/v1/health").status_code == 200
    assert strict.get("/api/v1/stats").status_code == 200
    assert routed  # those were routed and charged as usual


def test_an_address_over_its_failed_key_limit_is_refused_before_routing(
    sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, auth_failures_per_minute=4) as c:
        codes = [c.get("/api/v1/stats", headers=auth(f"pn_0000_{'x' * 40}{n}")).status_code
                 for n in range(6)]  # fmt: skip
        assert codes[0] == 401 and codes[-1] == 429, codes
        state = c.app.state.partnernet  # type: ignore[attr-defined]
        assert state.auth_failures.peek("fail:testclient") is not None
        # A key not verified yet is not hashed from that address either (finding 5), and
        # /health still answers.
        assert c.get("/api/v1/stats", headers=auth(keys.viewer)).status_code == 429
        assert c.get("/api/v1/health").status_code == 200
    store.close()


def test_the_guard_only_peeks_and_skips_what_it_is_told() -> None:
    reached: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])

    guard = FloodGuard(
        inner, over_limit=lambda scope: 2.5, prefix="/api/v1/", skip=("/api/v1/health",)
    )
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    def call(path: str) -> None:
        scope = {"type": "http", "path": path, "method": "GET", "headers": []}
        asyncio.run(guard(scope, receive, send))

    call("/api/v1/health")
    call("/provinces/40")
    call("/api/v1/stats")
    assert reached == ["/api/v1/health", "/provinces/40"]
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 429
    assert (b"retry-after", b"3") in start["headers"]
