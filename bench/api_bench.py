"""A bounded load test of the HTTP API on loopback: cached province gaps, recommendations and
hubs (requests/s, p50/p95/p99, errors, cache hits).

    python -m bench.api_bench                          # the sample data
    python -m bench.api_bench --synth S                # a synthetic network (S, M, L)
    python -m bench.api_bench --store graph.sqlite     # an existing store
    python -m bench.api_bench --requests 3000 --concurrency 16 --json out.json

The server runs in its own process (`partnernet.api.app.serve`, one uvicorn worker, rate
limiting off, a viewer key), so the client's threads do not share its interpreter. The client
is plain `http.client` with one keep-alive connection per thread. Each endpoint is first
requested once (cold: the analysis runs and fills the cache) and warmed, then hit with a fixed
number of requests, bounded by `--max-seconds`. Only 200 answers count as successes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from partnernet.api.auth import generate_key


def log(message: str) -> None:
    print(f"[api-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_store(folder: Path, synth: str | None, seed: int) -> str:
    """A SQLite store of the sample data, or of a synthetic network."""
    from partnernet.graph.sqlite_store import SqliteStore
    from partnernet.ingest.pipeline import ingest_paths

    path = folder / "bench.sqlite"
    store = SqliteStore(path)
    try:
        if synth:
            from partnernet.synth import generate as synthetic

            log(f"generating synthetic network {synth} (seed {seed})")
            network = synthetic.generate(synth, seed)  # type: ignore[arg-type]
            files = synthetic.write_templates(network, folder / "synth")
            inputs = sorted(p for p in files.values() if p.suffix == ".csv")
        else:
            from partnernet.service.demo import sample_dir

            inputs = sorted(sample_dir().glob("*.csv"))
        log(f"loading {len(inputs)} files into {path}")
        ingest_paths(store, inputs, rejects_path=folder / "rejects.csv")
    finally:
        store.close()
    return str(path)


class Server:
    def __init__(
        self,
        store: str,
        key_entry: str,
        port: int,
        timeout: float,
        base_env: dict[str, str] | None = None,
    ) -> None:
        env = {
            **(os.environ if base_env is None else base_env),
            "PARTNERNET_STORE": store,
            "PARTNERNET_API_KEYS": key_entry,
            "PARTNERNET_RATE_LIMIT_PER_MINUTE": "0",
            "PARTNERNET_ANALYSIS_TIMEOUT_SECONDS": str(timeout),
        }
        code = (
            f"from partnernet.api.app import serve; serve('127.0.0.1', {port}, log_level='warning')"
        )
        self.process = subprocess.Popen([sys.executable, "-c", code], env=env)
        self.port = port
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the API server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class Result:
    name: str
    path: str
    cold_ms: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    hits: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float | None:
            if not lat:
                return None
            return round(lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))], 2)

        count = len(lat) + self.errors
        return {
            "endpoint": self.name,
            "path": self.path,
            "cold_ms": round(self.cold_ms, 1),
            "requests": count,
            "errors": self.errors,
            "cache_hit_share": round(self.hits / count, 4) if count else None,
            "seconds": round(self.seconds, 2),
            "requests_per_second": round(count / self.seconds, 1) if self.seconds else None,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "max_ms": round(lat[-1], 2) if lat else None,
            "mean_ms": round(statistics.fmean(lat), 2) if lat else None,
        }


def _get(conn: http.client.HTTPConnection, path: str, key: str) -> tuple[int, bool]:
    conn.request("GET", path, headers={"X-API-Key": key})
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("X-Partnernet-Cache") == "hit"


def run_endpoint(
    port: int,
    key: str,
    name: str,
    path: str,
    requests: int,
    concurrency: int,
    max_seconds: float,
    timeout: float,
) -> Result:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    status, _ = _get(conn, path, key)
    cold = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{path}: cold request answered {status}")
    for _ in range(20):  # warm the connection and the cache
        _get(conn, path, key)
    conn.close()
    result = Result(name, path, cold)
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        local = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        lat: list[float] = []
        errors = hits = 0
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            t0 = time.perf_counter()
            try:
                code, hit = _get(local, path, key)
            except (OSError, http.client.HTTPException):
                local.close()
                local = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                errors += 1
                continue
            if code == 200:
                lat.append((time.perf_counter() - t0) * 1000)
                hits += hit
            else:
                errors += 1
        local.close()
        with lock:
            result.latencies_ms.extend(lat)
            result.errors += errors
            result.hits += hits

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t_start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - t_start
    return result


def _largest_province(store: str) -> str:
    """The province with the most councils (read from the store, so no request warms the
    server's cache before the cold measurements)."""
    from collections import Counter

    from partnernet.graph.connect import open_store
    from partnernet.graph.model import NodeKind

    opened = open_store(store)
    try:
        councils = Counter(
            getattr(n, "province_code", None) for n in opened.iter_nodes(NodeKind.COUNCIL)
        )
    finally:
        opened.close()
    councils.pop(None, None)
    return str(sorted(councils.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0])


def render(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        f"API load test on loopback: {meta['store_label']}, province {meta['province']}, "
        f"{meta['concurrency']} client threads, 1 uvicorn worker, "
        f"{meta['requests']} requests per endpoint (bounded to {meta['max_seconds']} s).",
        "",
        "| endpoint | cold ms | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors "
        "| cache hits |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(
            f"| {r['endpoint']} | {r['cold_ms']} | {r['requests']} | "
            f"{r['requests_per_second']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['max_ms']} | {r['errors']} | {r['cache_hit_share']:.0%} |"
        )
    return "\n".join(lines)


def province_endpoints(province: str) -> list[tuple[str, str]]:
    """The planner's two requests for one province (what the warm budget is about)."""
    code = quote(province)
    return [
        ("province gaps", f"/api/v1/provinces/{code}/gaps"),
        ("province recommendations", f"/api/v1/provinces/{code}/recommendations"),
    ]


def load_test(
    store: str,
    endpoints: list[tuple[str, str]],
    *,
    requests: int,
    concurrency: int,
    max_seconds: float,
    timeout: float,
    env: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Serve `store` in its own process and load-test each endpoint in turn (a cold request,
    then `requests` warm ones); the summaries, in order. The server's environment is `env`
    (default: this process's), which is where Neo4j credentials come from."""
    plain, entry = generate_key("viewer", "bench", cost=2**10)
    server = Server(store, entry, _free_port(), timeout, env)
    results = []
    try:
        for name, path in endpoints:
            log(f"{name}: {path}")
            found = run_endpoint(
                server.port, plain, name, path, requests, concurrency, max_seconds, timeout
            )
            results.append(found.summary())
    finally:
        server.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an existing store (SQLite path or bolt:// URI)")
    parser.add_argument(
        "--synth",
        choices=("S", "M", "L", "national"),
        help="benchmark a synthetic network of this scale",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province", help="default: the province with most organisations")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="client and analysis time limit for the cold requests",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1:
        parser.error("--requests and --concurrency must be at least 1")

    with tempfile.TemporaryDirectory(prefix="partnernet-api-bench-") as tmp:
        store = args.store or build_store(Path(tmp), args.synth, args.seed)
        label = args.store or (f"synthetic {args.synth}" if args.synth else "sample data")
        province = args.province or _largest_province(store)
        code = quote(province)
        results = load_test(
            store,
            [
                *province_endpoints(province),
                ("hubs (national, top 20)", "/api/v1/analysis/hubs?limit=20"),
                ("hubs (province, top 20)", f"/api/v1/analysis/hubs?province={code}&limit=20"),
                ("provinces overview (77 rows)", "/api/v1/provinces"),
            ],
            requests=args.requests,
            concurrency=args.concurrency,
            max_seconds=args.max_seconds,
            timeout=args.timeout,
        )
    meta = {
        "store_label": label,
        "province": province,
        "concurrency": args.concurrency,
        "requests": args.requests,
        "max_seconds": args.max_seconds,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    print(render(results, meta))
    if args.json:
        args.json.write_text(
            json.dumps({"meta": meta, "results": results}, indent=2) + "\n", encoding="utf-8"
        )
    errors = sum(r["errors"] for r in results)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
