"""Interactive views: HTML size and time to first paint, ours vs pyvis, side by side.

    python -m bench.render_bench [--sizes 500 2000 5000] [--cap 90] [--json out.json]

For each size a seeded synthetic partnership graph (Barabási–Albert, 2 ties per new node, four
organisation kinds, Thai and English names) is rendered three ways and opened in headless
Chromium (Debian's chromium via Playwright) with every non-file request blocked, as when a file
is opened offline:

- **ours**: `partnernet.visualizations.network.render_network` (layout in Python, physics off,
  vis-network inlined);
- **pyvis default**: `Network()` + `from_nx` + `write_html` with pyvis's defaults (physics on,
  vis-network from a CDN): offline the CDN is unreachable, so it never draws;
- **pyvis inline**: the same with `cdn_resources="in_line"` (vis-network inlined, physics on):
  the fair comparison.

Time to first paint is `performance.now()` (from navigation start) at vis-network's first
`afterDrawing` event; for pyvis we also record when physics declared the layout stable
(`stabilized`), waiting at most `--cap` seconds for each. Timings depend on the machine and on
its load (the load average is printed with the results).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from partnernet.visualizations.network import render_network

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KINDS = ("Council", "Agency", "CommunityOrganization", "CivilSocietyGroup")
HOOK = (
    'network.once("afterDrawing", function () { window.__pnFirstPaint = performance.now(); });'
    'network.once("stabilized", function () { window.__pnStable = performance.now(); });'
)


@dataclass
class Result:
    size: int
    variant: str
    html_bytes: int
    render_seconds: float
    first_paint_ms: float | None
    stable_ms: float | None
    blocked_requests: int
    note: str = ""


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    graph = nx.MultiDiGraph()
    for node in base:
        graph.add_node(
            f"org:{node}",
            id=f"org:{node}",
            kind=KINDS[node % len(KINDS)],
            name_th=f"สภาองค์กรชุมชนตำบล {node}",
            name_en=f"Subdistrict council {node}",
            province_code="40",
        )
    for u, v in base.edges():
        graph.add_edge(f"org:{u}", f"org:{v}", key="PARTNERS_WITH", type="PARTNERS_WITH")
    return graph


def _pyvis(graph: nx.MultiDiGraph, path: Path, cdn: str) -> None:
    from pyvis.network import Network  # type: ignore[import-untyped]

    simple = nx.DiGraph()  # pyvis's from_nx mutates its input: give it a throwaway copy
    for node, attrs in graph.nodes(data=True):
        simple.add_node(node, label=attrs["name_th"], title=attrs["name_en"])
    simple.add_edges_from(graph.edges())
    net = Network(directed=True, cdn_resources=cdn)
    net.from_nx(simple)
    cwd = Path.cwd()
    os.chdir(path.parent)  # pyvis's "local" mode copies a lib/ folder into the working folder
    try:
        net.write_html(path.name)
    finally:
        os.chdir(cwd)
    html = path.read_text(encoding="utf-8")
    marker = "network = new vis.Network(container, data, options);"
    path.write_text(html.replace(marker, marker + HOOK, 1), encoding="utf-8")


def _open(
    browser: Any, path: Path, cap: float, stable: bool
) -> tuple[float | None, float | None, int]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load", timeout=cap * 1000)
    first = stable_at = None
    if page.evaluate("typeof vis === 'undefined'"):  # vis-network never arrived (CDN offline)
        context.close()
        return None, None, len(blocked)
    with contextlib.suppress(Exception):
        page.wait_for_function("window.__pnFirstPaint !== undefined", timeout=cap * 1000)
        first = float(page.evaluate("window.__pnFirstPaint"))
    if first is not None and stable:
        with contextlib.suppress(Exception):
            page.wait_for_function("window.__pnStable !== undefined", timeout=cap * 1000)
            stable_at = float(page.evaluate("window.__pnStable"))
    context.close()
    return first, stable_at, len(blocked)


def run(sizes: list[int], cap: float) -> list[Result]:
    from playwright.sync_api import sync_playwright

    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in sizes:
            graph = synthetic(n)
            folder = Path(tmp) / str(n)
            folder.mkdir()
            start = time.perf_counter()
            ours = render_network(graph, folder / "ours.html", title=f"{n} nodes")
            took = time.perf_counter() - start
            first, _, blocked = _open(browser, ours, cap, stable=False)
            results.append(Result(n, "ours", ours.stat().st_size, took, first, first, blocked))
            for variant, cdn in (("pyvis default (CDN)", "local"), ("pyvis inline", "in_line")):
                path = folder / f"pyvis-{cdn}.html"
                start = time.perf_counter()
                _pyvis(graph, path, cdn)
                took = time.perf_counter() - start
                first, stable_at, blocked = _open(browser, path, cap, stable=True)
                note = ""
                if first is None:
                    note = (
                        "never drew: vis-network comes from the CDN"
                        if cdn == "local"
                        else f"no paint within {cap:.0f} s"
                    )
                elif stable_at is None:
                    note = f"not stable within {cap:.0f} s of first paint"
                results.append(
                    Result(n, variant, path.stat().st_size, took, first, stable_at, blocked, note)
                )
        browser.close()
    return results


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value / 1000:.2f} s"


def table(results: list[Result]) -> str:
    lines = [
        "| nodes | variant | HTML | render (Python) | first paint | stable | blocked requests "
        "| note |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {r.variant} | {r.html_bytes / 1024:,.0f} KiB | "
            f"{r.render_seconds:.2f} s | {_ms(r.first_paint_ms)} | {_ms(r.stable_ms)} | "
            f"{r.blocked_requests} | {r.note} |"
        )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines.append("")
    lines.append(f"Machine: {os.cpu_count()} CPUs, load average {load} when the run ended.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--cap", type=float, default=90.0, help="seconds to wait per event")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    results = run(args.sizes, args.cap)
    print(table(results))
    if args.json:
        args.json.write_text(
            json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
