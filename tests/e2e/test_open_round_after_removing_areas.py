"""Issue 49, point 13: after removing areas from the new round's list, the first click on «Åpne
runden» opens the round, with the areas left."""

from __future__ import annotations

import duckdb
from playwright.sync_api import expect
from test_verksted import code_heading, facilitator_page, shown_code

from brannsam.data import paths
from brannsam.pipeline import build
from brannsam.workshop import store
from harness.server import streamlit_server, wait_for_app


def test_the_first_click_opens_the_round_after_areas_are_removed(open_tab, tmp_path):
    db = tmp_path / "fjernet.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    env = {"BRANNSAM_ADMIN_PASSWORD": "hemmelig-123", "BRANNSAM_IMPORTS": str(tmp_path / "imports")}
    with streamlit_server(db, extra_env=env) as url:
        page = facilitator_page(open_tab, url)
        wait_for_app(page)
        page.get_by_label("Navn på runden").fill("Tre færre")
        remove = page.locator("[data-testid='stMultiSelect']").first.locator("button[aria-label^=Remove]")
        expect(remove).to_have_count(10, timeout=20_000)
        for _ in range(3):
            remove.first.click()
            wait_for_app(page)
        expect(remove).to_have_count(7)
        page.get_by_role("button", name="Åpne runden").click()  # once
        heading = code_heading(page)
        expect(heading).to_have_count(1, timeout=15_000)
        code = shown_code(heading)
        page.context.close()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert len(store.info(con, code)["omrader"]) == 7
    finally:
        con.close()
