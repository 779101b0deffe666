"""`make bench`: measure what the issues set targets for, on this machine, into bench/results.json.

Each benchmark returns a dict of figures; the file also records the machine and the data size.
Run all, or name some: `python bench/run.py coverage allocation`.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import browser_benchmarks  # noqa: F401  (registers its benchmarks)
import duckdb
import model_benchmarks  # noqa: F401  (registers its benchmarks)
import report
import server_cost  # noqa: F401  (registers its benchmarks)
from common import BENCHMARKS, ROOT

from brannsam.data import paths, quality
from brannsam.pipeline import build

RESULTS = ROOT / "bench" / "results.json"


def main(names: list[str]) -> int:
    selected = names or list(BENCHMARKS)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "measured": time.strftime("%Y-%m-%d %H:%M"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        build.database(paths.SOURCES_DIR, workdir / "bench-build.duckdb")
        results["data"] = data_size(workdir / "bench-build.duckdb")
        # Direct reads get their own copy: the AppTest benchmark opens the first one read-write
        # in this process, and DuckDB refuses a read-only connection beside it.
        shutil.copy(workdir / "bench-build.duckdb", workdir / "bench-read.duckdb")
        for name in selected:
            try:
                figures = BENCHMARKS[name](workdir)
            except Exception as err:  # written down as the result: a benchmark that could not finish
                figures = {"feil": f"{type(err).__name__}: {err}"[:500]}
            # Each benchmark says when it ran: a single benchmark rerun leaves the others' dates.
            results.setdefault("benchmarks", {})[name] = figures | {"målt": time.strftime("%Y-%m-%d %H:%M")}
            print(f"{name}: {results['benchmarks'][name]}")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Skrev {RESULTS}")
    report.main()
    return 0


def data_size(database: Path) -> dict[str, int]:
    """The rows the benchmarks ran on, counted in the database they used."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = quality.overview(con).set_index("Tabell")["Rader"]
    return {
        "kommuner": int(rows["Kommuner"]),
        "brannstasjoner": int(rows["Brannstasjoner"]),
        "tettsteder": int(rows["Tettsteder"]),
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
