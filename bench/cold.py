"""Cold and warm timing of one province's gaps + recommendations, in a fresh process.

`python -m bench.cold --store URI --province CODE` prints JSON: the time to import the
libraries (reported, not counted), then cold (first call in the process: open the store, get
the region's peer summaries, read the province, build the partnership index, find the gaps,
rank suggestions — the steps of `analyses.province_analysis`) and the median of warm repeats
(same process, the whole path again). With `--drop-summaries` the region's stored summaries
are invalidated first, as any write does: the cold call then reads the whole region to
recompute them (the first analysis in a region after a write).
Neo4j credentials come from the environment (`PARTNERNET_NEO4J_USER/PASSWORD`).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any


def _once(store: Any, code: str, today: Any, days: int) -> dict[str, Any]:
    """`analyses.province_analysis` (what `gaps`, `recommend`, the API and the maps run),
    timed by its two steps, called here as it calls them: `read_province` (the region's
    peer summaries, stored or recomputed from a read of the region, and the province's
    subgraph) and `analyse_reading` (the partnership index, gaps, suggestions)."""
    from partnernet.analysis.template import load_template
    from partnernet.service import analyses

    t0 = time.perf_counter()
    template = load_template()
    reading = analyses.read_province(store, code, template, today)
    t1 = time.perf_counter()
    gaps, recs = analyses.analyse_reading(reading, template, today, 10, days)
    t2 = time.perf_counter()
    # The analyses pause the cyclic collector (foundation.gc_pause). The first allocation after
    # each paused step runs the young-generation scan it deferred (inside the timings above);
    # collecting the young and middle generations here adds what would follow later, so the
    # total errs high rather than leaving part of the path's cost out.
    gc.collect(1)
    t3 = time.perf_counter()
    return {
        "read_seconds": round(t1 - t0, 4),
        "summaries_recomputed": reading.region_nodes is not None,
        "summaries_refreshed": list(reading.summaries_refreshed),
        "analyse_seconds": round(t2 - t1, 4),
        "deferred_collection_seconds": round(t3 - t2, 4),
        "total_seconds": round(t3 - t0, 4),
        "peer_provinces": len(reading.peers),
        "region_nodes": reading.region_nodes,
        "subgraph_nodes": reading.graph.number_of_nodes(),
        "subgraph_edges": reading.graph.number_of_edges(),
        "gaps": len(gaps.gaps),
        "recommendations": len(recs.recommendations),
    }


def _cached(store: Any, code: str, today: Any, days: int, runs: int) -> float:
    """Median time of `analyse_reading` alone on a reading made once (what a service that
    keeps the province's subgraph and peer summaries would pay per request)."""
    from partnernet.analysis.template import load_template
    from partnernet.service import analyses

    template = load_template()
    reading = analyses.read_province(store, code, template, today)
    times = []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        analyses.analyse_reading(reading, template, today, 10, days)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4)


def _drop_summaries(store: Any, code: str) -> None:
    """Invalidate the region's stored summaries (what a write does: stale, recomputed)."""
    from partnernet.analysis.template import load_template
    from partnernet.foundation import geography
    from partnernet.service.peers import meta_key

    region = geography.region_of(code, load_template().region_system)
    store.set_meta(meta_key(region), "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold")
    parser.add_argument("--store", required=True)
    parser.add_argument("--province", required=True)
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--drop-summaries", action="store_true")
    parser.add_argument("--today", help="the day analysed (ISO; default the synthetic data's)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    import partnernet.analysis.gaps
    import partnernet.analysis.recommend
    import partnernet.service.analyses
    from partnernet.graph.connect import is_neo4j_uri, open_store, resolve_store_uri
    from partnernet.synth.generate import REFERENCE_DATE, UNANSWERED_AFTER_DAYS

    if is_neo4j_uri(resolve_store_uri(args.store)):
        # open_store imports the driver lazily; that is import time (0.3 s), not opening.
        import partnernet.graph.neo4j_store  # noqa: F401
    imports = time.perf_counter() - started
    t0 = time.perf_counter()
    store = open_store(args.store)
    opened = time.perf_counter() - t0
    if args.drop_summaries:
        _drop_summaries(store, args.province)
    today = date.fromisoformat(args.today) if args.today else REFERENCE_DATE
    cold = _once(store, args.province, today, UNANSWERED_AFTER_DAYS)
    cold["open_store_seconds"] = round(opened, 4)
    cold["total_seconds"] = round(cold["total_seconds"] + opened, 4)
    warm = [_once(store, args.province, today, UNANSWERED_AFTER_DAYS) for _ in range(args.warm)]
    cached = _cached(store, args.province, today, UNANSWERED_AFTER_DAYS, args.warm)
    store.close()
    out = {
        "province": args.province,
        "dropped_summaries": args.drop_summaries,
        "imports_seconds": round(imports, 3),
        "cold": cold,
        "warm_median_seconds": round(statistics.median(w["total_seconds"] for w in warm), 4),
        "warm_runs": len(warm),
        "cached_index_median_seconds": cached,
        "warm_median_parts": {
            key: round(statistics.median(w[key] for w in warm), 4)
            for key in ("read_seconds", "analyse_seconds")
        },
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


def run(
    store_uri: str,
    province: str,
    env: dict[str, str] | None = None,
    warm: int = 5,
    *,
    drop_summaries: bool = False,
    repeat: int = 1,
    today: str | None = None,
) -> dict[str, Any]:
    """Run this module in `repeat` fresh interpreters, one after the other, and return the
    JSON of the run with the median cold total, with every run's cold total beside it
    (`cold_runs_seconds`). A single fresh process on this machine varies by a fifth."""
    runs = [_run_once(store_uri, province, env, warm, drop_summaries, today) for _ in range(repeat)]
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    runs.sort(key=lambda r: float(r["cold"]["total_seconds"]))
    chosen = runs[(len(runs) - 1) // 2]
    chosen["cold_runs_seconds"] = [r["cold"]["total_seconds"] for r in runs]
    return chosen


def _run_once(
    store_uri: str,
    province: str,
    env: dict[str, str] | None,
    warm: int,
    drop_summaries: bool,
    today: str | None = None,
) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.cold",
            "--store",
            store_uri,
            "--province",
            province,
            "--warm",
            str(warm),
            *(["--drop-summaries"] if drop_summaries else []),
            *(["--today", today] if today else []),
        ],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    raise SystemExit(main())
