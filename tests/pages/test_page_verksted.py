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


def facilitator(run_page, monkeypatch):
    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    monkeypatch.setenv("BRANNSAM_URL", "http://10.0.0.5:8501")
    at = run_page("verksted")
    at.text_input(key="verksted_passord").set_value("hemmelig-123").run()
    return at


def open_from_page(at, name: str) -> None:
    at.text_input(key="verksted_rundenavn").set_value(name)
    next(b for b in at.button if b.label == "Åpne runden").click().run()


def test_a_new_round_is_shown_at_once_and_the_form_is_cleared(run_page, monkeypatch):
    at = facilitator(run_page, monkeypatch)
    open_from_page(at, "Første")
    first = at.selectbox(key="verksted_runde").value
    open_from_page(at, "Andre")
    assert not at.exception
    shown = at.selectbox(key="verksted_runde").value
    assert shown != first and "Andre" in at.selectbox(key="verksted_runde").format_func(shown)
    assert at.text_input(key="verksted_rundenavn").value == ""
    open_from_page(at, "andre")  # the same name again
    assert any("heter allerede" in e.value for e in at.error)


def test_a_phone_without_a_code_can_type_it(run_page, app_db):
    code = open_round(app_db)
    at = run_page("verksted")
    assert not at.exception
    at.text_input(key="verksted_kode_felt").set_value(code.lower())
    next(b for b in at.button if b.label == "Bli med").click().run()
    assert not at.exception
    assert at.text_input(key="verksted_navn").label == "Ditt navn"  # the round's join form
    assert any(s.value == "Samling" for s in at.subheader)


def test_a_round_removed_in_another_tab_is_never_swapped_for_another(run_page, monkeypatch, app_db):
    at = facilitator(run_page, monkeypatch)
    open_from_page(at, "Blir stående")
    open_from_page(at, "Fjernes")
    doomed = at.selectbox(key="verksted_runde").value
    con = duckdb.connect(str(app_db))
    try:
        kept = con.execute("SELECT kode FROM verksted_runde WHERE navn = 'Blir stående'").fetchall()[0][0]
    finally:
        con.close()
    other_tab = facilitator(run_page, monkeypatch)
    other_tab.selectbox(key="verksted_runde").set_value(doomed).run()
    next(b for b in other_tab.button if b.key == "verksted_fjern").click().run()
    at.button(key="verksted_lukket").click().run()  # the first tab still shows the removed round
    assert not at.exception
    assert any(doomed in e.value and "finnes ikke lenger" in e.value for e in at.error)
    con = duckdb.connect(str(app_db))
    try:
        status = con.execute("SELECT status FROM verksted_runde WHERE kode = ?", [kept]).fetchall()[0][0]
    finally:
        con.close()
    assert status == "aapen"  # the other round was not closed in its place


def test_a_round_name_reaches_the_phones_as_text(run_page, app_db):
    con = duckdb.connect(str(app_db))
    try:
        code = workshop.create(con, "[Klikk](http://x.invalid) ![b](http://x.invalid/b.png)", ["ledelse"])
    finally:
        con.close()
    at = run_page("verksted", kode=code)
    heading = at.subheader[0].value
    assert "\\[Klikk\\]" in heading and "\\!\\[b\\]" in heading
