"""Warm the server before the first visitor: open (or build) the database and fill the caches
every session shares, so the first visit to a page after `make run` is no slower than the next.

`brannsam.ui.serve` runs this before the server listens (Streamlit's data caches are global, so
what is filled here serves every session); a failure is logged and the app works as before,
only colder.
"""

from __future__ import annotations

import importlib
import logging
import time

from brannsam.funding import scenarios
from brannsam.services import STRUCTURES
from brannsam.ui import data, db

log = logging.getLogger("brannsam")


# What the pages import beyond `data`: Python imports each module once per process, and the
# first visit would otherwise pay for it (pydeck, python-docx, reportlab, openpyxl, segno).
PAGE_MODULES = (
    "brannsam.documents",
    "brannsam.export",
    "brannsam.maps",
    "brannsam.overview",
    "brannsam.profile",
    "brannsam.quality",
    "brannsam.workshop",
    "brannsam.imports.workflow",
    "brannsam.funding.display",
    "brannsam.ui.access",
    "brannsam.ui.errors",
    "brannsam.ui.funding_state",
    "brannsam.ui.layout",
    "segno",
)


def warm() -> float:
    """Fill the shared caches, what the overview (the first page most visitors open) needs first,
    then import and read what the other pages use; returns the seconds it took."""
    started = time.perf_counter()
    db.handle()
    default = scenarios.encode(scenarios.Settings())
    for read in (data.structures, data.municipalities, data.services, data.stations, data.staffing):
        read()
    data.costs()
    data.borders()
    for name in PAGE_MODULES:
        importlib.import_module(name)
    for structure in STRUCTURES:
        data.municipalities(structure)
        data.services(structure)
    for read in (
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
        data.region_checks,
        data.funding_inputs,
    ):
        read()
    data.funding_evaluated(default)
    return time.perf_counter() - started


def run() -> None:
    """Warm up, log how long it took; never raise (the app works without it, only colder)."""
    try:
        seconds = warm()
    except Exception:  # logged; the app still works, only the first visit is slower
        log.exception("Warm-up failed")
        return
    log.warning("Brannsam er klar: databasen og de delte mellomlagrene er fylt (%.1f s).", seconds)
