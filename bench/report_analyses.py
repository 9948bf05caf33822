"""BENCHMARKS.md sections for analyses, province gaps, gap recovery and what is missing."""

from __future__ import annotations

from typing import Any

from bench.tables import ratio, table


def analyses_section(scales: dict[str, Any]) -> list[str]:
    hub_rows, corr_rows, struct_rows = [], [], []
    for scale, d in scales.items():
        a = d.get("analyses")
        if not a:
            continue
        h, p = a["hubs"], a["projection"]
        nxh = h["networkx"]
        hub_rows.append(
            [
                scale,
                p["nodes"],
                p["edges"],
                p["seconds"],
                f"{h['ours']['betweenness']} ({h['ours']['sample_size']:,})",
                h["ours"]["backend"],
                h["ours"]["seconds"],
                nxh["betweenness"]["method"],
                nxh["betweenness"]["seconds"],
                nxh["pagerank"]["seconds"],
                nxh["eigenvector"]["seconds"],
                nxh["articulation_points"]["seconds"] + nxh["bridges"]["seconds"],
                nxh["total_seconds"],
                ratio(h["speedup"]),
            ]
        )
        rc = h["rank_correlation"]
        corr_rows.append(
            [
                scale,
                rc.get("reference") or rc.get("note"),
                rc.get("spearman"),
                rc.get("top100_overlap"),
                h.get("same_sources_max_abs_difference"),
            ]
        )
        st = a.get("structure") or {}
        if "ours" in st:
            struct_rows.append(
                [
                    scale,
                    st["ours"]["seconds"],
                    st["ours"].get("communities"),
                    st["ours"].get("modularity"),
                    st["networkx"]["louvain_seconds"],
                    st["networkx"]["communities"],
                    st["networkx"]["modularity"],
                    ratio(st["speedup"]),
                ]
            )
    if not hub_rows:
        return []
    out = [
        "## Analyses: ours vs plain networkx",
        "",
        "On the partnership projection (`project_partnerships`, default mix) of the graph "
        "read back from the store. Ours: `hub_scores` with its defaults (exact betweenness "
        "up to 2,000 nodes, else 256 sampled sources; igraph when installed) — which also "
        "computes constraint, effective size and brokerage roles, not in the networkx "
        "column. Plain networkx: `betweenness_centrality` (exact where feasible, else "
        "sampled), `pagerank`, `eigenvector_centrality`, `articulation_points`, `bridges`. "
        "One run each.",
        "",
        table(
            [
                "scale",
                "projection nodes",
                "projection edges",
                "projection (s)",
                "our betweenness",
                "backend",
                "hub_scores (s)",
                "networkx betweenness",
                "nx betweenness (s)",
                "nx pagerank (s)",
                "nx eigenvector (s)",
                "nx cut points + bridges (s)",
                "networkx total (s)",
                "speed-up",
            ],
            hub_rows,
        ),
        "",
        "Betweenness: ours against exact values (Spearman rank correlation over all "
        "nodes; share of the exact top 100 in our top 100); with the same sampled sources, "
        "the largest difference from networkx's estimate:",
        "",
        table(
            [
                "scale",
                "exact reference",
                "Spearman",
                "top-100 overlap",
                "max |ours - networkx|, same sources",
            ],
            corr_rows,
        ),
        "",
    ]
    if struct_rows:
        out += [
            "Structure: `structure_report` (components, clustering, k-core, "
            "assortativity, seeded Louvain and its match with provinces/regions) against "
            "networkx's `louvain_communities` alone:",
            "",
            table(
                [
                    "scale",
                    "structure_report (s)",
                    "communities",
                    "modularity",
                    "nx louvain (s)",
                    "nx communities",
                    "nx modularity",
                    "speed-up",
                ],
                struct_rows,
            ),
            "",
        ]
    return out


def province_section(scales: dict[str, Any]) -> list[str]:
    rows = []
    for scale, d in scales.items():
        for store, s in (d.get("stores") or {}).items():
            g = s.get("province_gaps") or {}
            if "cold" not in g:
                continue
            c = g["cold"]
            runs = g.get("cold_runs_seconds") or [c["total_seconds"]]
            after = (s.get("province_gaps_after_write") or {}).get("cold") or {}
            rows.append(
                [
                    scale,
                    store,
                    g["province"],
                    c.get("peer_provinces", 1),
                    c["subgraph_nodes"],
                    c.get("subgraph_edges"),
                    c["open_store_seconds"],
                    c["read_seconds"],
                    c["analyse_seconds"],
                    c.get("deferred_collection_seconds"),
                    c["total_seconds"],
                    ", ".join(f"{t:.2f}" for t in runs),
                    g["warm_median_seconds"],
                    g.get("cached_index_median_seconds"),
                    after.get("region_nodes"),
                    after.get("total_seconds"),
                    g["imports_seconds"],
                ]
            )
    if not rows:
        return []
    return [
        "## Largest-province gaps + recommendations",
        "",
        "In a fresh Python process (`bench/cold.py`), `service.province_analysis` (what "
        "`partnernet gaps` / `recommend`, the API and the maps run), timed by its two steps, "
        "called as it calls them: *read* (`read_province`: the region's peer summaries, stored "
        "in the store -- see `partnernet/service/peers.py` -- and the province's subgraph) and "
        "*analyse* (`analyse_reading`: the partnership index, gaps, ten suggestions). "
        "*Cold* is the first call, in the fresh process whose total was the median of those "
        "run one after the other (every run's total is listed); *deferred GC* is a collection "
        "of the young and middle generations after the analyses (which pause the collector), "
        "charged to the total. "
        "*Warm* is the median of 5 more in the same process (the whole path again, nothing "
        "cached in the process); *kept reading* the median of `analyse_reading` alone on "
        "a reading made once. *After a write* is a separate fresh process run first with the "
        "region's summaries invalidated (as any write does): its cold call reads the whole "
        "region to recompute and store them. Imports are reported apart.",
        "",
        table(
            [
                "scale",
                "store",
                "province",
                "region provinces",
                "province nodes",
                "province edges",
                "open (s)",
                "read (s)",
                "analyse (s)",
                "deferred GC (s)",
                "cold total (s)",
                "cold runs (s)",
                "warm (s)",
                "kept reading (s)",
                "after a write: region nodes",
                "after a write: cold (s)",
                "imports (s)",
            ],
            rows,
        ),
        "",
        *api_table(scales),
    ]


