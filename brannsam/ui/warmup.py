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

from brannsam.data.services import STRUCTURES
from brannsam.funding import scenarios
from brannsam.ui import data, db

log = logging.getLogger("brannsam")


# What the pages import beyond `data`: Python imports each module once per process, and the
# first visit would otherwise pay for it (pydeck, python-docx, reportlab, openpyxl, segno).
PAGE_MODULES = (
    "brannsam.documents.writers",
    "brannsam.present.export",
    "brannsam.present.maps",
    "brannsam.present.overview",
    "brannsam.documents.profile",
    "brannsam.data.quality",
    "brannsam.workshop.store",
    "brannsam.pipeline.importing",
    "brannsam.ui.workshop_phone",
    "brannsam.ui.workshop_wall",
    "brannsam.ui.workshop_facilitator",
    "brannsam.funding.display",
    "brannsam.ui.password",
    "brannsam.ui.errors",
    "brannsam.ui.funding_inputs",
    "brannsam.ui.funding_state",
    "brannsam.ui.layout",
    "segno",
)


def warm() -> float:
    """Import what the pages use and fill the shared caches; returns the seconds it took."""
    started = time.perf_counter()
    for name in PAGE_MODULES:
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
        data.region_checks,
        data.funding_inputs,
    ):
        read()
    data.funding_evaluated(data.priced(scenarios.Settings()))
    return time.perf_counter() - started


def run() -> None:
    """Warm up, log how long it took; never raise (the app works without it, only colder)."""
    try:
        seconds = warm()
    except Exception:  # logged; the app still works, only the first visit is slower
        log.exception("Warm-up failed")
        return
    log.warning("Brannsam er klar: databasen og de delte mellomlagrene er fylt (%.1f s).", seconds)
