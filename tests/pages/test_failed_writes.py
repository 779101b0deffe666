"""A write that fails is never reported as a success: with `db.writing()` failing, each write path
says «… mislyktes» and nothing after it behaves as if the write held (no «Lagret», no new «Sist
lagret», no cookie for a key the database never got)."""

from __future__ import annotations

from contextlib import contextmanager

import duckdb
import pytest

from brannsam.cooperation import model as cooperation
from brannsam.ui import db
from brannsam.workshop import store as workshop_store


@contextmanager
def failing():
    raise db.WriteError("Databasefila er skrivebeskyttet (prøve).")
    yield  # pragma: no cover


@pytest.fixture
def broken_writes(monkeypatch):
    """Call to make every later write through `db.writing()` fail before it starts."""
    return lambda: monkeypatch.setattr(db, "writing", failing)


@pytest.fixture
def unconfirmed_writes(monkeypatch):
    """Call to make every later write fail its check afterwards (the file a restart opens is not
    the one written), as `db.writing()` reports a database file swapped under the app."""
    real = db.writing

    @contextmanager
    def fails_after():
        with real() as writer:
            yield writer
        raise db.WriteError("Databasefila ble byttet under lagringen (prøve).")

    return lambda: monkeypatch.setattr(db, "writing", fails_after)


def failed(at, what: str) -> bool:
    return any(f"{what} mislyktes" in e.value for e in at.error)


def test_a_phone_answer_that_was_not_stored_never_says_lagret(run_page, app_db, broken_writes):
    con = duckdb.connect(str(app_db))
    code = workshop_store.create(con, "Samling", ["ledelse", "overordnet_vakt"])
    con.close()
    at = run_page("verksted", kode=code)
    at.text_input(key="verksted_navn").set_value("Kari")
    next(b for b in at.button if b.label == "Bli med").click().run()
    broken_writes()
    for criterion in cooperation.CRITERIA:
        at.segmented_control(key=f"verksted_score_ledelse_{criterion}").set_value(4)
    at.button(key="verksted_send").click().run()
    assert not at.exception
    assert failed(at, "Lagringen")
    assert not any("Lagret" in s.value for s in at.success)
    assert not any("Sist lagret" in c.value for c in at.caption)


def test_a_join_that_was_not_stored_sets_no_key_and_does_not_crash(run_page, app_db, broken_writes):
    con = duckdb.connect(str(app_db))
    code = workshop_store.create(con, "Samling", ["ledelse"])
    con.close()
    at = run_page("verksted", kode=code)
    broken_writes()
    at.text_input(key="verksted_navn").set_value("Kari")
    next(b for b in at.button if b.label == "Bli med").click().run()
    assert not at.exception
    assert failed(at, "Påmeldingen")
    assert "deltaker" not in at.query_params


def test_a_round_that_was_not_opened_is_not_shown_as_opened(run_page, monkeypatch, broken_writes):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    at = run_page("verksted", visning="ordstyrer")
    at.text_input(key="verksted_passord").set_value("hemmelig-123").run()
    broken_writes()
    at.text_input(key="verksted_rundenavn").set_value("Brannsjefsamling")
    next(b for b in at.button if b.label == "Åpne runden").click().run()
    assert not at.exception
    assert failed(at, "Runden")


def test_a_scenario_whose_write_failed_its_check_never_says_lagret(run_page, unconfirmed_writes):
    at = run_page("finansiering")
    unconfirmed_writes()
    at.text_input(key="fin_navn").set_value("Mitt scenario")
    at.button(key="FormSubmitter:fin_lagre-Lagre gjeldende oppsett").click().run()
    assert not at.exception
    assert failed(at, "Lagringen")
    assert not any("Lagret" in s.value for s in at.success)


def test_a_decision_whose_write_failed_never_says_registrert(run_page, monkeypatch, unconfirmed_writes):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    at = run_page("vedtak")
    at.text_input(key="vedtak_passord").set_value("hemmelig-123").run()
    unconfirmed_writes()
    at.selectbox(key="vedtak_kommune").set_value("5001")
    at.selectbox(key="vedtak_status").set_value("nei")
    at.button(key="FormSubmitter:vedtak_ett-Registrer").click().run()
    assert not at.exception
    assert failed(at, "Registreringen")
    assert not any("Registrert" in s.value for s in at.success)