def api_table(scales: dict[str, Any]) -> list[str]:
    """The same two answers over HTTP (`bench/api_bench.py`): one cold request, then warm
    ones served from the API's per-graph-version cache."""
    rows = [
        [
            scale,
            store,
            r["endpoint"],
            r["cold_ms"],
            r["requests"],
            r["requests_per_second"],
            r["p50_ms"],
            r["p95_ms"],
            r["p99_ms"],
            r["errors"],
        ]
        for scale, d in scales.items()
        for store, s in (d.get("stores") or {}).items()
        for r in s.get("api") or []
    ]
    if not rows:
        return []
    return [
        "Over HTTP (`bench/api_bench.py`: the API in its own process, one uvicorn worker, "
        "rate limiting off; a cold request, then the warm ones from 8 client threads on "
        "loopback, answered from the per-graph-version cache):",
        "",
        table(
            [
                "scale",
                "store",
                "endpoint",
                "cold (ms)",
                "requests",
                "req/s",
                "p50 (ms)",
                "p95 (ms)",
                "p99 (ms)",
                "errors",
            ],
            rows,
        ),
        "",
    ]


def recovery_section(scales: dict[str, Any]) -> list[str]:
    rows = []
    for scale, d in scales.items():
        r = d.get("recovery")
        if r:
            rows.append(
                [
                    scale,
                    r["provinces"],
                    r["expected_items"],
                    r["planted_items"],
                    r["found_items"],
                    r["true_positives"],
                    r["precision"],
                    r["recall"],
                    r["recall_planted"],
                    r["seconds"],
                    ", ".join(f"{k} {v}" for k, v in r["unscored_kinds"].items()) or "–",
                ]
            )
    if not rows:
        return []
    biggest = list(scales)[-1]
    per_kind = scales[biggest]["recovery"]["per_kind"]
    kind_rows = [
        [k, v["expected"], v["found"], v["true_positives"], v["precision"], v["recall"]]
        for k, v in per_kind.items()
    ]
    return [
        "## Planted-gap recovery",
        "",
        "`find_gaps` (via `gaps_from_index` on one index of the whole graph, "
        "`today` = the generator's reference date) for every province, against "
        "`ground_truth.json`. Items are (kind, province, role, subject); *planted* items "
        "are the plants themselves, the rest what they imply (an isolated council is also "
        "unlinked from its local government). Precision counts the kinds the generator "
        "plants; other kinds found are listed, not scored.",
        "",
        table(
            [
                "scale",
                "provinces",
                "truth items",
                "planted",
                "found",
                "true positives",
                "precision",
                "recall",
                "recall (planted)",
                "seconds",
                "other kinds found (not scored)",
            ],
            rows,
        ),
        "",
        f"Per kind at {biggest}:",
        "",
        table(["kind", "truth items", "found", "true positives", "precision", "recall"], kind_rows),
        "",
    ]


def not_measured_section(results: dict[str, Any]) -> list[str]:
    scales: dict[str, Any] = results.get("scales", {})
    missing = []
    if "neo4j" not in results["settings"]["stores"]:
        missing.append(
            "Neo4j ingest, read-back and province timings: no Neo4j in this run "
            "(set $PARTNERNET_NEO4J_INSTANCE via `scripts/neo4j env`)"
        )
    failed = results.get("failed") or {}
    for scale in ("S", "M", "L", "national"):
        if scale in failed:
            missing.append(f"scale {scale}: the run failed ({failed[scale]}); see its log")
        elif scale not in scales:
            missing.append(f"scale {scale}: not in this run (--scales)")
    if not results.get("rendering"):
        missing.append("rendering: not in this run (--no-render, or it failed; see the log)")
    if not missing:
        return []
    return ["## Not measured yet", "", *(f"- {m}" for m in missing), ""]


def rendering_section(results: dict[str, Any]) -> list[str]:
    from bench.render_bench import Result
    from bench.render_bench import table as render_table

    rows = results.get("rendering") or []
    if not rows:
        return []
    return [
        "## Rendering (`bench/render_bench.py`)",
        "",
        "HTML size and time to first paint in headless Chromium (Debian's `chromium` via "
        "Playwright) with every non-file request blocked, as when a file is opened offline. "
        "*ours*: `render_network` (layout in Python, physics off, vis-network inlined); "
        "*pyvis default*: physics on, vis-network from a CDN (draws nothing offline); "
        "*pyvis inline*: the fair comparison, JS inlined, physics on. Seeded synthetic "
        "partnership graphs (Barabási–Albert) of each size.",
        "",
        render_table([Result(**r) for r in rows]),
        "",
    ]
