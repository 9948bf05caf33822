"""partnernet's benchmark suite: `python -m bench.run [--quick]` writes BENCHMARKS.md and
bench/results.json (see bench/run.py)."""
