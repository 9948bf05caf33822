"""Timing, memory and machine facts for the benchmarks.

Peak memory is the process's peak resident set size during a step: on Linux the peak
(``VmHWM``) is reset before the step by writing ``5`` to ``/proc/self/clear_refs``, so each
step reports its own peak, and the increase over the resident size at its start (garbage is
collected and glibc's free heap returned to the OS first, so the start is what is in use).
Where that reset is not possible the figure is the process-wide ``ru_maxrss`` and says so.
`traced` measures Python allocations instead (tracemalloc: slower, so never timed).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MIB = 1024 * 1024


def _status_kib(field_name: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Sample:
    seconds: float = 0.0
    peak_rss_mib: float | None = None  # peak resident size during the step
    rss_increase_mib: float | None = None  # peak minus resident size at the start
    method: str = "VmHWM reset per step, heap trimmed before"


def _trim() -> None:
    """Collect garbage and hand freed heap back to the OS, so that the resident size at the
    start of a step is what is really in use (glibc only; elsewhere a no-op)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def measured() -> Iterator[Sample]:
    """Time a block and record its peak RSS (after trimming the heap, before the clock)."""
    sample = Sample()
    _trim()
    reset = _reset_peak()
    start_rss = _status_kib("VmRSS")
    started = time.perf_counter()
    try:
        yield sample
    finally:
        sample.seconds = time.perf_counter() - started
        if reset:
            peak = _status_kib("VmHWM")
            if peak is not None and start_rss is not None:
                sample.peak_rss_mib = round(peak / 1024, 1)
                sample.rss_increase_mib = round(max(0, peak - start_rss) / 1024, 1)
        else:
            import resource

            peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            sample.peak_rss_mib = round(peak_kib / 1024, 1)
            sample.method = "ru_maxrss (process peak, not reset per step)"


@dataclass
class Repeated:
    """Medians of repeated samples (and every sample's time, for the record)."""

    runs: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.runs)

    @property
    def peak_rss_mib(self) -> float | None:
        values = [s.peak_rss_mib for s in self.runs if s.peak_rss_mib is not None]
        return statistics.median(values) if values else None

    @property
    def rss_increase_mib(self) -> float | None:
        values = [s.rss_increase_mib for s in self.runs if s.rss_increase_mib is not None]
        return statistics.median(values) if values else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "median_seconds": round(self.seconds, 4),
            "runs_seconds": [round(s.seconds, 4) for s in self.runs],
            "peak_rss_mib": self.peak_rss_mib,
            "rss_increase_mib": self.rss_increase_mib,
        }


def traced(fn: Callable[[], T]) -> tuple[float, T]:
    """(peak MiB of Python allocations while `fn` runs, its result), by tracemalloc."""
    import tracemalloc

    _trim()
    tracemalloc.start()
    try:
        value = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return round(peak / MIB, 1), value


def repeat(times: int, fn: Callable[[Sample], T]) -> tuple[Repeated, T]:
    """Run `fn` `times` times inside `measured()`; the last result is returned."""
    result: Repeated = Repeated()
    value: T | None = None
    for _ in range(max(1, times)):
        with measured() as sample:
            value = fn(sample)
        result.runs.append(sample)
    assert value is not None or times >= 1
    return result, value  # type: ignore[return-value]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(module: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def load_average() -> list[float] | None:
    """1, 5 and 15-minute load averages (other work on the machine skews timings)."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return None


def machine(neo4j_version: str | None = None) -> dict[str, Any]:
    """CPU, cores, RAM, OS, versions and the date."""
    return {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "neo4j_server": neo4j_version,
        "neo4j_driver": _version("neo4j"),
        "networkx": _version("networkx"),
        "igraph": _version("igraph"),
        "numpy": _version("numpy"),
        "pydantic": _version("pydantic"),
        "load_average_at_start": load_average(),
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain")),
    }
