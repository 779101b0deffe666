"""Warm the server before the first visitor: open (or build) the database and fill the caches
every session shares, so the first visit to a page after `make run` is no slower than the next.

`brannsam.ui.serve` runs this before the server listens (Streamlit's data caches are global, so
what is filled here serves every session); a failure is logged and the app works as before,
only colder.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import time

from brannsam.data import paths
from brannsam.data.services import STRUCTURES
from brannsam.funding.settings import Settings
from brannsam.ui import data, db, region_results, results

log = logging.getLogger("brannsam")


def page_modules() -> list[str]:
    """What the page scripts and `app.py` import, read from them (so the list never goes stale):
    Python imports each module once per process, and the first visit would otherwise pay for it
    and for what it pulls in (pydeck, python-docx, reportlab, openpyxl, segno)."""
    found: set[str] = set()
    for path in [*sorted((paths.ROOT / "pages").rglob("*.py")), paths.ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if _is_module(full) else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return sorted(found)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def warm() -> float:
    """Import what the pages use and fill the shared caches; returns the seconds it took."""
    started = time.perf_counter()
    for name in page_modules():
        importlib.import_module(name)
    db.handle()
    for structure in STRUCTURES:
        data.municipalities(structure)
        data.services(structure)
    for read in (
        data.structures,
        data.stations,
        data.staffing,
        data.costs,
        data.borders,
        data.map_borders,
        data.settlements,
        data.indicators,
        data.population_points,
        data.rules,
        data.cooperation_areas,
        data.cooperation_scores,
        data.cooperation_gains,
        data.imported_assessors,
        data.organisation_forms,
        data.kontroll,
        region_results.region_checks,
        data.funding_inputs,
    ):
        read()
    results.funding_evaluated(results.priced(Settings()))
    return time.perf_counter() - started


def run() -> None:
    """Warm up, log how long it took; never raise (the app works without it, only colder)."""
    try:
        seconds = warm()
    except Exception:  # logged; the app still works, only the first visit is slower
        log.exception("Warm-up failed")
        return
    log.warning("Brannsam er klar: databasen og de delte mellomlagrene er fylt (%.1f s).", seconds)
