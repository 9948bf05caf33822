"""The planner's loop at scale: what a decision costs the next analysis (issue 17).

A decision is no tie: recording it keeps the region's stored peer summaries (the service
carries them forward), so the next gaps + suggestions of the province read only the province,
not the whole region. This measures that, on today's date (what `partnernet decide` and the
analyses after it both use; `bench.cold` otherwise analyses the synthetic data's day):

1. in a fresh process, the province's top suggestion today is found (which also stores the
   region's summaries for today, as the planner's own `recommend` would have), then accepted
   (`service.decisions.decide`, as `partnernet decide` does; its time is reported);
2. `bench.cold` in fresh processes: the next gaps + suggestions, cold (budget < 1 s), and
   whether the summaries had to be recomputed (they must not be); the same measured before
   the decision is reported beside it;
3. the API on a fresh server: the first request and p95 of the province's gaps and
   suggestions after the decision (budget p95 < 100 ms);
4. the decision is undone (fresh process), so the store is left as it was found.

With `--small-edit` (what `make bench` runs on its throwaway stores), then the other joint of
the loop: the real partnership is recorded. `repeat` times, in a fresh process, one tie
(PARTNERS_WITH, since today) between a pair the province's suggestions offered is written
through `service.records` (as the API's POST does; its time is reported), then the next
gaps + suggestions run cold in a fresh process (budget < 1 s): only the provinces the tie
touched have their peer summaries recomputed (`summaries_refreshed`), not the region. Last,
after one more such tie, the API on a fresh server (first request, p95; budget < 100 ms).
These ties stay in the store (no write path deletes a tie): run it on a copy.

    python -m bench.decision --store nat.sqlite [--province CODE] [--small-edit] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bench import api_bench, cold
from partnernet.graph.model import Relationship, RelType

COLD_BUDGET_SECONDS = 1.0
API_P95_BUDGET_MS = 100.0
EDIT_PAIRS = 8  # suggested pairs the prime step hands out (small edits take them in turn)


def _step(store_uri: str, province: str, mode: str, pair: dict[str, str] | None) -> dict[str, Any]:
    """In this process: `prime` finds the province's top suggestion today (storing the
    region's summaries for today on the way); `accepted` / `undo` decide on `pair`, timed."""
    from partnernet.graph.connect import open_store
    from partnernet.service import analyses, decisions, records

    store = open_store(store_uri, create=False)
    try:
        if mode == "prime":
            found_top = analyses.recommendations(store, province, top=EDIT_PAIRS).recommendations
            pairs = [{"source": r.source, "target": r.target} for r in found_top]
            return {**pairs[0], "pairs": pairs}
        assert pair is not None
        started = time.perf_counter()
        if mode == "tie":
            records.write_relationship(store, _tie(pair))
            seconds = time.perf_counter() - started
            return {**pair, "status": "tied", "seconds": round(seconds, 4)}
        found = decisions.decide(store, pair["source"], pair["target"], mode, decided_by="bench")
        seconds = time.perf_counter() - started
    finally:
        store.close()
    return {**pair, "status": found.status.value, "seconds": round(seconds, 4)}


def _tie(pair: dict[str, str]) -> Relationship:
    """The real partnership recorded for a suggested pair (a small edit of the graph)."""
    return Relationship(
        type=RelType.PARTNERS_WITH,
        source=pair["source"],
        target=pair["target"],
        since=date.today(),
    )


