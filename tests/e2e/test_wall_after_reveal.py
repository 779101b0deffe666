"""The wall fits one 1366×768 projector screen, after the reveal (the ranked table beside the
matrix) and while a round of ten areas is open with its results hidden (issue 49, point 13)."""

from __future__ import annotations

import duckdb
from playwright.sync_api import expect

from brannsam.cooperation import model as cooperation
from brannsam.data import paths
from brannsam.pipeline import build
from brannsam.workshop import store
from harness.server import streamlit_server, wait_for_app

# How tall the page is, wherever Streamlit scrolls it (its main container).
PAGE_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
    ...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]']
    .map((s) => document.querySelector(s)).filter(Boolean).map((e) => e.scrollHeight))"""


def test_the_revealed_wall_of_ten_areas_fits_a_1366_by_768_screen(open_tab, tmp_path):
    db = tmp_path / "vegg.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    con = duckdb.connect(str(db))
    try:
        areas = [r[0] for r in con.execute("SELECT omrade_id FROM samarbeidsomrade").fetchall()]
        code = store.create(con, "Vegg", areas, anonymous=True)
        for n, person in enumerate(["Kari", "Per", "Ola", "Anne"]):
            store.join(con, code, person, None, key=f"k{n}")
            for i, area in enumerate(areas):
                store.answer(con, code, person, area, dict.fromkeys(cooperation.CRITERIA, 1 + (i + n) % 5))
        store.set_status(con, code, "avslort")
        hidden = store.create(con, "Vegg skjult", areas, anonymous=True)  # open, results hidden
    finally:
        con.close()
    with streamlit_server(db) as url:
        wall = open_tab(1366, 768)
        wall.goto(f"{url}/verksted?kode={code}&visning=projektor")
        wait_for_app(wall)
        expect(wall.locator("[data-testid='stTable']")).to_be_visible(timeout=20_000)
        expect(wall.locator(".js-plotly-plot").first).to_be_visible(timeout=20_000)
        assert wall.locator("[data-testid='stTable'] tbody tr").count() == len(areas)
        assert wall.evaluate(PAGE_HEIGHT) <= 768
        # An open round of ten areas with its results hidden: the QR code and every row on screen.
        wall.goto(f"{url}/verksted?kode={hidden}&visning=projektor")
        wait_for_app(wall)
        expect(wall.locator("[data-testid='stTable'] tbody tr")).to_have_count(len(areas), timeout=20_000)
        assert wall.evaluate(PAGE_HEIGHT) <= 768
