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


def _risk_inputs(workdir: Path):
    import duckdb

    from brannsam import indicators, queries

    con = duckdb.connect(str(workdir / "bench-build.duckdb"), read_only=True)
    values = indicators.wide(queries.indicators(con))
    names = queries.municipalities(con).set_index("kommunenummer")["kommunenavn"]
    data = {
        "values": values,
        "names": names,
        "borders": queries.borders(con),
        "stations": queries.stations(con),
        "points": queries.population_points(con),
    }
    con.close()
    return data


def synthetic_region(values, names, copies: int = 10):
    """A region `copies` times as large: the real indicators with deterministic ±20 % noise."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2024)
    frames = []
    for i in range(copies):
        frame = values * rng.uniform(0.8, 1.2, size=values.shape)
        frame.index = [f"{nr}-{i}" for nr in values.index]
        frames.append(frame)
    big = pd.concat(frames)
    return big, pd.Series([f"K{nr}" for nr in big.index], index=big.index)


@benchmark("risk_index")
def bench_risk_index(workdir: Path) -> dict:
    from brannsam import risk

    data = _risk_inputs(workdir)
    big, big_names = synthetic_region(data["values"], data["names"])
    return {
        "40_kommuner": summary(
            timed(lambda: risk.ranking(data["values"], risk.DEFAULT_WEIGHTS, data["names"]), 200), 5
        ),
        "400_kommuner_syntetisk": summary(
            timed(lambda: risk.ranking(big, risk.DEFAULT_WEIGHTS, big_names), 100), 20
        ),
    }


@benchmark("coverage")
def bench_coverage(workdir: Path) -> dict:
    from brannsam import coverage

    data = _risk_inputs(workdir)
    points, stations = data["points"], data["stations"]
    assumptions = coverage.Assumptions()

    def run() -> None:
        coverage.summary(points, coverage.minutes(points, stations, assumptions))

    result = summary(timed(run, 30), 300)
    result["punkter"] = len(points)
    result["stasjoner"] = int(stations["lat"].notna().sum())
    return result


@benchmark("risk_map_payload")
def bench_map_payload(workdir: Path) -> dict:
    import pandas as pd

    from brannsam import coverage, maps

    data = _risk_inputs(workdir)
    mins = coverage.minutes(data["points"], data["stations"], coverage.Assumptions())
    scaled = pd.Series(0.5, index=data["names"].index)
    shown = data["names"]
    plain = maps.value_map(
        data["borders"], data["names"], scaled, shown, [maps.station_layer(data["stations"])]
    )
    full = maps.value_map(
        data["borders"],
        data["names"],
        scaled,
        shown,
        [maps.coverage_layer(data["points"], mins, coverage.CELL_KM), maps.station_layer(data["stations"])],
    )
    return {
        "kart_uten_dekningslag_mb": round(len(plain.to_json()) / 1e6, 3),
        "kart_med_dekningslag_mb": round(len(full.to_json()) / 1e6, 3),
        "target_mb": 1.5,
        "meets_target": len(full.to_json()) / 1e6 < 1.5,
    }


@benchmark("allocation")
def bench_allocation(workdir: Path) -> dict:
    import duckdb
    import numpy as np
    import pandas as pd

    from brannsam import budget, funding

    con = duckdb.connect(str(workdir / "bench-build.duckdb"), read_only=True)
    drivers, _, _ = funding.drivers_from_db(con)
    con.close()
    blocks = budget.by_block(budget.default_lines())
    keys = {"alle": funding.DEFAULT_KEY, "beredskap": {"risiko": 2, "areal": 1}}
    rng = np.random.default_rng(2024)
    big = pd.concat(
        [
            drivers.set_axis([f"{nr}-{i}" for nr in drivers.index]) * rng.uniform(0.8, 1.2, drivers.shape)
            for i in range(10)
        ]
    )
    big["fast"] = 1.0
    return {
        "40_kommuner": summary(timed(lambda: funding.allocate(blocks, drivers, keys), 200), 2),
        "400_kommuner_syntetisk": summary(timed(lambda: funding.allocate(blocks, big, keys), 100), 10),
    }


WATCH_JS = """([label, old]) => {
    const metrics = [...document.querySelectorAll("[data-testid='stMetric']")];
    const el = metrics.find(m => m.innerText.includes(label));
    return el && el.innerText !== old;
}"""


def slider_to_update(
    url: str, path: str, slider_label: str, metric_label: str, samples: int = 15
) -> list[float]:
    """Milliseconds from an arrow-key press on a slider until the named metric's text changes."""
    from playwright.sync_api import sync_playwright
    from server import CHROMIUM, CHROMIUM_ARGS, wait_for_app

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url + path)
        wait_for_app(page)
        slider = page.locator("[data-testid='stSlider']", has_text=slider_label).first.get_by_role("slider")
        target = page.locator("[data-testid='stMetric']", has_text=metric_label).first
        for i in range(samples):
            before = target.inner_text()
            slider.focus()
            start = time.perf_counter()
            page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
            page.wait_for_function(
                WATCH_JS,
                arg=[metric_label, before],
                timeout=20_000,
                polling=10,
            )
            out.append((time.perf_counter() - start) * 1000)
            wait_for_app(page)
        browser.close()
    return out


@benchmark("funding_slider_to_table")
def bench_funding_slider(workdir: Path) -> dict:
    from server import streamlit_server

    with streamlit_server(workdir / "bench-build.duckdb") as url:
        samples = slider_to_update(url, "/finansiering", "Innbyggere", "Største økning (kr)")
    return summary(samples, 300)


@benchmark("cooperation_sensitivity")
def bench_sensitivity(workdir: Path) -> dict:
    """10 000 Dirichlet weight draws over 10 areas × 8 criteria (synthetic 1–5 scores)."""
    import numpy as np
    import pandas as pd

    from brannsam import cooperation

    rng = np.random.default_rng(2024)
    median = pd.DataFrame(
        rng.integers(1, 6, size=(10, len(cooperation.CRITERIA))).astype(float),
        index=[f"omrade{i}" for i in range(10)],
        columns=list(cooperation.CRITERIA),
    )
    result = summary(timed(lambda: cooperation.sensitivity(median, cooperation.DEFAULT_WEIGHTS), 20), 1000)
    result["trekk"] = 10_000
    return result


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
