"""bench.cold.run over several fresh processes: the run with the median cold total is kept."""

from __future__ import annotations

from typing import Any

import pytest

from bench import cold


def test_run_keeps_the_median_run_and_lists_every_total(monkeypatch: pytest.MonkeyPatch) -> None:
    totals = iter([1.4, 0.8, 1.1, 0.9, 2.0])

    def fake(*_: Any) -> dict[str, Any]:
        total = next(totals)
        return {"cold": {"total_seconds": total, "marker": total}}

    monkeypatch.setattr(cold, "_run_once", fake)
    result = cold.run("sqlite:///x", "30", repeat=5)
    assert result["cold"]["marker"] == 1.1
    assert result["cold_runs_seconds"] == [0.8, 0.9, 1.1, 1.4, 2.0]


def test_even_count_keeps_the_lower_middle_run(monkeypatch: pytest.MonkeyPatch) -> None:
    totals = iter([1.0, 3.0, 2.0, 4.0])
    monkeypatch.setattr(cold, "_run_once", lambda *_: {"cold": {"total_seconds": next(totals)}})
    assert cold.run("sqlite:///x", "30", repeat=4)["cold"]["total_seconds"] == 2.0


def test_a_failed_run_is_reported_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    results = iter([{"cold": {"total_seconds": 1.0}}, {"error": "boom"}])
    monkeypatch.setattr(cold, "_run_once", lambda *_: next(results))
    assert cold.run("sqlite:///x", "30", repeat=2) == {"error": "boom"}
