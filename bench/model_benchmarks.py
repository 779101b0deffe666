"""Benchmarks of the model code (no browser): build, index, coverage, allocation, sensitivity."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
from common import ROOT, benchmark, summary, timed
from streamlit.testing.v1 import AppTest

from brannsam.alternatives import analysis
from brannsam.alternatives import store as alternatives_store
from brannsam.cooperation import model as cooperation
from brannsam.data import paths, queries
from brannsam.documents import brief, region_facts
from brannsam.documents import writers as documents
from brannsam.funding import allocation, budget, consequences, ranges, scenarios, store
from brannsam.funding.settings import Settings
from brannsam.imports import datasets, importer
from brannsam.pipeline import build, importing
from brannsam.present import maps
from brannsam.risk import coverage, indicators, network
from brannsam.risk import index as risk
from brannsam.workshop import store as workshop_store
from brannsam.workshop import tally


@benchmark("database_build")
def bench_build(workdir: Path) -> dict:
    target = workdir / "bench-build.duckdb"
    return summary(timed(lambda: build.database(paths.SOURCES_DIR, target), 5), 1000)


@benchmark("overview_rerun")
def bench_overview_rerun(workdir: Path) -> dict:
    """Server-side time of a full overview rerun (AppTest, caches warm)."""
    os.environ["BRANNSAM_DB"] = str(workdir / "bench-build.duckdb")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return summary(timed(at.run, 20), 150)


def _risk_inputs(workdir: Path):
    con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
    values = indicators.wide(queries.indicators(con))
    names = queries.municipalities(con).set_index("kommunenummer")["kommunenavn"]
    data = {
        "values": values,
        "names": names,
        "borders": queries.borders(con),
        "stations": queries.stations(con),
        "points": queries.population_points(con),
        "network": network.from_db(con),
        "rules": queries.rules(con),
    }
    con.close()
    return data


def synthetic_region(values, names, copies: int = 10):
    """A region `copies` times as large: the real indicators with deterministic ±20 % noise."""
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
    data = _risk_inputs(workdir)
    points, stations = data["points"], data["stations"]
    assumptions = coverage.Assumptions()

    def run() -> None:
        coverage.summary(
            points,
            coverage.minutes(points, stations, assumptions, data["network"]),
            coverage.limits(data["rules"]),
        )

    result = summary(timed(run, 30), 300)
    result["punkter"] = len(points)
    result["stasjoner"] = int(stations["lat"].notna().sum())
    return result


@benchmark("risk_map_payload")
def bench_map_payload(workdir: Path) -> dict:
    data = _risk_inputs(workdir)
    mins = coverage.minutes(data["points"], data["stations"], coverage.Assumptions(), data["network"])
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
    con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
    drivers, _, _ = store.drivers(con)
    con.close()
    blocks = budget.by_block(budget.legacy_lines())
    keys = {"alle": allocation.DEFAULT_KEY, "beredskap": {"risiko": 2, "areal": 1}}
    rng = np.random.default_rng(2024)
    big = pd.concat(
        [
            drivers.set_axis([f"{nr}-{i}" for nr in drivers.index]) * rng.uniform(0.8, 1.2, drivers.shape)
            for i in range(10)
        ]
    )
    big["fast"] = 1.0
    return {
        "40_kommuner": summary(timed(lambda: allocation.allocate(blocks, drivers, keys), 200), 2),
        "400_kommuner_syntetisk": summary(timed(lambda: allocation.allocate(blocks, big, keys), 100), 10),
    }


@benchmark("funding_ranges")
def bench_funding_ranges(workdir: Path) -> dict:
    """One setting of the funding page: the central evaluation, and with the low/high of every
    money figure (four more evaluations at the corners of the assumptions' ranges)."""
    con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
    inputs = store.inputs(con)
    # the recommended package priced, as the page prices it (unpriced settings have no lines)
    settings = alternatives_store.packaged(con, Settings())[0].settings
    without_two = alternatives_store.packaged(con, Settings(uten=["5025", "1811"]))[0].settings
    con.close()
    return {
        "sentral": summary(timed(lambda: consequences.evaluate(settings, inputs), 30), 50),
        "med_spenn": summary(timed(lambda: ranges.evaluate(settings, inputs), 20), 250),
        "med_spenn_uten_to": summary(timed(lambda: ranges.evaluate(without_two, inputs), 20), 250),
    }


@benchmark("alternatives")
def bench_alternatives(workdir: Path) -> dict:
    """Issue 30: what the alternatives page costs. Once per data version, the base every effect is
    measured on (today's verdicts, who is nearest across borders); per setting, the five
    alternatives priced with their ranges and «nothing cut» (30 funding evaluations) and their
    effects measured; per move of the rate per point, the ranking alone."""
    con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
    inputs = store.inputs(con)
    base = alternatives_store.region(con)
    opts, _ = alternatives_store.default_options(con)
    con.close()

    def region() -> None:
        con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
        alternatives_store.region(con)
        con.close()

    settings = Settings()
    comparison = analysis.compare(settings, opts, inputs, base)

    def cached(option: dict, _region, _left_out=()) -> object:  # the page keeps each option's effects
        return comparison.effects[option["id"]]

    return {
        "grunnlag_per_dataversjon": summary(timed(region, 3)),
        "fem_alternativer_per_oppsett": summary(
            timed(lambda: analysis.compare(settings, opts, inputs, base), 5)
        ),
        "fem_alternativer_ny_realisering": summary(
            timed(lambda: analysis.compare(settings, opts, inputs, base, measure=cached), 5)
        ),
        "rangering_per_betalingsvilje": summary(timed(lambda: analysis.rank(comparison, 3_000_000), 50), 50),
    }


@benchmark("cooperation_sensitivity")
def bench_sensitivity(workdir: Path) -> dict:
    """10 000 Dirichlet weight draws over 10 areas × 8 criteria (synthetic 1–5 scores)."""
    rng = np.random.default_rng(2024)
    median = pd.DataFrame(
        rng.integers(1, 6, size=(10, len(cooperation.CRITERIA))).astype(float),
        index=[f"omrade{i}" for i in range(10)],
        columns=list(cooperation.CRITERIA),
    )
    result = summary(timed(lambda: cooperation.sensitivity(median, cooperation.DEFAULT_WEIGHTS), 20), 1000)
    result["trekk"] = 10_000
    return result


# link text in the sidebar -> (heading on the page, main element)


def _import_once(workdir: Path, name: str, data: bytes, run: int) -> tuple[float, float]:
    """(ms to validate + preview + accept, ms to undo) on a fresh copy of the database."""
    db = workdir / f"bench-import-{name}-{run}.duckdb"
    shutil.copy(workdir / "bench-read.duckdb", db)
    store = workdir / f"bench-imports-{name}-{run}"
    con = duckdb.connect(str(db))
    try:
        start = time.perf_counter()
        parsed = importing.check(con, f"{name}.xlsx", data)
        importer.preview(con, parsed.dataset, parsed.frame)
        importing.accept(con, f"{name}.xlsx", data, "bench", store)
        accepted = time.perf_counter()
        importing.undo_last(con, paths.SOURCES_DIR, store, "bench")
        undone = time.perf_counter()
    finally:
        con.close()
    return (accepted - start) * 1000, (undone - accepted) * 1000


def _workbook(sheet: str, header: list[str], rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in [header, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@benchmark("import")
def bench_import(workdir: Path) -> dict:
    """A service re-sending the whole station list (every row read, compared and written; coverage
    and risk indicators recomputed), and 10 assessors × 10 areas of scores: validate + preview +
    accept on a fresh copy of the database, then undo (which rebuilds the import tables)."""
    con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
    stations = con.execute(
        "SELECT kommunenummer, navn, lat, lon, kategori FROM brannstasjon ORDER BY stasjon_id"
    ).fetchall()
    areas = [r[0] for r in con.execute("SELECT omrade_id FROM samarbeidsomrade").fetchall()]
    con.close()
    rows = {
        "stasjoner": [[*station, None, 2025, "Brannvesenets liste"] for station in stations],
        "samarbeidsvurdering": [
            [f"Vurderer {v}", area, *[1 + (v + a + c) % 5 for c in range(8)], 100_000 * v, "Benk"]
            for v in range(10)
            for a, area in enumerate(areas)
        ],
    }
    result = {}
    for name, body in rows.items():
        dataset = datasets.DATASETS[name]
        data = _workbook(dataset.sheet, [f.header for f in dataset.fields], body)
        runs = [_import_once(workdir, name, data, run) for run in range(5)]
        result[name] = {
            "rader": len(body),
            "importer": summary([r[0] for r in runs]),
            "angre": summary([r[1] for r in runs]),
        }
    return result


@benchmark("import_oversized")
def bench_import_oversized(workdir: Path) -> dict:
    """Hostile uploads (issue 12, target: refused within 30 s and under 1 GB): a workbook of
    200 000 rows and an 18 MB CSV of bad rows, parsed in a child process so that its peak memory
    is its own."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "oversized_upload.py")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    result["target"] = "refused < 30 s, < 1 GB"
    result["meets_target"] = (
        all(v["refused_s"] < 30 for k, v in result.items() if isinstance(v, dict))
        and result["peak_rss_mb"] < 1024
    )
    return result


@benchmark("documents")
def bench_documents(workdir: Path) -> dict:
    """Council briefs (issue 16): one brief (content + Word + PDF), and all 40 of each kind."""
    con = duckdb.connect(str(workdir / "bench-read.duckdb"), read_only=True)
    try:
        region = region_facts.region(con)
        settings = alternatives_store.packaged(con, Settings())[0].settings  # the recommendation
    finally:
        con.close()
    today = dt.date.today()
    numbers = list(region.kommuner["kommunenummer"])

    def one() -> None:
        item = brief.municipality_brief("5025", region, settings, "Bench", "http://x", today)
        documents.to_docx(item)
        documents.to_pdf(item)

    def every(kind: str) -> None:
        for nr in numbers:
            documents.WRITERS[kind](
                brief.municipality_brief(nr, region, settings, "Bench", "http://x", today)
            )

    return {
        "ett_vedlegg_docx_og_pdf": summary(timed(one, 5), 2000),
        "alle_40_docx": summary(timed(lambda: every("docx"), 1), 30_000),
        "alle_40_pdf": summary(timed(lambda: every("pdf"), 1), 120_000),
    }


@benchmark("workshop")
def bench_workshop(workdir: Path) -> dict:
    """Issue 17: the projector's refresh (progress + results) with 40 participants × 10 areas ×
    8 criteria answered, and saving one participant's area."""
    db = workdir / "bench-workshop.duckdb"
    shutil.copy(workdir / "bench-read.duckdb", db)
    con = duckdb.connect(str(db))
    areas = [r[0] for r in con.execute("SELECT omrade_id FROM samarbeidsomrade").fetchall()]
    code = workshop_store.create(con, "Bench", areas)
    for n in range(40):
        workshop_store.join(con, code, f"Deltaker {n}", None)
        for i, area in enumerate(areas):
            workshop_store.answer(
                con, code, f"Deltaker {n}", area, dict.fromkeys(cooperation.CRITERIA, 1 + (n + i) % 5)
            )

    def refresh() -> None:
        tally.progress(con, code)
        tally.results(con, code)

    def save() -> None:
        workshop_store.answer(con, code, "Deltaker 0", areas[0], dict.fromkeys(cooperation.CRITERIA, 3))

    try:
        return {
            "deltakere_omrader_kriterier": [40, len(areas), len(cooperation.CRITERIA)],
            "lerret_oppdatering": summary(timed(refresh, 20), 200),
            "lagre_ett_omrade": summary(timed(save, 20), 300),
        }
    finally:
        con.close()


def _counted(owner: object, name: str, calls: dict[str, int], label: str) -> None:
    """Wrap `owner.name` (a module's function or a class's classmethod) so that each call adds
    one to `calls[label]`."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        calls[label] += 1
        return original(*args, **kwargs)

    setattr(owner, name, staticmethod(wrapper) if isinstance(owner, type) else wrapper)


@benchmark("slider_path")
def bench_slider_path(workdir: Path) -> dict:
    """One weight slider on /finansiering moved, in-process (AppTest runs the whole page, with its
    caches warm): how often the settings are validated, asked for as a link and a short code, and
    compressed (a link of settings already packed is not compressed again) per run, and the run's
    server CPU. The browser figure of the same move (its fragment only) is `server_cost`."""
    os.environ["BRANNSAM_DB"] = str(workdir / "bench-build.duckdb")
    calls = {"validering": 0, "koding": 0, "kortkode": 0}
    _counted(scenarios, "encode", calls, "koding")
    _counted(scenarios, "short_code", calls, "kortkode")
    _counted(Settings, "from_dict", calls, "validering")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/views/finansiering.py").run()
    key = next(s.key for s in at.slider if s.key and s.key.startswith("fin_vekt_"))
    cpu, per_run = [], []
    for value in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0):
        for name in calls:
            calls[name] = 0
        packed = scenarios._packed.cache_info().misses
        start = time.process_time()
        next(s for s in at.slider if s.key == key).set_value(value).run()
        cpu.append((time.process_time() - start) * 1000)
        per_run.append(dict(calls, komprimering=scenarios._packed.cache_info().misses - packed))
    if at.exception:
        return {"feil": str(at.exception[0].message)[:300]}
    return {
        "kjoring_cpu_ms": summary(cpu)["median_ms"],
        "per_kjoring": max(per_run, key=lambda c: sum(c.values())),
        "n": len(cpu),
    }
