"""What every benchmark shares: the registry, timing and the summary written to results.json."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

BENCHMARKS: dict[str, Callable[[Path], dict]] = {}


def benchmark(name: str):
    def register(func: Callable[[Path], dict]) -> Callable[[Path], dict]:
        BENCHMARKS[name] = func
        return func

    return register


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples: list[float], target_ms: float | None = None) -> dict:
    ordered = sorted(samples)
    result = {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "n": len(ordered),
    }
    if target_ms is not None:
        result["target_ms"] = target_ms
        result["meets_target"] = result["median_ms"] < target_ms
    return result
