"""`make bench`: measure what the issues set targets for, on this machine, into bench/results.json.

Each benchmark returns a dict of figures; the file also records the machine and the data size.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from brannsam import build, paths  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
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


@benchmark("database_build")
def bench_build(workdir: Path) -> dict:
    target = workdir / "bench-build.duckdb"
    return summary(timed(lambda: build.build(paths.SOURCES_DIR, target), 5), 1000)


@benchmark("cold_start_first_paint")
def bench_cold_start(workdir: Path) -> dict:
    """Server start to the overview's key figures painted in Chromium (database already built)."""
    from playwright.sync_api import sync_playwright
    from server import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_app

    db = workdir / "bench-build.duckdb"
    samples = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(3):
            start = time.perf_counter()
            with streamlit_server(db) as url:
                page = browser.new_page()
                page.goto(url)
                page.wait_for_selector("[data-testid='stMetric']", timeout=30_000)
                samples.append((time.perf_counter() - start) * 1000)
                wait_for_app(page)
                page.close()
        browser.close()
    return summary(samples, 4000)


@benchmark("overview_rerun")
def bench_overview_rerun(workdir: Path) -> dict:
    """Server-side time of a full overview rerun (AppTest, caches warm)."""
    from streamlit.testing.v1 import AppTest

    os.environ["BRANNSAM_DB"] = str(workdir / "bench-build.duckdb")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return summary(timed(at.run, 20), 150)


def main(names: list[str]) -> int:
    selected = names or list(BENCHMARKS)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "measured": time.strftime("%Y-%m-%d %H:%M"),
    }
    results["data"] = {"kommuner": 40, "brannstasjoner": 82, "tettsteder": 67}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        build.build(paths.SOURCES_DIR, workdir / "bench-build.duckdb")
        for name in selected:
            results.setdefault("benchmarks", {})[name] = BENCHMARKS[name](workdir)
            print(f"{name}: {results['benchmarks'][name]}")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Skrev {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