def _in_fresh_process(
    store_uri: str,
    province: str,
    env: dict[str, str] | None,
    mode: str,
    pair: dict[str, str] | None = None,
) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    args = [sys.executable, "-m", "bench.decision", "--store", store_uri, "--province", province]
    args += ["--step", mode, *(["--pair", json.dumps(pair)] if pair else [])]
    proc = subprocess.run(
        args, capture_output=True, text=True, cwd=root, env=env, timeout=900, check=False
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"
        raise RuntimeError(f"bench.decision step {mode} failed: {tail}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def after_decision(
    store_uri: str,
    province: str,
    env: dict[str, str] | None = None,
    *,
    repeat: int = 3,
    requests: int = 500,
    concurrency: int = 8,
) -> dict[str, Any]:
    """Decide, time the next analysis (cold, in fresh processes) and the API, then undo."""
    today = date.today().isoformat()
    pair = _in_fresh_process(store_uri, province, env, "prime")
    before = cold.run(store_uri, province, env, repeat=repeat, today=today)
    decided = _in_fresh_process(store_uri, province, env, "accepted", pair)
    try:
        after = cold.run(store_uri, province, env, repeat=repeat, today=today)
        api = api_bench.load_test(
            store_uri,
            api_bench.province_endpoints(province),
            requests=requests,
            concurrency=concurrency,
            max_seconds=60.0,
            timeout=600.0,
            env=env,
        )
    finally:
        undone = _in_fresh_process(store_uri, province, env, "undo", pair)
    cold_total = float((after.get("cold") or {}).get("total_seconds", float("inf")))
    p95 = max((float(r["p95_ms"]) for r in api), default=float("inf"))
    return {
        "province": province,
        "day": today,
        "decision": decided,
        "undo": undone,
        "cold_before_decision": before,
        "cold_after_decision": after,
        "summaries_recomputed": bool((after.get("cold") or {}).get("summaries_recomputed")),
        "api_after_decision": api,
        "budgets": {
            "cold_seconds": cold_total,
            "cold_within_1s": cold_total < COLD_BUDGET_SECONDS,
            "api_p95_ms": p95,
            "api_p95_within_100ms": p95 < API_P95_BUDGET_MS,
        },
    }


def after_small_edit(
    store_uri: str,
    province: str,
    env: dict[str, str] | None = None,
    *,
    repeat: int = 3,
    requests: int = 500,
    concurrency: int = 8,
) -> dict[str, Any]:
    """Record a suggested tie, time the next analysis cold; `repeat` times (a fresh tie each
    time: the second cold run after one write would find the summaries already refreshed),
    then once more with the API on a fresh server (see the module docstring)."""
    today = date.today().isoformat()
    pairs: list[dict[str, str]] = _in_fresh_process(store_uri, province, env, "prime")["pairs"]
    if len(pairs) < repeat + 1:
        raise RuntimeError(f"province {province}: {len(pairs)} suggested pairs to tie, need more")
    edits, colds = [], []
    for pair in pairs[:repeat]:
        edits.append(_in_fresh_process(store_uri, province, env, "tie", pair))
        colds.append(cold.run(store_uri, province, env, repeat=1, today=today))
    failed = [c for c in colds if "error" in c]
    if failed:
        raise RuntimeError(f"bench.cold after a small edit failed: {failed[0]['error']}")
    totals = sorted(float(c["cold"]["total_seconds"]) for c in colds)
    median = totals[(len(totals) - 1) // 2]
    edits.append(_in_fresh_process(store_uri, province, env, "tie", pairs[repeat]))
    api = api_bench.load_test(
        store_uri,
        api_bench.province_endpoints(province),
        requests=requests,
        concurrency=concurrency,
        max_seconds=60.0,
        timeout=600.0,
        env=env,
    )
    p95 = max((float(r["p95_ms"]) for r in api), default=float("inf"))
    return {
        "province": province,
        "day": today,
        "edits": edits,
        "cold_after_edit": colds,
        "cold_runs_seconds": [float(c["cold"]["total_seconds"]) for c in colds],
        "summaries_recomputed": [bool(c["cold"].get("summaries_recomputed")) for c in colds],
        "summaries_refreshed": [c["cold"].get("summaries_refreshed") for c in colds],
        "api_after_edit": api,
        "budgets": {
            "cold_seconds": median,
            "cold_within_1s": median < COLD_BUDGET_SECONDS,
            "api_p95_ms": p95,
            "api_p95_within_100ms": p95 < API_P95_BUDGET_MS,
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.decision")
    parser.add_argument("--store", required=True)
    parser.add_argument("--province", help="default: the province with the most councils")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes for the cold run")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument(
        "--small-edit", action="store_true", help="also record suggested ties (kept: use a copy)"
    )
    parser.add_argument("--skip-decision", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--step", choices=("prime", "accepted", "undo", "tie"), help=argparse.SUPPRESS
    )
    parser.add_argument("--pair", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    province = args.province or api_bench._largest_province(args.store)
    if args.step:
        out = _step(args.store, province, args.step, json.loads(args.pair) if args.pair else None)
    else:
        out = (
            {}
            if args.skip_decision
            else after_decision(args.store, province, repeat=args.repeat, requests=args.requests)
        )
        if args.small_edit:
            out["after_small_edit"] = after_small_edit(
                args.store, province, repeat=args.repeat, requests=args.requests
            )
        if args.json:
            args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
