"""Saving from the pages: what one session saves, another sees; nothing saved is lost or
silently replaced; failures are told in Norwegian."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from brannsam.cooperation import store as cooperation_store
from brannsam.data.paths import ROOT
from brannsam.funding import scenarios, store
from brannsam.funding.settings import Settings
from brannsam.ui import db


def save_scenario(at, name: str, overwrite: bool = False):
    at.text_input(key="fin_navn").set_value(name)
    at.checkbox(key="fin_overskriv").set_value(overwrite)
    next(b for b in at.button if b.label == "Lagre gjeldende oppsett").click().run()
    assert not at.exception
    return at


def saved_in_file(db: Path, tmp_path: Path) -> list[str]:
    """What a restart would find: a copy of the file and its log, opened on its own."""
    copy = tmp_path / "kopi.duckdb"
    shutil.copy(db, copy)
    if db.with_name(db.name + ".wal").exists():
        shutil.copy(db.with_name(db.name + ".wal"), copy.with_name(copy.name + ".wal"))
    con = duckdb.connect(str(copy), read_only=True)
    try:
        return store.names(con)
    finally:
        con.close()


def test_a_scenario_saved_in_one_session_is_listed_in_another(run_page):
    first = run_page("finansiering")
    other = run_page("finansiering")
    assert any("Ingen lagrede scenarioer" in c.value for c in other.caption)
    save_scenario(first, "Fra første økt")
    other.run()
    assert other.selectbox(key="fin_valgt").options == ["Fra første økt"]


def test_saves_after_the_database_file_was_deleted_survive_a_restart(run_page, app_db, tmp_path):
    at = save_scenario(run_page("finansiering"), "Før slettingen")
    app_db.unlink()
    save_scenario(at, "Etter slettingen")
    assert any("Lagret «Etter slettingen»" in s.value for s in at.success)
    assert app_db.exists()
    assert sorted(saved_in_file(app_db, tmp_path)) == ["Etter slettingen", "Før slettingen"]


def test_saving_under_an_existing_name_needs_confirmation_and_keeps_the_old_version(run_page, app_db):
    save_scenario(run_page("finansiering"), "Felles")
    other = run_page("finansiering")
    next(s for s in other.slider if s.key.startswith("fin_aar")).set_value(8).run()
    save_scenario(other, "Felles")
    assert any("heter allerede «Felles»" in e.value for e in other.error)
    save_scenario(other, "Felles", overwrite=True)
    assert any("Lagret «Felles»" in s.value for s in other.success)
    con = duckdb.connect(str(app_db))  # the app's own database instance (same process)
    try:
        assert store.load(con, "Felles").innfasing_aar == 8
        archived = con.execute("SELECT art, navn, innhold FROM arkiv").fetchall()
    finally:
        con.close()
    assert [(a, n) for a, n, _ in archived] == [("scenario", "Felles")]
    assert '"innfasing_aar": 3' in archived[0][2]  # the first version, as it was


def test_a_scenario_named_like_a_column_is_refused_and_the_page_keeps_working(run_page):
    at = save_scenario(run_page("finansiering"), "Kommune")
    assert any("kolonnenavn" in e.value for e in at.error)
    save_scenario(at, "A")
    save_scenario(at, "B")
    at.run()
    assert not at.exception


def test_scores_saved_by_another_session_show_without_clearing_any_cache(run_page, app_db):
    before = run_page("samarbeid")
    assert any("Ingen vurderinger er lagret ennå" in i.value for i in before.info)
    con = duckdb.connect(str(app_db))  # the app's own database instance (same process)
    areas = dict(con.execute("SELECT omrade_id, navn FROM samarbeidsomrade").fetchall())
    cooperation_store.save(con, "Gruppe X", pd.DataFrame({"okonomi": 4.0}, index=list(areas)), areas)
    con.close()
    after = run_page("samarbeid")
    assert any("1 vurderer(e)" in c.value for c in after.caption)


def test_cursors_of_ended_runs_and_of_a_reopened_connection_are_closed(app_db):
    con = duckdb.connect(str(app_db))
    ended = {}
    worker = threading.Thread(target=lambda: ended.update(cursor=con.cursor()))
    worker.start()
    worker.join()
    live, stale = con.cursor(), con.cursor()
    cursors = {worker.ident: (0, ended["cursor"]), threading.get_ident(): (0, live), -1: (-1, stale)}
    db._sweep(cursors, generation=0)
    assert list(cursors) == [threading.get_ident()]
    assert live.execute("SELECT count(*) FROM kommune").fetchone()[0] == 40
    for closed in (ended["cursor"], stale):
        with pytest.raises(duckdb.Error, match="closed"):
            closed.execute("SELECT 1")
    con.close()


def test_a_session_holds_one_cursor_however_many_runs(run_page):
    at = run_page("oversikt")
    for _ in range(4):
        at.run()
    assert len(at.session_state["_brannsam_cursors"]) == 1


def test_a_second_server_on_a_database_in_use_says_so_without_a_path(app_db):
    code = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('klar', flush=True); "
        "time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(app_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "klar"
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        shown = " ".join(e.value for e in at.error)
        assert "i bruk av en annen prosess" in shown
        assert str(app_db) not in shown and "ikke en database" not in shown
    finally:
        holder.kill()
        holder.wait()


def test_a_short_link_opens_the_saved_scenario(run_page, app_db):
    con = duckdb.connect(str(app_db))
    settings = Settings(uten=["5025"])
    store.save(con, "Uten Røros", settings)
    con.close()
    at = run_page("finansiering", kode=scenarios.short_code(settings))
    assert not at.exception
    assert at.session_state["fin_settings"].uten == ["5025"]
    missing = run_page("finansiering", kode="AAAAAAAAAA")
    assert any("Fant ikke noe lagret scenario" in w.value for w in missing.warning)


def test_a_short_link_in_a_brief_still_opens_after_its_scenario_is_overwritten(run_page, app_db):
    con = duckdb.connect(str(app_db))
    old = Settings(uten=["5025"])
    store.save(con, "Uten Røros", old)
    store.save(con, "Uten Røros", Settings(uten=["5025", "1811"]), overwrite=True)
    assert store.resolve(con, scenarios.short_code(old)).replaced
    con.close()
    at = run_page("finansiering", kode=scenarios.short_code(old))
    assert not at.exception
    assert at.session_state["fin_settings"].uten == ["5025"]  # what the brief was made from
    assert any("slik det var da lenken ble laget" in i.value for i in at.info)
