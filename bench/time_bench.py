"""The network over time on one province, in a fresh process (issue #21's budgets).

`python -m bench.time_bench --store URI --province CODE --day YYYY-MM-DD` prints JSON: the
province's gaps today and as of `day` (the first time: the region's summaries of that day are
computed; again: kept, see service/past_peers.py), `diff` over the year up to `day` and
`trend` by year over the ten years up to it, each the first time and again. "Again" is the
median of `--repeat` runs; gaps today and as of the day run in turn, and their ratio is the
median of the pairs' ratios (one Python collection of the whole heap lands in one run or
another and moves a single run by 0.2-0.3 s). Budgets (DESIGN / issue #21): diff and trend
< 2 s, gaps as of a day within 20% of gaps today.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return round(time.perf_counter() - started, 3)


def measure(store: Any, code: str, day: date, repeat: int = 5) -> dict[str, Any]:
    from partnernet.service import analyses, history

    year_before = day.replace(year=day.year - 1, day=min(day.day, 28))
    ten_years = date(day.year - 9, 1, 1)
    out: dict[str, Any] = {"province": code, "day": day.isoformat(), "repeat": repeat}
    analyses.province_gaps(store, code)  # today's summaries stored, if a write dropped them
    out["gaps_as_of_first_seconds"] = _timed(lambda: analyses.province_gaps(store, code, as_of=day))
    today: list[float] = []
    as_of: list[float] = []
    for _ in range(repeat):
        today.append(_timed(lambda: analyses.province_gaps(store, code)))
        as_of.append(_timed(lambda: analyses.province_gaps(store, code, as_of=day)))
    out["gaps_today_seconds"] = statistics.median(today)
    out["gaps_as_of_again_seconds"] = statistics.median(as_of)
    out["gaps_as_of_ratio"] = round(
        statistics.median(a / t for a, t in zip(as_of, today, strict=True)), 3
    )
    for name, fn in (
        ("diff", lambda: history.diff(store, year_before, day, province=code)),
        ("trend", lambda: history.trend(store, start=ten_years, end=day, province=code)),
    ):
        out[f"{name}_first_seconds"] = _timed(fn)
        runs = [_timed(fn) for _ in range(repeat)]
        out[f"{name}_again_seconds"] = statistics.median(runs)
        out[f"{name}_again_runs"] = runs
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.time_bench")
    parser.add_argument("--store", required=True)
    parser.add_argument("--province", required=True)
    parser.add_argument("--day", required=True, type=date.fromisoformat)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each warm measure")
    args = parser.parse_args(argv)
    from partnernet.graph.connect import open_store

    store = open_store(args.store)
    try:
        result = measure(store, args.province, args.day, args.repeat)
    finally:
        store.close()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


def run(store_uri: str, province: str, day: date, env: dict[str, str] | None = None) -> Any:
    """This module in a fresh interpreter; its JSON, or {"error": ...}."""
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "bench.time_bench", "--store", store_uri),
            *("--province", province, "--day", day.isoformat()),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    raise SystemExit(main())
