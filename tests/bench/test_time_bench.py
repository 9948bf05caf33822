"""bench.time_bench: the time commands timed in a fresh process, and their budgets."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))  # the shared dated network

from dated_graphs import dated_nodes, dated_relationships

from bench import time_bench
from bench.budgets import _timeline_budgets
from partnernet.graph.sqlite_store import SqliteStore


def test_a_fresh_process_times_each_command(tmp_path: Path) -> None:
    path = tmp_path / "dated.sqlite"
    store = SqliteStore(path)
    store.upsert_nodes(dated_nodes())
    store.upsert_relationships(dated_relationships())
    store.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    found = time_bench.run(str(path), "40", date(2024, 6, 30), env)
    assert "error" not in found, found
    keys = [k for k in found if k.endswith("_seconds")]
    assert len(keys) == 7 and all(found[k] > 0 for k in keys)
    assert found["repeat"] == 5 and len(found["trend_again_runs"]) == 5
    assert found["gaps_as_of_ratio"] > 0
    assert found["province"] == "40" and found["day"] == "2024-06-30"


def test_budgets_say_met_and_missed() -> None:
    rows: list[dict[str, Any]] = []

    def add(name: str, target: str, measured: Any, ok: bool | None, note: str = "") -> None:
        rows.append({"budget": name, "ok": ok, "note": note})

    found = {
        "province": "30", "day": "2025-06-30", "gaps_today_seconds": 1.0,
        "gaps_as_of_first_seconds": 30.0, "gaps_as_of_again_seconds": 1.1,
        "diff_first_seconds": 19.0, "diff_again_seconds": 1.5,
        "trend_first_seconds": 97.0, "trend_again_seconds": 15.0,
    }  # fmt: skip
    _timeline_budgets(add, "national", "sqlite", found)
    assert [r["ok"] for r in rows] == [True, False, True]
    assert "first run 97.00 s" in rows[1]["note"]
    rows.clear()  # the run-by-run ratio decides where it was measured
    _timeline_budgets(add, "national", "sqlite", {**found, "gaps_as_of_ratio": 1.25})
    assert [r["ok"] for r in rows] == [True, False, False]
    rows.clear()
    _timeline_budgets(add, "national", "sqlite", {"error": "boom"})
    assert [r["ok"] for r in rows] == [None, None, None] and rows[0]["note"] == "boom"
