"""Many users at once: N browser sessions on /finansiering moving sliders and saving scenarios
for a while. Every step is checked; errors are collected, not hidden.

    python bench/load.py [--sessions 20] [--seconds 60]

Used by `make load` and by bench/run.py (slider latency under load)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from brannsam.data import paths  # noqa: E402
from brannsam.pipeline import build  # noqa: E402
from harness.server import CHROMIUM, CHROMIUM_ARGS, cpu_seconds, rss_mb, streamlit_process  # noqa: E402

READY = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"


# True once no metric shows the old value any more (the fragment has re-rendered).
CHANGED = """([old]) => {
    const values = [...document.querySelectorAll("[data-testid='stMetricValue']")].map(e => e.innerText);
    return !values.includes(old);
}"""


async def _session(browser, url: str, n: int, stop_at: float, result: dict) -> None:
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    page.set_default_timeout(120_000)  # 20 browsers on a small machine: waiting is not failing
    page.on("pageerror", lambda e: result["errors"].append(f"økt {n}: {e}"))
    try:
        await page.goto(url + "/finansiering", timeout=120_000)
        await page.wait_for_selector(READY, timeout=120_000)
        metric = page.locator("[data-testid='stCaptionContainer']", has_text="Bidrag per innbygger fra")
        slider = page.locator("[data-testid='stSlider']", has_text="Areal").first.get_by_role("slider")
        i = 0
        while time.monotonic() < stop_at:
            before = await metric.inner_text()
            await slider.focus()
            await page.keyboard.press("ArrowRight" if i % 4 < 2 else "ArrowLeft")
            await page.wait_for_function(CHANGED, arg=[before], timeout=60_000)
            await page.wait_for_selector(READY, timeout=60_000)
            result["moves"] += 1
            if i % 3 == 0:
                name = f"last-{n}-{i}"
                await page.get_by_label("Navn på scenarioet").fill(name)
                await page.get_by_role("button", name="Lagre gjeldende oppsett").click()
                await page.get_by_text(f"Lagret «{name}».").wait_for(timeout=60_000)
                result["saved"].append(name)
            if await page.locator("[data-testid='stException']").count():
                result["errors"].append(f"økt {n}: unntak på siden")
                break
            i += 1
    except Exception as err:  # a session that fails is reported, and the run goes on
        result["errors"].append(f"økt {n}: {type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        await context.close()


async def _load(url: str, sessions: int, seconds: float) -> dict:
    result = {"errors": [], "saved": [], "moves": 0}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(_session(browser, url, n, stop_at, result) for n in range(sessions)))
        await browser.close()
    return result


def run_load(url: str, sessions: int, seconds: float) -> dict:
    return asyncio.run(_load(url, sessions, seconds))


class Background(threading.Thread):
    """The load in a thread, so a measurement can run beside it."""

    def __init__(self, url: str, sessions: int, seconds: float):
        super().__init__(daemon=True)
        self.args = (url, sessions, seconds)
        self.result: dict = {}

    def run(self) -> None:
        self.result = run_load(*self.args)


def saved_scenarios(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT navn FROM scenario WHERE navn LIKE 'last-%'").fetchall()}
    finally:
        con.close()


def measure(sessions: int, seconds: float) -> dict:
    """Fresh database and server; run the load; report moves, saves, lost saves, errors,
    server memory (peak) and the server's share of the CPU."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        build.database(paths.SOURCES_DIR, db)
        memory = []
        with streamlit_process(db) as (url, proc):
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(2):
                    memory.append(rss_mb(proc.pid))

            threading.Thread(target=sample, daemon=True).start()
            cpu_before, started = cpu_seconds(proc.pid), time.monotonic()
            result = run_load(url, sessions, seconds)
            elapsed = time.monotonic() - started
            server_cpu = (cpu_seconds(proc.pid) - cpu_before) / elapsed
            stop.set()
        present = saved_scenarios(db)
    return {
        "sessions": sessions,
        "seconds": round(elapsed, 1),
        "slider_moves": result["moves"],
        "scenarios_saved": len(result["saved"]),
        "scenarios_lost": sorted(set(result["saved"]) - present),
        "errors": result["errors"],
        "server_memory_mb_max": round(max(memory), 1) if memory else None,
        "server_cpu_cores_used": round(server_cpu, 2),
        "machine_cores": os.cpu_count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    report = measure(args.sessions, args.seconds)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if not report["errors"] and not report["scenarios_lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
