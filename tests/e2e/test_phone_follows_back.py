"""Issue 49, point 13: in a paced round, a phone that has not answered follows the facilitator
back with «◀ Forrige» and shows the form for that area at once, not only after «Neste»."""

from __future__ import annotations

import duckdb
from playwright.sync_api import expect
from test_verksted import PHONE, facilitator_page

from brannsam.cooperation import model as cooperation
from brannsam.data import paths
from brannsam.pipeline import build
from brannsam.workshop import store
from harness.server import streamlit_server, wait_for_app


def test_a_phone_that_has_not_answered_follows_the_round_back(open_tab, tmp_path):
    db = tmp_path / "tilbake.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    con = duckdb.connect(str(db))
    try:
        code = store.create(con, "Tilbake", ["ledelse", "overordnet_vakt", "feiing"], paced=True)
    finally:
        con.close()
    env = {"BRANNSAM_ADMIN_PASSWORD": "hemmelig-123", "BRANNSAM_IMPORTS": str(tmp_path / "imports")}
    with streamlit_server(db, extra_env=env) as url:
        facilitator = facilitator_page(open_tab, url)
        wait_for_app(facilitator)
        phone = open_tab(*PHONE, phone=True)
        phone.goto(f"{url}/verksted?kode={code}")
        wait_for_app(phone)
        phone.get_by_label("Ditt navn").fill("Kari")
        phone.get_by_role("button", name="Bli med").click()
        groups = phone.locator("[data-testid='stButtonGroup']")
        expect(groups).to_have_count(len(cooperation.CRITERIA), timeout=20_000)
        expect(phone.get_by_text("1 av 3")).to_be_visible()
        facilitator.get_by_role("button", name="Neste ▶", exact=True).click()
        expect(phone.get_by_text("2 av 3")).to_be_visible(timeout=20_000)  # followed forward
        wait_for_app(facilitator)
        facilitator.get_by_role("button", name="◀ Forrige", exact=True).click()
        expect(phone.get_by_text("1 av 3")).to_be_visible(timeout=20_000)  # and back
        expect(groups).to_have_count(len(cooperation.CRITERIA), timeout=10_000)  # with its form
        expect(phone.get_by_role("button", name="Lagre og gå videre")).to_be_visible()
