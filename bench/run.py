"""partnernet's benchmark suite: one command, BENCHMARKS.md + bench/results.json.

    python -m bench.run                      # S, M, L, national; writes BENCHMARKS.md
    python -m bench.run --quick              # S only, 1 repeat; writes to a temp folder
    python -m bench.run --scales S,M --out /tmp/B.md --json /tmp/r.json

Neo4j is benchmarked when ``$PARTNERNET_NEO4J_INSTANCE`` names a running harness instance
(``scripts/neo4j start`` then ``eval "$(scripts/neo4j env)"``); ``--neo4j off`` skips it,
``--neo4j on`` fails without it. Every figure is measured in this run: ratios side by side,
medians of ``--repeat`` runs where affordable.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import analyses as an
from bench import (
    api_bench,
    attack_bench,
    brief_bench,
    cold,
    decision,
    page_bench,
    recovery,
    render_bench,
    time_bench,
    upload_bench,
)
from bench.budgets import budgets
from bench.ingest import batched_loads, per_row_vs_batched
from bench.measure import load_average, machine, measured
from bench.report import render
from bench.stores import Backend, Neo4jBackend, SqliteBackend, neo4j_instance
from partnernet.synth import generate as syn

ROOT = Path(__file__).resolve().parent.parent
CSV_PIPELINE_SCALES = ("S", "M")
# Issue 22's bar (a cheap read's p95 while 50 exporters and 400 wrong keys run) is measured
# on these scales' stores: an export of S takes the time of a real province's export.
ATTACK_SCALES = ("S",)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _largest_province(network: syn.SyntheticNetwork) -> str:
    councils = Counter(
        o.province for o in network.organizations if o.kind.value == "Council" and o.province
    )
    return sorted(councils.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def generation(
    scale: syn.Scale, seed: int, repeat: int, workdir: Path
) -> tuple[dict[str, Any], syn.SyntheticNetwork]:
    runs = []
    network: syn.SyntheticNetwork | None = None
    for _ in range(max(1, repeat)):
        network = None
        gc.collect()
        with measured() as sample:
            network = syn.generate(scale, seed)
        runs.append(sample)
    assert network is not None
    out = workdir / f"synth-{scale}"
    with measured() as written:
        files = syn.write_templates(network, out)
    counts = network.counts()
    seconds = sorted(s.seconds for s in runs)
    result = {
        "description": network.spec.description,
        "provinces": len(network.provinces),
        "nodes": counts["nodes"],
        "relationships": counts["relationships"],
        "rows": counts["rows"],
        "nodes_by_kind": counts["nodes_by_kind"],
        "relationships_by_type": counts["relationships_by_type"],
        "councils_by_level": counts["councils_by_level"],
        "generate_median_seconds": round(seconds[len(seconds) // 2], 2),
        "generate_runs_seconds": [round(s, 2) for s in seconds],
        "generate_peak_rss_mib": runs[-1].peak_rss_mib,
        "write_seconds": round(written.seconds, 2),
        "files_mib": {
            name: round(path.stat().st_size / 1024 / 1024, 1) for name, path in files.items()
        },
        "planted_gaps": dict(sorted(Counter(g.kind for g in network.gaps if g.planted).items())),
        "ties": network.tie_stats(),
        "files_dir": str(out),
    }
    return result, network


def csv_pipeline(files_dir: Path, workdir: Path) -> dict[str, Any]:
    from partnernet.graph.sqlite_store import SqliteStore
    from partnernet.ingest.pipeline import ingest_paths

    path = workdir / "csv-pipeline.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = SqliteStore(path)
    paths = [files_dir / f"{name}.csv" for name in syn.HEADERS]
    try:
        with measured() as sample:
            report = ingest_paths(store, paths, rejects_path=workdir / "csv.rejects.csv")
        stats = store.stats()
    finally:
        store.close()
    return {
        "seconds": round(sample.seconds, 2),
        "rows": report.rows,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "duplicates": report.duplicates,
        "rows_per_second": round(report.rows / sample.seconds, 1),
        "peak_rss_mib": sample.peak_rss_mib,
        "store_nodes": sum(v for k, v in stats.nodes.items() if k != "Organization"),
        "store_relationships": sum(stats.relationships.values()),
    }


def _store_uri(backend: Backend, store: Any) -> tuple[str, dict[str, str]]:
    env = dict(os.environ)
    if isinstance(backend, Neo4jBackend):
        env["PARTNERNET_NEO4J_USER"] = backend.instance["user"]
        env["PARTNERNET_NEO4J_PASSWORD"] = backend.instance["password"]
        return str(backend.instance["uri"]), env
    return str(store.path), env


def run_scale(
    scale: syn.Scale, args: argparse.Namespace, backends: list[Backend], workdir: Path
) -> dict[str, Any]:
    result: dict[str, Any] = {"load_average_at_start": load_average()}
    log(f"{scale}: generating")
    result["generation"], network = generation(scale, args.seed, args.repeat, workdir)
    log(
        f"{scale}: {result['generation']['nodes']:,} nodes, "
        f"{result['generation']['relationships']:,} relationships "
        f"({result['generation']['generate_median_seconds']} s)"
    )
    if scale in CSV_PIPELINE_SCALES and not args.no_csv:
        log(f"{scale}: tabular pipeline (CSV -> SQLite)")
        result["csv_pipeline"] = csv_pipeline(Path(result["generation"]["files_dir"]), workdir)
    with measured() as built:
        nodes, rels = syn.model_objects(network)
    result["model_objects"] = {
        "seconds": round(built.seconds, 2),
        "rss_increase_mib": built.rss_increase_mib,
    }
    province = _largest_province(network)
    truth = syn.ground_truth(network)
    provinces = list(network.provinces)
    del network
    gc.collect()

    graph = None
    result["stores"] = {}
    for backend in backends:
        label = f"{scale}-{backend.name}"
        batch = args.neo4j_batch if backend.name == "neo4j" else args.batch
        log(f"{label}: batched loads x{args.repeat} (batch {batch})")
        ingest, store = batched_loads(
            backend, label, nodes, rels, repeat=args.repeat, batch_size=batch
        )
        log(
            f"{label}: load {ingest['load']['median_seconds']} s, "
            f"{ingest['rows_per_second']:,} rows/s; reading back"
        )
        read, store_graph = an.readback(store, args.repeat)
        uri, env = _store_uri(backend, store)
        log(f"{label}: cold gaps + recommendations for province {province} after a write")
        after_write = cold.run(uri, province, env, drop_summaries=True)
        log(f"{label}: cold gaps + recommendations for province {province}")
        gaps = cold.run(uri, province, env, repeat=1 if args.quick else 5)
        log(f"{label}: API load test, gaps + recommendations of province {province}")
        api = api_bench.load_test(
            uri,
            api_bench.province_endpoints(province),
            requests=50 if args.quick else 500,
            concurrency=4 if args.quick else 8,
            max_seconds=60.0,
            timeout=600.0,
            env=env,
        )
        log(f"{label}: a decision, then gaps + recommendations of province {province} again")
        try:
            after_decision: dict[str, Any] = decision.after_decision(
                uri,
                province,
                env,
                repeat=1 if args.quick else 3,
                requests=50 if args.quick else 500,
                concurrency=4 if args.quick else 8,
            )
        except RuntimeError as exc:  # reported as missing, the rest of the run goes on
            after_decision = {"error": str(exc)}
        log(f"{label}: the province web page of province {province}, server and first paint")
        try:
            web_page: dict[str, Any] = page_bench.run(
                uri, province, env, requests=10 if args.quick else 30
            )
        except Exception as exc:  # a browser missing or a page failing is reported, not fatal
            web_page = {"error": f"{type(exc).__name__}: {exc}"}
        brief = None
        if backend.name == "sqlite":
            log(f"{label}: brief (PDF) and figure (PNG) of province {province}")
            try:
                brief = brief_bench.run(store, province, workdir / f"brief-{label}")
            except Exception as exc:  # recorded in the report; the run goes on
                brief = {"failed": f"{type(exc).__name__}: {exc}"}
        log(f"{label}: diff, trend and gaps as of a day for province {province}")
        timeline = time_bench.run(uri, province, syn.REFERENCE_DATE, env)
        attack = None
        if scale in ATTACK_SCALES and not args.no_attack:
            log(f"{label}: a cheap read under attack (50 exporters, 400 wrong keys)")
            attack = attack_bench.run_in_bench(uri, env, quick=args.quick)
            log(f"{label}: cheap read p95 under attack {attack.get('attack_p95_ms')} ms")
        # Last before the store goes: the ties it records stay in the store.
        log(f"{label}: a small edit (a suggested tie), then province {province} again")
        try:
            after_edit: dict[str, Any] = decision.after_small_edit(
                uri,
                province,
                env,
                repeat=1 if args.quick else 3,
                requests=50 if args.quick else 500,
                concurrency=4 if args.quick else 8,
            )
        except RuntimeError as exc:  # reported as missing, the rest of the run goes on
            after_edit = {"error": str(exc)}
        backend.dispose(store)
        if graph is None:
            graph = store_graph
        del store_graph
        gc.collect()
        log(f"{label}: per-row vs batched on {args.per_row_cap} sampled rows")
        per_row = per_row_vs_batched(
            backend,
            label,
            nodes,
            rels,
            cap=args.per_row_cap,
            batch_size=batch,
            full_batched_seconds=ingest["load"]["median_seconds"],
            repeat=args.repeat,
        )
        log(f"{label}: same rows ratio {per_row['ratio_same_rows']}x")
        result["stores"][backend.name] = {
            "ingest": ingest,
            "per_row": per_row,
            "readback": read,
            "province_gaps": gaps,
            "province_gaps_after_write": after_write,
            "api": api,
            "after_decision": after_decision,
            "after_small_edit": after_edit,
            "web_page": web_page,
            "timeline": timeline,
        }
        if brief is not None:
            result["stores"][backend.name]["brief"] = brief
        if attack is not None:
            result["stores"][backend.name]["attack"] = attack
    del nodes, rels
    gc.collect()
    assert graph is not None
    log(f"{scale}: analyses")
    result["analyses"] = an.analyses(graph, scale, quick=args.quick)
    log(f"{scale}: planted-gap recovery")
    found, seconds = recovery.detect(
        graph, provinces, syn.REFERENCE_DATE, syn.UNANSWERED_AFTER_DAYS
    )
    result["recovery"] = {
        **recovery.score(truth, found),
        "seconds": round(seconds, 2),
        "provinces": len(provinces),
    }
    result["largest_province"] = province
    result["load_average_at_end"] = load_average()
    del graph
    gc.collect()
    return result


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="S scale only, one repeat, small per-row sample; CI runs it",
    )
    parser.add_argument(
        "--scales", help="comma-separated: S,M,L,national (default all; --quick: S)"
    )
    parser.add_argument(
        "--out", type=Path, help="Markdown report (default BENCHMARKS.md; --quick: a temp folder)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="JSON results (default bench/results.json; --quick: next to --out)",
    )
    parser.add_argument("--repeat", type=int, help="repeats for medians (default 3; quick 1)")
    parser.add_argument(
        "--per-row-cap", type=int, help="rows written one at a time (default 2000; quick 100)"
    )
    parser.add_argument("--neo4j", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--batch", type=int, default=1000, help="SQLite batch size")
    parser.add_argument("--neo4j-batch", type=int, default=5000, help="Neo4j batch size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV pipeline runs")
    parser.add_argument(
        "--no-render", action="store_true", help="skip the rendering benchmark (Chromium)"
    )
    parser.add_argument(
        "--no-attack",
        action="store_true",
        help="skip the cheap-read-under-attack benchmark (bench/attack_bench.py)",
    )
    parser.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="measure nothing: rewrite --out (and the budgets in --json) from the results of "
        "an earlier run",
    )
    args = parser.parse_args(argv)
    args.scales_list = (
        args.scales.split(",") if args.scales else ["S"] if args.quick else list(syn.SCALE_NAMES)
    )
    for scale in args.scales_list:
        if scale not in syn.SCALES:
            parser.error(f"unknown scale {scale!r}")
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.per_row_cap = args.per_row_cap or (100 if args.quick else 2000)
    if args.out is None:
        args.out = (
            Path(tempfile.mkdtemp(prefix="partnernet-bench-")) / "BENCHMARKS.md"
            if args.quick
            else ROOT / "BENCHMARKS.md"
        )
    if args.json is None:
        args.json = (
            args.out.with_name("results.json") if args.quick else ROOT / "bench" / "results.json"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.render is not None:
        earlier: dict[str, Any] = json.loads(args.render.read_text(encoding="utf-8"))
        earlier.setdefault("failed", {})
        earlier["budgets"] = budgets(earlier)
        args.json.write_text(
            json.dumps(earlier, indent=1, ensure_ascii=False, default=str) + "\n",
            encoding="utf-8",
        )
        args.out.write_text(render(earlier), encoding="utf-8")
        print(args.out)
        return 0
    command = "python -m bench.run " + " ".join(
        shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)
    )
    instance = neo4j_instance() if args.neo4j != "off" else None
    if args.neo4j == "on" and instance is None:
        print("--neo4j on: $PARTNERNET_NEO4J_INSTANCE names no running instance", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="partnernet-bench-work-") as tmp:
        workdir = Path(tmp)
        backends: list[Backend] = [SqliteBackend(workdir / "sqlite")]
        if instance is not None:
            backends.append(Neo4jBackend(instance))
        results: dict[str, Any] = {
            "command": command.strip(),
            "machine": machine(instance.get("version") if instance else None),
            "settings": {
                "quick": args.quick,
                "seed": args.seed,
                "repeat": args.repeat,
                "per_row_cap": args.per_row_cap,
                "sqlite_batch": args.batch,
                "neo4j_batch": args.neo4j_batch,
                "stores": [b.name for b in backends],
            },
            "scales": {},
            "failed": {},
        }
        for scale in args.scales_list:
            try:
                results["scales"][scale] = run_scale(scale, args, backends, workdir)
            except Exception as exc:  # record it, keep the other scales' figures
                log(f"{scale}: FAILED: {type(exc).__name__}: {exc}")
                results["failed"][scale] = f"{type(exc).__name__}: {exc}"
            _write(results, args, started)  # keep what is done if a later scale fails
        # --quick: a 2k-row file of scale S, so CI checks the step without the 10k run
        rows, scale = (2000, "S") if args.quick else (10_000, upload_bench.SCALE)
        log(f"upload preview: {rows:,} synthetic rows (scale {scale}), preview and confirm")
        try:
            results["upload"] = upload_bench.run(workdir, args.seed, rows, scale)
        except Exception as exc:
            log(f"upload: FAILED: {type(exc).__name__}: {exc}")
            results["failed"]["upload"] = f"{type(exc).__name__}: {exc}"
    if not args.no_render:
        sizes = [200] if args.quick else [500, 2000, 5000]
        log(f"rendering: {sizes} nodes, ours vs pyvis, in headless Chromium")
        try:
            results["rendering"] = [
                asdict(r) for r in render_bench.run(sizes, 10.0 if args.quick else 90.0)
            ]
        except Exception as exc:
            log(f"rendering: FAILED: {type(exc).__name__}: {exc}")
            results["failed"]["rendering"] = f"{type(exc).__name__}: {exc}"
    _write(results, args, started)
    log(f"done: {args.out} and {args.json}")
    print(args.out)
    return 1 if results["failed"] else 0


def _write(results: dict[str, Any], args: argparse.Namespace, started: float) -> None:
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["budgets"] = budgets(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(results), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
