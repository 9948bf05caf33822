"""Issue 22, finding 4, per key: analyses and renders that are not cached yet are heavy work
too. They are bounded per caller (429 + Retry-After) as well as per process, and their cost
comes out of the caller's rate-limit bucket; another caller's cheap reads and /health stay
fast meanwhile, and cache hits or joining a running computation cost nothing extra."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, auth, client, copy_store
from fastapi.testclient import TestClient

from partnernet.api.heavy import COST_WEIGHTS, weight
from partnernet.service import analyses

SLOW_SECONDS = 3.0


@pytest.fixture
def slow_hubs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each hubs analysis takes 3 s longer (a national one on a large graph takes longer);
    the list counts the analyses run."""
    real = analyses.hubs
    runs: list[int] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        time.sleep(SLOW_SECONDS)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyses, "hubs", slow)
    return runs


def _key_id(plain: str) -> str:
    return "key:" + plain.split("_")[1]


def _parallel(c: TestClient, calls: list[tuple[str, dict[str, str]]]) -> list[Any]:
    """Send every (path, headers) at once; the responses, in order."""
    out: list[Any] = [None] * len(calls)

    def one(i: int) -> None:
        path, headers = calls[i]
        out[i] = c.get(path, headers=headers)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    result = fn()
    return result, time.monotonic() - started


@pytest.fixture
def lanes(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, analysis_workers=4, analysis_per_key=2) as c:
        yield c
    store.close()


def test_one_key_gets_its_share_of_analyses_while_others_stay_fast(
    lanes: TestClient, keys: Keys, slow_hubs: list[int]
) -> None:
    viewer = auth(keys.viewer)
    # Ten different whole-graph analyses (seeds) at once by one key: nothing is cached.
    calls = [(f"/api/v1/analysis/hubs?seed={n}", viewer) for n in range(10)]
    results: list[Any] = []
    storm = threading.Thread(target=lambda: results.extend(_parallel(lanes, calls)))
    storm.start()
    time.sleep(0.5)
    # Meanwhile another key's cheap read, its own analysis and /health are not held up.
    other = auth(keys.editor)
    stats, stats_s = _timed(lambda: lanes.get("/api/v1/stats", headers=other))
    health, health_s = _timed(lambda: lanes.get("/api/v1/health"))
    own = lanes.get("/api/v1/analysis/hubs?seed=99", headers=other)
    storm.join()
    # Not held for an analysis (3 s each); the margin is for a loaded shared machine.
    assert stats.status_code == 200 and stats_s < 2.0, stats_s
    assert health.status_code == 200 and health_s < 2.0, health_s
    assert own.status_code == 200  # its own slot: not refused because of the viewer
    codes = Counter(r.status_code for r in results)
    assert codes == {200: 2, 429: 8}, codes
    refused = [r for r in results if r.status_code == 429]
    assert {r.headers["retry-after"] for r in refused} == {"5"}
    assert all("analyses" in r.json()["detail"] for r in refused)
    state = lanes.app.state.partnernet  # type: ignore[attr-defined]
    assert state.analyses.stats()["running"] == 0  # every slot given back


def test_joining_a_running_analysis_or_a_cache_hit_takes_no_slot(
    lanes: TestClient, keys: Keys, slow_hubs: list[int]
) -> None:
    viewer = auth(keys.viewer)
    # Four requests for the same analysis share one computation: one slot, all answered.
    same = _parallel(lanes, [("/api/v1/analysis/hubs?seed=7", viewer)] * 4)
    assert [r.status_code for r in same] == [200] * 4
    assert len(slow_hubs) == 1
    # Two slow ones hold the viewer's share; a cached one is still served at once.
    calls = [(f"/api/v1/analysis/hubs?seed={n}", viewer) for n in (1, 2)]
    busy = threading.Thread(target=lambda: _parallel(lanes, calls))
    busy.start()
    time.sleep(0.5)
    hit, seconds = _timed(lambda: lanes.get("/api/v1/analysis/hubs?seed=7", headers=viewer))
    refused = lanes.get("/api/v1/analysis/hubs?seed=3", headers=viewer)
    busy.join()
    assert hit.status_code == 200 and hit.headers["x-partnernet-cache"] == "hit"
    assert seconds < 2.0
    assert refused.status_code == 429


def test_anonymous_readers_of_a_public_server_share_one_bucket_per_address(
    sample_db: Path, tmp_path: Path, keys: Keys, slow_hubs: list[int]
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(
        store, keys, tmp_path, public_reads=True, analysis_workers=4, analysis_per_key=2
    ) as c:
        calls = [(f"/api/v1/analysis/hubs?seed={n}", {}) for n in range(6)]
        codes = Counter(r.status_code for r in _parallel(c, calls))
        assert codes == {200: 2, 429: 4}, codes
    store.close()


def test_uncached_analyses_cost_rate_limit_tokens_by_weight(
    sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    # One token a minute refills: what a request spent is what the bucket lost, however
    # long the analysis took on a loaded machine.
    with client(
        store, keys, tmp_path, rate_limit_per_minute=1, rate_limit_burst=40, heavy_cost=10
    ) as c:
        viewer = auth(keys.viewer)
        limiter = c.app.state.partnernet.limiter  # type: ignore[attr-defined]
        me = _key_id(keys.viewer)

        def spent(path: str) -> float:
            before = limiter.remaining(me)
            assert c.get(path, headers=viewer).status_code == 200
            return before - limiter.remaining(me)

        assert c.get("/api/v1/stats", headers=viewer).status_code == 200
        national = spent("/api/v1/analysis/hubs")  # 1 + 10 x 1.0
        cached = spent("/api/v1/analysis/hubs")  # a hit: the request's own token
        province = spent("/api/v1/provinces/40/gaps")  # 1 + 10 x 0.3
        assert 10.9 < national <= 11.01, national
        assert 0.9 < cached <= 1.01, cached
        assert 3.9 < province <= 4.01, province
        # Whole-graph work: the bucket runs out, 429 with Retry-After, and cheap reads of
        # another key are untouched.
        codes = [c.get(f"/api/v1/analysis/structure?seed={n}", headers=viewer) for n in range(3)]
        assert codes[-1].status_code == 429, [r.status_code for r in codes]
        assert int(codes[-1].headers["retry-after"]) >= 1
        assert c.get("/api/v1/stats", headers=auth(keys.editor)).status_code == 200
        assert c.app.state.partnernet.analyses.stats()["running"] == 0  # type: ignore[attr-defined]
    store.close()


def test_the_weights_are_documented() -> None:
    """Every weight is in docs/security.md's table, and an unknown kind is never free."""
    text = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    for kind, value in COST_WEIGHTS.items():
        assert f"| `{kind}` | {value:g} |" in text, kind
    assert weight("something new") == 1.0
