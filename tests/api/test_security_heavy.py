"""Issue 22, finding 4: one caller's heavy requests cannot stall everyone. Exports run on
their own bounded lane; over a caller's share 429, over the server's 503 (Retry-After), and
`/health` stays fast meanwhile."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, auth, client, copy_store
from fastapi.testclient import TestClient

from partnernet.service import exports

SLOW_SECONDS = 3.0


@pytest.fixture
def slow_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each export takes 3 s longer (a national XLSX export takes longer still). With the
    old shared pool (40 threads), 45 of them left /health waiting for a thread."""
    real = exports.export

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW_SECONDS)
        return real(*args, **kwargs)

    monkeypatch.setattr(exports, "export", slow)


def _storm(c: TestClient, headers: list[dict[str, str]]) -> tuple[Counter[int], list[float], str]:
    """Fire one export per header set at once; time /health while they run."""
    codes: Counter[int] = Counter()
    retry: list[str] = []
    lock = threading.Lock()

    def one(h: dict[str, str]) -> None:
        response = c.get("/api/v1/exports/xlsx", headers=h)
        with lock:
            codes[response.status_code] += 1
            if response.status_code in (429, 503):
                retry.append(response.headers.get("retry-after", ""))

    threads = [threading.Thread(target=one, args=(h,)) for h in headers]
    for t in threads:
        t.start()
    health: list[float] = []
    time.sleep(0.2)
    for _ in range(10):
        started = time.monotonic()
        assert c.get("/api/v1/health").status_code == 200
        health.append(time.monotonic() - started)
        time.sleep(0.05)
    for t in threads:
        t.join()
    return codes, health, ",".join(sorted(set(retry)))


@pytest.fixture
def gated(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, heavy_workers=2, heavy_queue=1, heavy_per_key=2) as c:
        yield c
    store.close()


def test_one_caller_gets_its_share_and_health_stays_fast(
    gated: TestClient, keys: Keys, slow_exports: None
) -> None:
    codes, health, retry = _storm(gated, [auth(keys.viewer)] * 45)
    assert codes[200] >= 2 and codes[429] >= 40, codes
    assert set(codes) <= {200, 429}
    assert retry == "5"
    assert max(health) < 1.5, health


def test_the_server_lane_is_bounded_for_everyone(
    sample_db: Path, tmp_path: Path, keys: Keys, slow_exports: None
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, heavy_workers=2, heavy_queue=1, heavy_per_key=100) as c:
        callers = [auth(keys.viewer), auth(keys.editor), auth(keys.admin)] * 15
        codes, health, retry = _storm(c, callers)
        assert codes[503] >= 35 and 3 <= codes[200] <= 10, codes
        assert retry == "5" and max(health) < 1.5, health
        # Once the lane is free again, exports work.
        assert c.get("/api/v1/exports/json", headers=auth(keys.viewer)).status_code == 200
        assert c.app.state.partnernet.heavy.stats()["running"] == 0  # type: ignore[attr-defined]
    store.close()


def test_heavy_requests_cost_rate_limit_tokens(sample_db: Path, tmp_path: Path, keys: Keys) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(
        store, keys, tmp_path, rate_limit_per_minute=60, rate_limit_burst=30, heavy_cost=10
    ) as c:
        h = auth(keys.viewer)
        codes = [c.get("/api/v1/exports/json", headers=h).status_code for _ in range(4)]
        # 30 tokens: each export takes 1 (the request) + 10; the third runs out.
        assert codes[:2] == [200, 200] and codes[2] == 429, codes
        assert c.get("/api/v1/health").status_code == 200
    store.close()
