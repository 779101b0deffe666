from pathlib import Path

import duckdb
import pytest
from filled_templates import filled
from streamlit.testing.v1 import AppTest

from brannsam.imports import importer
from brannsam.pipeline import importing

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_data_page_shows_tables_and_quality_warnings(run_page):
    at = run_page("datagrunnlag")
    assert not at.exception
    overview = next(df.value for df in at.dataframe if "Andel estimat (%)" in df.value.columns)
    assert set(overview["Tabell"]) >= {"Kommuner", "Bemanning", "Kostnader (338/339)"}
    assert overview.set_index("Tabell").loc["Kostnader (338/339)", "Andel estimat (%)"] == 100
    assert any("mangler koordinater" in w.value for w in at.warning)
    places = next(df.value for df in at.dataframe if "Størrelse" in df.value.columns)
    guesses = int((places["Størrelse"] == "anslått").sum())
    assert guesses == 10 and places["År"].ne("").all()
    # Straumen's published figure (SSB, 2017) replaced the guess of half of Inderøy (issue 48, point 6).
    summary = next(c.value for c in at.caption if f"{guesses} har anslått størrelse" in c.value)
    assert "Inderøy sentrum" not in summary and "Anslag som ville endret noe" not in summary


def test_import_is_disabled_without_an_admin_password(run_page, monkeypatch):
    monkeypatch.delenv("BRANNSAM_ADMIN_PASSWORD", raising=False)
    at = run_page("datagrunnlag")
    assert any("BRANNSAM_ADMIN_PASSWORD" in i.value for i in at.info)
    assert not any(b.key == "data_angre" for b in at.button)


@pytest.fixture
def one_import(app_db, monkeypatch, tmp_path) -> Path:
    """An admin password and one accepted cost import (by «Kari»); returns the import folder."""
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    store = tmp_path / "imports"
    monkeypatch.setenv("BRANNSAM_IMPORTS", str(store))
    con = duckdb.connect(str(app_db))
    importing.accept(con, "mal.xlsx", filled("kostnader"), "Kari", store)
    con.close()
    return store


def test_an_undo_is_logged_under_the_name_typed(run_page, one_import):
    """There are no user accounts: the import log records the name the admin types."""
    at = run_page("datagrunnlag")
    assert at.text_input(key="data_navn").disabled
    at.text_input(key="data_passord").set_value("hemmelig-123").run()
    at.text_input(key="data_navn").set_value("  Ola   Nordmann ").run()
    at.button(key="data_angre").click().run()
    assert not at.exception
    log = next(df.value for df in at.dataframe if "Bruker" in df.value.columns)
    assert list(log["Bruker"]) == ["Ola Nordmann", "Kari"]
    assert list(log["Datasett"]) == ["angret", "kostnader"]


def test_an_undo_seen_in_one_session_refuses_to_undo_a_later_import(run_page, app_db, one_import):
    """Session A sees «Angre siste import (0001 …)»; B imports 0002; A's click must not undo 0002."""
    store = one_import
    session_a = run_page("datagrunnlag")
    session_a.text_input(key="data_passord").set_value("hemmelig-123").run()
    assert "0001" in session_a.button(key="data_angre").label
    con = duckdb.connect(str(app_db))  # session B, through the app's own database instance
    importing.accept(con, "andre.xlsx", filled("bemanning"), "Per", store)
    con.close()
    session_a.button(key="data_angre").click().run()
    assert not session_a.exception
    assert any("noen har importert i mellomtiden" in e.value for e in session_a.error)
    assert [p.name[:4] for p in importer.stored_files(store)] == ["0001", "0002"]


def test_an_import_folder_that_cannot_be_written_gives_a_norwegian_message(run_page, monkeypatch, tmp_path):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("en fil der importmappa skulle vært")
    monkeypatch.setenv("BRANNSAM_IMPORTS", str(blocker / "imports"))
    at = run_page("datagrunnlag")
    at.text_input(key="data_passord").set_value("hemmelig-123").run()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="data_fil").set_value(("kostnader.xlsx", filled("kostnader"), xlsx)).run()
    at.button(key="data_bekreft").click().run()
    assert not at.exception
    assert any("Importen mislyktes" in e.value and "Ingenting er endret" in e.value for e in at.error)
    overview = next(df.value for df in at.dataframe if "Andel estimat (%)" in df.value.columns)
    assert overview.set_index("Tabell").loc["Kostnader (338/339)", "Andel estimat (%)"] == 100


def test_a_database_path_that_cannot_be_opened_gives_a_norwegian_message(monkeypatch, tmp_path):
    monkeypatch.setenv("BRANNSAM_DB", str(tmp_path))  # a folder, not a database file
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert any("kan ikke åpnes" in e.value for e in at.error)


def test_markdown_in_a_link_or_a_file_name_is_shown_as_text(run_page):
    attack = "![x](http://angriper.example/p.png) [Logg inn](http://angriper.example/p)"
    at = run_page("mitt_brannvesen", brannvesen=attack)
    warning = next(w.value for w in at.warning if "Fant ikke brannvesenet" in w.value)
    assert "](" not in warning.replace("\\]\\(", "")  # every bracket escaped: no link, no image
    assert "\\!\\[x\\]\\(http\u2060\\://angriper\\.example/p\\.png\\)" in warning


def test_data_page_compares_estimates_with_known_figures(run_page):
    at = run_page("datagrunnlag")
    table = next(df.value for df in at.dataframe if "Forhold (estimat/kjent)" in df.value.columns)
    assert len(table) >= 10
    worst = table["Forhold (estimat/kjent)"].map(lambda f: max(f, 1 / f)).dropna()
    assert worst.iloc[0] == worst.max()  # sorted by how far off
    assert any("innenfor en faktor 1,5" in c.value for c in at.caption)
