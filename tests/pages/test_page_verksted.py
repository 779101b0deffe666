"""Verksted: participants answer from a phone page, the facilitator opens rounds."""

import duckdb

from brannsam import cooperation, workshop


def open_round(app_db, areas=("ledelse", "overordnet_vakt")) -> str:
    con = duckdb.connect(str(app_db))
    try:
        return workshop.create(con, "Samling", list(areas))
    finally:
        con.close()


def stored(app_db) -> int:
    con = duckdb.connect(str(app_db))  # the app's own database instance (same process)
    try:
        return con.execute("SELECT count(*) FROM verksted_svar").fetchall()[0][0]
    finally:
        con.close()


def test_a_participant_joins_answers_one_area_and_moves_on(run_page, app_db):
    code = open_round(app_db)
    at = run_page("verksted", kode=code)
    assert not at.exception
    at.text_input(key="verksted_navn").set_value("Kari")
    next(b for b in at.button if b.label == "Bli med").click().run()
    assert not at.exception
    assert any("1 av 2" in p.text for p in at.get("progress"))
    for criterion in cooperation.CRITERIA:
        at.segmented_control(key=f"verksted_score_ledelse_{criterion}").set_value(4)
    at.button(key="verksted_send").click().run()
    assert not at.exception
    assert any("Lagret: Felles ledelse" in s.value for s in at.success)
    assert any("2 av 2" in p.text for p in at.get("progress"))
    assert stored(app_db) == len(cooperation.CRITERIA)


def test_an_area_with_a_missing_score_is_not_saved(run_page, app_db):
    code = open_round(app_db)
    at = run_page("verksted", kode=code)
    at.text_input(key="verksted_navn").set_value("Per")
    next(b for b in at.button if b.label == "Bli med").click().run()
    at.segmented_control(key="verksted_score_ledelse_okonomi").set_value(3)
    at.button(key="verksted_send").click().run()
    assert any("alle kriteriene" in e.value for e in at.error)
    assert stored(app_db) == 0


def test_a_wrong_code_gets_a_message(run_page):
    at = run_page("verksted", kode="FEIL99")
    assert not at.exception
    assert any("Fant ingen runde" in e.value for e in at.error)


def test_the_facilitator_opens_a_round_and_sees_its_code(run_page, monkeypatch):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    monkeypatch.setenv("BRANNSAM_URL", "http://10.0.0.5:8501")
    at = run_page("verksted")
    at.text_input(key="verksted_passord").set_value("hemmelig-123").run()
    at.text_input(key="verksted_rundenavn").set_value("Brannsjefsamling")
    next(b for b in at.button if b.label == "Åpne runden").click().run()
    assert not at.exception
    code = at.selectbox(key="verksted_runde").value
    assert any(code in m.value for m in at.markdown)
    assert any(
        f"http\\://10\\.0\\.0\\.5\\:8501/verksted?kode={code}" in c.value.replace("\u2060", "")
        for c in at.caption
    )
