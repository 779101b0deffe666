import duckdb
import pandas as pd
from filled_templates import filled
from pagehelpers import set_sliders

from brannsam.cooperation import model as cooperation
from brannsam.pipeline import importing
from brannsam.workshop import store as workshop_store


def order(at) -> list[str]:
    table = next(df.value for df in at.dataframe if "Sannsynlighet topp 3 (%)" in df.value.columns)
    return list(table["Område"])


def test_page_without_scores_says_so(run_page):
    at = run_page("samarbeid")
    assert not at.exception
    assert any("Ingen vurderinger er lagret ennå" in i.value for i in at.info)


def test_saving_an_empty_assessment_is_refused_with_a_message(run_page):
    at = run_page("samarbeid")
    at.text_input(key="samarbeid_ny").set_value("Brannsjef Rindal").run()
    next(b for b in at.button if b.label == "Lagre vurderingen").click().run()
    assert not at.exception
    assert any("Fyll inn minst ett poeng" in e.value for e in at.error)


def test_weights_change_the_ranking(scored_db, run_page):
    at = run_page("samarbeid")
    assert not at.exception
    before = order(at)
    set_sliders(at, "samarbeid_vekt_", 0)
    at.slider(key="samarbeid_vekt_okonomi").set_value(5).run()
    assert not at.exception
    after = order(at)
    assert after != before
    assert after[0] == "Overordnet vakt / beredskapsledelse"
    assert any("Sannsynlighet" in str(df.value.columns) for df in at.dataframe)


def test_all_zero_weights_give_a_message(scored_db, run_page):
    at = run_page("samarbeid")
    set_sliders(at, "samarbeid_vekt_", 0)
    at.run()
    assert not at.exception
    assert any("summerer til null" in e.value for e in at.error)


def editor_economy(at) -> pd.Series:
    """The score grid's «Økonomisk gevinst» column, by area name."""
    grid = next(d.value for d in at.dataframe if "Økonomisk gevinst" in d.value.columns)
    return grid["Økonomisk gevinst"]


def test_an_existing_assessor_can_be_picked(scored_db, run_page):
    """Picking a working group fills the grid with its stored scores (empty for a new one)."""
    at = run_page("samarbeid")
    assert editor_economy(at).isna().all()
    at.selectbox(key="samarbeid_vurderer").set_value("Arbeidsgruppe A").run()
    assert not at.exception
    economy = editor_economy(at)
    assert economy["Overordnet vakt / beredskapsledelse"] == 5
    assert economy["Felles ledelse / brannsjef"] == 1


def test_an_imported_assessor_is_shown_read_only_with_the_source(scored_db, run_page, tmp_path):
    """Scores that came from a file are changed by a new file, not in the grid; the page says so."""
    con = duckdb.connect(str(scored_db))
    importing.accept(con, "mal.xlsx", filled("samarbeidsvurdering"), "test", tmp_path / "imp")
    con.close()
    at = run_page("samarbeid")
    assert any("3 vurderer(e)" in c.value and "Ekte kilde" in c.value for c in at.caption)
    assert any(b.label == "Lagre vurderingen" for b in at.button)
    at.selectbox(key="samarbeid_vurderer").set_value("Arbeidsgruppe forebyggende").run()
    assert not at.exception
    assert any("er importert fra fil (Ekte kilde)" in i.value for i in at.info)
    assert not any(b.label == "Lagre vurderingen" for b in at.button)


def test_a_database_from_an_older_version_is_rebuilt_and_keeps_saved_work(scored_db, run_page):
    """An installation upgraded over an old database file must not crash on the new tables."""
    con = duckdb.connect(str(scored_db))
    con.execute("DROP TABLE samarbeidsvurdering_import")
    con.execute("UPDATE schema_versjon SET versjon = 1")
    con.close()
    at = run_page("samarbeid")
    assert not at.exception
    assert any("2 vurderer(e)" in c.value for c in at.caption)


def test_an_empty_page_offers_a_workshop_and_a_removable_example_set(run_page):
    at = run_page("samarbeid")
    assert any(link.label == "Start en verkstedrunde" for link in at.get("page_link"))
    at.button(key="samarbeid_eksempel").click().run()
    assert not at.exception
    assert any(cooperation.EXAMPLE_ASSESSOR in w.value for w in at.warning)
    assert order(at)  # the example ranks the areas
    at.button(key="samarbeid_fjern_eksempel").click().run()
    assert any("Ingen vurderinger er lagret ennå" in i.value for i in at.info)


def test_typing_an_anonymous_participants_label_shows_no_scores(run_page, app_db):
    """Issue 33.6: a workshop participant's label cannot open that person's own scores."""
    con = duckdb.connect(str(app_db))
    try:
        code = workshop_store.create(con, "Test anonymitet", ["ledelse"], anonymous=True)
        for person in ("Kari", "Per", "Ola"):
            workshop_store.join(con, code, person, None)
            workshop_store.answer(con, code, person, "ledelse", dict.fromkeys(cooperation.CRITERIA, 5))
        workshop_store.set_status(con, code, "avslort")
    finally:
        con.close()
    at = run_page("samarbeid")
    at.text_input(key="samarbeid_ny").set_value(f"Deltaker 1 (Test anonymitet, {code})").run()
    assert not at.exception
    assert any("anonym verkstedrunde" in w.value for w in at.warning)
    assert not any(b.key == "samarbeid_importert" for b in at.dataframe)
