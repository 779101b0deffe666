"""Verksted for the alternatives: the facilitator opens a round that scores them, a phone
scores one alternative at a time from −4 to +4, the wall shows the sum after the reveal, and
/alternativer then names the round as who set the scores."""

import duckdb
from test_page_verksted import facilitator, set_status

from brannsam.funding import options
from brannsam.workshop import rounds, store

SCORES = {"kvalitet": 3, "robusthet": 2, "kompetanse": 2, "forankring": -1, "gjennomforing": -1}


def test_the_facilitator_opens_a_round_that_scores_the_alternatives(run_page, monkeypatch, app_db):
    at = facilitator(run_page, monkeypatch)
    at.radio(key="verksted_gjelder").set_value(rounds.ALTERNATIVES).run()
    assert not at.exception
    chosen = at.multiselect(key="verksted_valgte_alternativer")
    assert chosen.value == ["A", "B", "C", "D"]  # never the zero alternative
    assert at.multiselect(key="verksted_kriterier_alternativer").value == list(options.CRITERIA)
    at.text_input(key="verksted_rundenavn").set_value("Alternativene")
    next(b for b in at.button if b.label == "Åpne runden").click().run()
    assert not at.exception
    code = at.selectbox(key="verksted_runde").value
    con = duckdb.connect(str(app_db))
    try:
        assert store.info(con, code)["gjelder"] == rounds.ALTERNATIVES
    finally:
        con.close()


def test_a_phone_scores_an_alternative_against_the_zero_alternative(run_page, app_db):
    con = duckdb.connect(str(app_db))
    try:
        code = store.create(con, "Mobil", ["B", "C"], subject_=rounds.ALTERNATIVES)
    finally:
        con.close()
    at = run_page("verksted", kode=code)
    at.text_input(key="verksted_navn").set_value("Kari")
    next(b for b in at.button if b.label == "Bli med").click().run()
    assert not at.exception
    assert any("Felles overordnet vakt" in m.value for m in at.markdown)
    assert any("nullalternativet" in c.value for c in at.caption)
    control = at.segmented_control(key="verksted_score_B_kvalitet")
    assert control.options == ["−4", "−3", "−2", "−1", "0", "+1", "+2", "+3", "+4"]
    for criterion, value in SCORES.items():
        at.segmented_control(key=f"verksted_score_B_{criterion}").set_value(value)
    at.button(key="verksted_send").click().run()
    assert not at.exception
    assert any("Lagret: Felles overordnet vakt" in s.value for s in at.success)
    con = duckdb.connect(str(app_db))
    try:
        rows = con.execute("SELECT kriterium, poeng FROM verksted_svar WHERE kode = ?", [code]).fetchall()
    finally:
        con.close()
    assert dict(rows) == SCORES


def test_after_the_reveal_the_wall_shows_the_sum_and_the_alternatives_page_names_the_round(run_page, app_db):
    con = duckdb.connect(str(app_db))
    try:
        code = store.create(con, "Samling alternativer", ["B", "C"], subject_=rounds.ALTERNATIVES)
        for n, person in enumerate(["Kari", "Per", "Ola", "Anne", "Nils"]):
            store.join(con, code, person, None, key=f"k{n}")
            store.answer(con, code, person, "B", SCORES)
    finally:
        con.close()
    wall = run_page("verksted", kode=code, visning="projektor")
    assert not wall.exception
    table = wall.table[0].value
    assert "Poeng (sum)" in table.columns and set(table["Poeng (sum)"]) == {"–"}  # hidden until the reveal
    set_status(app_db, code, "avslort")
    wall = run_page("verksted", kode=code, visning="projektor")
    table = wall.table[0].value
    assert table.loc["1", "Poeng (sum)"] == "+6" and table.loc["1", "Alternativ"].startswith(
        "Felles overordnet"
    )
    page = run_page("alternativer")
    assert not page.exception
    text = " ".join(str(e.value) for e in [*page.markdown, *page.caption, *page.info])
    tables = " ".join(d.value.to_string() for d in page.dataframe)
    assert "Samling alternativer" in text + tables
