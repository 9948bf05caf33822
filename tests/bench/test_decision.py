"""bench.decision: the steps run in order, the decision is always undone, and the budgets are
judged on the run after the decision; a small edit is timed once per tie recorded."""

from __future__ import annotations

from typing import Any

import pytest

from bench import decision


def _fakes(monkeypatch: pytest.MonkeyPatch, *, api_fails: bool = False) -> list[str]:
    calls: list[str] = []

    def step(_uri: str, _p: str, _env: Any, mode: str, pair: Any = None) -> dict[str, Any]:
        calls.append(mode)
        found = {"source": "a", "target": "b"}
        return found if mode == "prime" else {**found, "status": mode, "seconds": 0.1}

    totals = iter([0.7, 0.4])

    def cold_run(*_: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(f"cold {kwargs['today']}")
        total = next(totals)
        return {"cold": {"total_seconds": total, "summaries_recomputed": total > 0.5}}

    def load_test(*_: Any, **__: Any) -> list[dict[str, Any]]:
        calls.append("api")
        if api_fails:
            raise RuntimeError("server down")
        return [{"endpoint": "gaps", "p95_ms": 40.0}, {"endpoint": "recs", "p95_ms": 120.0}]

    monkeypatch.setattr(decision, "_in_fresh_process", step)
    monkeypatch.setattr(decision.cold, "run", cold_run)
    monkeypatch.setattr(decision.api_bench, "load_test", load_test)
    return calls


def test_steps_in_order_and_budgets_from_the_run_after(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fakes(monkeypatch)
    out = decision.after_decision("sqlite:///x", "30")
    day = out["day"]
    assert calls == ["prime", f"cold {day}", "accepted", f"cold {day}", "api", "undo"]
    assert out["summaries_recomputed"] is False
    assert out["budgets"] == {
        "cold_seconds": 0.4,
        "cold_within_1s": True,
        "api_p95_ms": 120.0,
        "api_p95_within_100ms": False,
    }


def test_the_decision_is_undone_when_a_measurement_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fakes(monkeypatch, api_fails=True)
    with pytest.raises(RuntimeError, match="server down"):
        decision.after_decision("sqlite:///x", "30")
    assert calls[-1] == "undo"


def test_small_edits_time_one_cold_run_per_tie(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    pairs = [{"source": f"s{i}", "target": f"t{i}"} for i in range(4)]

    def step(_uri: str, _p: str, _env: Any, mode: str, pair: Any = None) -> dict[str, Any]:
        calls.append(mode if pair is None else f"{mode} {pair['source']}")
        return {"pairs": pairs} if mode == "prime" else {**pair, "status": "tied", "seconds": 0.1}

    totals = iter([0.9, 0.5, 1.4])

    def cold_run(*_: Any, **kwargs: Any) -> dict[str, Any]:
        assert kwargs["repeat"] == 1  # a second run would find the summaries refreshed already
        calls.append("cold")
        return {"cold": {"total_seconds": next(totals), "summaries_refreshed": ["30"]}}

    def load_test(*_: Any, **__: Any) -> list[dict[str, Any]]:
        calls.append("api")
        return [{"endpoint": "gaps", "p95_ms": 40.0}, {"endpoint": "recs", "p95_ms": 60.0}]

    monkeypatch.setattr(decision, "_in_fresh_process", step)
    monkeypatch.setattr(decision.cold, "run", cold_run)
    monkeypatch.setattr(decision.api_bench, "load_test", load_test)
    out = decision.after_small_edit("sqlite:///x", "30", repeat=3)
    assert calls == ["prime", "tie s0", "cold", "tie s1", "cold", "tie s2", "cold", "tie s3", "api"]
    assert out["cold_runs_seconds"] == [0.9, 0.5, 1.4]
    assert out["summaries_refreshed"] == [["30"], ["30"], ["30"]]
    assert out["budgets"] == {
        "cold_seconds": 0.9,
        "cold_within_1s": True,
        "api_p95_ms": 60.0,
        "api_p95_within_100ms": True,
    }
