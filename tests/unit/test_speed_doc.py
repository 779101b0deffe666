"""docs/speed.md states the last measured figures: its figures section is what
bench/results.json holds, written by bench/report.py (issue 50, point 7)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _report():
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_speed_doc_shows_the_figures_of_the_last_benchmark_run():
    report = _report()
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    doc = (ROOT / "docs" / "speed.md").read_text()
    assert report.section(results) in doc, "run `python bench/report.py` after a benchmark run"


def test_each_timed_figure_is_a_row_with_its_target_and_whether_it_was_met():
    report = _report()
    results = {
        "machine": {"measured": "2026-12-08 02:00", "cpus": 2, "python": "3.11"},
        "data": {"kommuner": 40},
        "benchmarks": {
            "allocation": {
                "40_kommuner": {
                    "median_ms": 1.27,
                    "p95_ms": 1.7,
                    "n": 200,
                    "target_ms": 2,
                    "meets_target": True,
                }
            },
            "documents": {
                "median_ms": 2500.0,
                "p95_ms": 2600.0,
                "n": 5,
                "target_ms": 2000,
                "meets_target": False,
                "målt": "2026-12-08 01:00",
            },
        },
    }
    table = report.section(results)
    assert "| `allocation` | 40_kommuner | 1.27 | 1.7 | 200 | 2 | ja |" in table
    assert "| `documents` | – | 2 500.0 | 2 600.0 | 5 | 2 000 | **nei** | målt 2026-12-08 01:00 |" in table
    with pytest.raises(ValueError):
        report.rewritten("# Speed\n", results)
