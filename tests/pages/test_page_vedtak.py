"""/vedtak: the councils' decisions, registered on the page behind the admin password, and what
they mean (the share against the condition, the ceilings exceeded, the host)."""

from __future__ import annotations

import duckdb

from brannsam.funding import store
from brannsam.funding.settings import Settings


def test_without_a_password_nothing_can_be_registered(run_page, monkeypatch):
    monkeypatch.delenv("BRANNSAM_ADMIN_PASSWORD", raising=False)
    at = run_page("vedtak")
    assert not at.exception
    assert any("BRANNSAM_ADMIN_PASSWORD" in i.value for i in at.info)
    assert at.button(key="FormSubmitter:vedtak_ett-Registrer").disabled
    table = next(df.value for df in at.dataframe if "Status" in df.value.columns)
    assert len(table) == 40 and set(table["Status"]) == {"ikke behandlet"}


def test_a_registered_no_from_the_host_and_a_yes_over_its_ceiling_show_at_once(run_page, monkeypatch, app_db):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    con = duckdb.connect(str(app_db))
    try:  # the councils voted on B, which has a host municipality
        store.save(con, "Med vertskommune", Settings(alternativ="B"))
    finally:
        con.close()
    at = run_page("vedtak")
    at.selectbox(key="vedtak_scenario").set_value("Med vertskommune").run()
    at.text_input(key="vedtak_passord").set_value("hemmelig-123").run()
    at.text_input(key="vedtak_navn").set_value("Kari").run()
    at.selectbox(key="vedtak_kommune").set_value("5001")
    at.selectbox(key="vedtak_status").set_value("nei")
    at.text_input(key="vedtak_sak").set_value("2026/77")
    at.button(key="FormSubmitter:vedtak_ett-Registrer").click().run()
    assert not at.exception
    assert any("Registrert: Trondheim nei" in s.value for s in at.success)
    at.selectbox(key="vedtak_kommune").set_value("1811")
    at.selectbox(key="vedtak_status").set_value("ja")
    at.text_input(key="vedtak_tak").set_value("100 000")
    at.button(key="FormSubmitter:vedtak_ett-Registrer").click().run()
    table = next(df.value for df in at.dataframe if "Status" in df.value.columns).set_index("Kommunenr.")
    assert table.loc["5001", "Status"] == "nei" and table.loc["5001", "Merknad"] == "står utenfor"
    assert table.loc["1811", "Merknad"] == "må behandles på nytt"
    summary = " ".join(w.value for w in at.warning)
    assert "Trondheim har sagt nei" in summary and "1 kommune får et bidrag over taket" in summary.replace(
        "\u00a0", " "
    )
    # A wrong entry is refused in Norwegian and nothing is written.
    at.selectbox(key="vedtak_kommune").set_value("5025")
    at.selectbox(key="vedtak_status").set_value("nei")
    at.text_input(key="vedtak_tak").set_value("50 000")
    at.button(key="FormSubmitter:vedtak_ett-Registrer").click().run()
    assert any("bare til et vedtak med status «ja»" in e.value for e in at.error)
    history = next(df.value for df in at.dataframe if "Registrert av" in df.value.columns)
    assert len(history) == 2 and set(history["Registrert av"]) == {"Kari"}
    at.button(key="vedtak_angre").click().run()
    table = next(df.value for df in at.dataframe if "Status" in df.value.columns).set_index("Kommunenr.")
    assert table.loc["1811", "Status"] == "ikke behandlet" and table.loc["5001", "Status"] == "nei"


def test_the_facilitator_makes_an_infoskriv_from_the_page(run_page, monkeypatch):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    at = run_page("vedtak")
    assert at.button(key="vedtak_infoskriv").disabled
    at.text_input(key="vedtak_passord").set_value("hemmelig-123").run()
    at.button(key="vedtak_infoskriv").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    labels = [d.proto.label for d in downloads]
    assert "Last ned infoskrivet (Word)" in labels and "Last ned infoskrivet (PDF)" in labels
