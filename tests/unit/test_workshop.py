"""Workshop rounds: joining, answering, closing; 40 phones at once lose nothing; every mistake
gets a Norwegian message and leaves the stored answers as they were."""

from __future__ import annotations

import io
import threading

import duckdb
import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam.cooperation import model as cooperation
from brannsam.data import queries
from brannsam.ui import db as ui_db
from brannsam.workshop import names, rounds, store, tally

ALL = dict.fromkeys(cooperation.CRITERIA, 4)


@pytest.fixture
def db(app_db):
    con = duckdb.connect(str(app_db))
    yield con
    con.close()


def stored(con) -> list:
    return con.execute("SELECT * FROM verksted_svar ORDER BY ALL").fetchall()


def test_a_round_from_join_to_ranking(db):
    code = store.create(db, "Brannsjefsamling", ["ledelse", "overordnet_vakt"])
    assert len(code) == rounds.CODE_LENGTH and set(code) <= set(rounds.ALPHABET)
    assert store.join(db, code.lower(), "  Kari  Nordmann ", "Rindal brannvesen") == []
    store.answer(db, code, "Kari Nordmann", "ledelse", ALL | {"okonomi": 5})
    store.join(db, code, "Per", None)
    store.answer(db, code, "Per", "ledelse", dict.fromkeys(cooperation.CRITERIA, 2))
    assert store.join(db, code, "Kari Nordmann", None) == ["ledelse"]  # a reload resumes
    assert tally.progress(db, code) == {"deltakere": 2, "ferdige": 0, "omrader": 2}
    table = tally.results(db, code).set_index("omrade_id")
    assert table.loc["ledelse", "deltakere"] == 2 and table.loc["ledelse", "rang"] == 1
    assert table.loc["ledelse", "spredning"] == pytest.approx((3 + 2 * 7) / 8)
    assert pd.isna(table.loc["overordnet_vakt", "median"])


def test_closed_rounds_become_assessors_on_the_cooperation_page(db):
    code = store.create(db, "Samling", ["ledelse"], anonymous=True)
    for person in ("Kari", "Per", "Ola"):  # three: an anonymous area needs them to count
        store.join(db, code, person, None)
        store.answer(db, code, person, "ledelse", ALL)
    tagged = f"Deltaker 1 (Samling, {code})"
    assert tagged not in set(queries.cooperation_scores(db)["vurderer"])  # still open
    store.set_status(db, code, "avslort")  # revealed: in use everywhere
    scores = queries.cooperation_scores(db)
    mine = scores[scores["vurderer"] == tagged]
    assert len(mine) == len(cooperation.CRITERIA) and (mine["kilde"] == "verksted «Samling»").all()
    assert mine["anonym"].all()
    assert "Kari" not in " ".join(scores["vurderer"])  # anonymous
    assert tagged not in cooperation.shown_assessors(scores)  # counted, never shown one by one
    store.remove(db, code)
    assert tagged not in set(queries.cooperation_scores(db)["vurderer"])


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (lambda con, code: store.answer(con, "FEIL99", "Kari", "ledelse", ALL), "Fant ingen runde"),
        (lambda con, code: store.answer(con, code, "Ukjent", "ledelse", ALL), "Bli med i runden"),
        (lambda con, code: store.answer(con, code, "Kari", "feiing", ALL), "ikke med i denne runden"),
        (lambda con, code: store.answer(con, code, "Kari", "ledelse", ALL | {"okonomi": 6}), "1 til 5"),
        (
            lambda con, code: store.answer(con, code, "Kari", "ledelse", ALL | {"okonomi": None}),
            "alle kriteriene",
        ),
        (lambda con, code: store.join(con, code, "Kari\u200b", None), "usynlige tegn"),
        (lambda con, code: store.join(con, code, "   ", None), "navnet ditt"),
    ],
)
def test_mistakes_are_told_and_nothing_changes(db, mistake, message):
    code = store.create(db, "Runde", ["ledelse"])
    store.join(db, code, "Kari", None)
    store.answer(db, code, "Kari", "ledelse", ALL)
    before = stored(db)
    with pytest.raises(rounds.WorkshopError, match=message):
        mistake(db, code)
    assert stored(db) == before


def test_answers_after_close_are_refused_and_the_stored_ones_kept(db):
    code = store.create(db, "Runde", ["ledelse"])
    store.join(db, code, "Kari", None)
    store.answer(db, code, "Kari", "ledelse", ALL)
    store.set_status(db, code, "avslort")  # revealed: in use everywhere
    before = stored(db)
    with pytest.raises(rounds.WorkshopError, match="stengt"):
        store.answer(db, code, "Kari", "ledelse", dict.fromkeys(cooperation.CRITERIA, 1))
    with pytest.raises(rounds.WorkshopError, match="stengt"):
        store.join(db, code, "Ny", None)
    assert stored(db) == before


def test_forty_phones_answering_at_once_lose_nothing(db):
    """Forty phones join and answer at once through the app's own write path
    (`brannsam.ui.db.writing`, its one lock): no answer is lost."""
    areas = list(queries.cooperation_areas(db)["omrade_id"])
    code = store.create(db, "Stor samling", areas)
    errors = []

    def phone(n: int) -> None:
        try:
            name = f"Deltaker nr {n}"
            with ui_db.writing() as writer:
                store.join(writer, code, name, None)
            for i, area in enumerate(areas):
                with ui_db.writing() as writer:
                    store.answer(
                        writer, code, name, area, dict.fromkeys(cooperation.CRITERIA, 1 + (n + i) % 5)
                    )
        except Exception as err:  # collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(stored(db)) == 40 * len(areas) * len(cooperation.CRITERIA)
    assert tally.progress(db, code)["ferdige"] == 40


def test_an_area_answered_again_keeps_the_newer_scores_only(db):
    """A participant who goes back to an area and changes his mind counts once, with the new
    scores; a round with fewer criteria stores only its own."""
    code = store.create(db, "Omvalg", ["ledelse"], ["okonomi", "kvalitet"])
    store.join(db, code, "Kari", None)
    store.answer(db, code, "Kari", "ledelse", {"okonomi": 2, "kvalitet": 3})
    store.answer(db, code, "Kari", "ledelse", {"okonomi": 5, "kvalitet": 1, "juridisk": 4})
    assert [(r[3], r[4]) for r in stored(db)] == [("kvalitet", 1), ("okonomi", 5)]


def test_cli_new_round_and_results(app_db):
    made = brannsam_cli("verksted", "ny", "CLI-runde", "--omrader", "ledelse,feiing", BRANNSAM_DB=str(app_db))
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().removeprefix("kode: ")
    con = duckdb.connect(str(app_db))
    store.join(con, code, "Kari", None)
    store.answer(con, code, "Kari", "feiing", ALL)
    con.close()
    hidden = brannsam_cli("verksted", "resultat", code, "--format", "csv", BRANNSAM_DB=str(app_db))
    assert hidden.returncode == 2 and "ikke avslørt" in hidden.stderr  # the round's own hiding
    con = duckdb.connect(str(app_db))
    store.set_status(con, code, "avslort")
    con.close()
    result = brannsam_cli("verksted", "resultat", code, "--format", "csv", BRANNSAM_DB=str(app_db))
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == rounds.RESULT_HEADER
    assert frame.set_index("omrade_id").loc["feiing", "deltakere"] == 1
    bad = brannsam_cli("verksted", "resultat", "FEIL99", BRANNSAM_DB=str(app_db))
    assert bad.returncode == 2 and "Fant ingen runde" in bad.stderr


def test_a_round_without_answers_has_empty_results(db):
    code = store.create(db, "Tom", ["ledelse"])
    assert tally.scores(db, code).empty
    assert tally.results(db, code)["median"].isna().all()


def test_a_round_name_is_taken_once_whatever_its_case_or_spacing(db):
    store.create(db, "Brannsjefsamling", ["ledelse"])
    for again in ("brannsjefsamling", "  BRANNSJEFSAMLING "):
        with pytest.raises(rounds.WorkshopError, match="heter allerede"):
            store.create(db, again, ["ledelse"])


def test_an_area_or_criterion_given_twice_is_refused(db):
    with pytest.raises(rounds.WorkshopError, match="to ganger"):
        store.create(db, "Dobbel", ["ledelse", "ledelse"])


def test_anonymous_numbers_do_not_follow_the_alphabet_and_stay_put(db):
    code = store.create(db, "Anonym", ["ledelse"], anonymous=True)
    people = [f"Person {chr(65 + i)}" for i in range(8)]
    for person in people:
        store.join(db, code, person, None)
        store.answer(db, code, person, "ledelse", {**ALL, "okonomi": 1 + people.index(person) % 5})
    first = tally.scores(db, code)
    again = tally.scores(db, code)
    assert first.equals(again)  # the same numbers in every view
    by_number = first[first["kriterium"] == "okonomi"].set_index("vurderer")["poeng"]
    alphabetical = [1 + i % 5 for i in range(8)]
    numbered = [by_number[f"Deltaker {i} (Anonym, {code})"] for i in range(1, 9)]
    assert numbered != alphabetical  # Deltaker 1 is not simply the first name in the alphabet


def test_the_projector_hides_an_anonymous_areas_values_below_three_answers(db):
    code = store.create(db, "Få svar", ["ledelse", "overordnet_vakt"], anonymous=True)
    for person in ("A", "B", "C"):
        store.join(db, code, person, None)
        store.answer(db, code, person, "ledelse", ALL)
    store.answer(db, code, "A", "overordnet_vakt", ALL)
    table = rounds.shown(tally.results(db, code), anonymous=True).set_index("omrade_id")
    assert table.loc["ledelse", "median"] == pytest.approx(4)
    assert pd.isna(table.loc["overordnet_vakt", "median"]) and table.loc["overordnet_vakt", "deltakere"] == 1
    named = rounds.shown(tally.results(db, code), anonymous=False).set_index("omrade_id")
    assert named.loc["overordnet_vakt", "median"] == pytest.approx(4)


def test_two_rounds_never_merge_on_the_cooperation_page(db):
    first = store.create(db, "Vår", ["ledelse"], anonymous=False)
    second = store.create(db, "Høst", ["ledelse"], anonymous=False)
    for code in (first, second):
        store.join(db, code, "Kari", None)
        store.answer(db, code, "Kari", "ledelse", ALL)
        store.set_status(db, code, "avslort")  # revealed: in use everywhere
    assessors = set(queries.cooperation_scores(db)["vurderer"])
    assert {f"Kari (Vår, {first})", f"Kari (Høst, {second})"} <= assessors


def test_a_late_joiner_is_not_told_answers_were_saved(db):
    code = store.create(db, "Stengt", ["ledelse"])
    store.set_status(db, code, "avslort")  # revealed: in use everywhere
    with pytest.raises(rounds.WorkshopError) as refused:
        store.join(db, code, "Sen", None)
    assert "lagret" not in str(refused.value) and "nye deltakere" in str(refused.value)


def test_a_name_belongs_to_the_browser_that_joined_with_it(db):
    code = store.create(db, "Nøkkel", ["ledelse", "overordnet_vakt"], anonymous=False)
    store.join(db, code, "Kari Nordmann", None, key="mobil-a")
    store.answer(db, code, "Kari Nordmann", "ledelse", ALL)
    for other in ("kari nordmann", "KARI  NORDMANN", "Kari Nordmann"):
        with pytest.raises(rounds.NameTaken, match="allerede med"):
            store.join(db, code, other, None, key="mobil-b")
    assert store.join(db, code, "kari nordmann", None, key="mobil-a") == ["ledelse"]  # a reload
    assert store.participant_by_key(db, code, "mobil-a") == "Kari Nordmann"
    assert store.participant_by_key(db, code, "mobil-b") is None


def test_names_compare_across_unicode_forms():
    assert names.same_name("Bjørn Å") == names.same_name("bjørn a\u030a")  # å composed or not


def test_a_paced_round_keeps_everyone_on_the_facilitators_area(db):
    """Issue 23 item 11: the facilitator sets the pace. A phone cannot run ahead, a phone still on
    the previous area keeps its answer, and «X av Y har svart» counts the area on the wall."""
    code = store.create(db, "Styrt", ["ledelse", "overordnet_vakt", "forebyggende"], paced=True)
    round_ = store.info(db, code)
    assert round_["styrt"] and round_["aktivt"] == "ledelse"
    assert rounds.neighbour(round_, -1) is None and rounds.neighbour(round_, 1) == "overordnet_vakt"
    for name in ("Kari", "Per", "Ola"):
        store.join(db, code, name, None)
    with pytest.raises(rounds.WorkshopError, match="ikke åpnet"):
        store.answer(db, code, "Kari", "overordnet_vakt", ALL)
    store.answer(db, code, "Kari", "ledelse", ALL)
    assert tally.area_progress(db, code, "ledelse") == {"svart": 1, "deltakere": 3}

    store.move_to(db, code, "overordnet_vakt")
    store.answer(db, code, "Per", "ledelse", ALL)  # still on the area the wall just left
    store.answer(db, code, "Kari", "overordnet_vakt", ALL)
    assert tally.area_progress(db, code, "ledelse") == {"svart": 2, "deltakere": 3}
    assert tally.area_progress(db, code, "overordnet_vakt") == {"svart": 1, "deltakere": 3}
    with pytest.raises(rounds.WorkshopError, match="ikke med"):
        store.move_to(db, code, "ukjent")
    with pytest.raises(rounds.WorkshopError, match="eget tempo"):
        store.move_to(db, store.create(db, "Fri", ["ledelse"]), "ledelse")
    assert (
        rounds.export_sheets(tally.results(db, code), store.info(db, code))["Runde"]["Verdi"].iloc[-1]
        == "ordstyreren styrer"
    )


def test_a_round_at_its_own_pace_takes_any_area(db):
    code = store.create(db, "Fri", ["ledelse", "overordnet_vakt"])
    store.join(db, code, "Kari", None)
    store.answer(db, code, "Kari", "overordnet_vakt", ALL)
    assert store.info(db, code)["aktivt"] is None
    assert store.answered(db, code, "Kari") == ["overordnet_vakt"]


def test_a_double_click_on_next_never_skips_an_area(db):
    code = store.create(db, "Dobbeltklikk", ["ledelse", "overordnet_vakt", "forebyggende"], paced=True)
    # Both clicks carry the button's own step: from ledelse to overordnet_vakt.
    assert store.move_to(db, code, "overordnet_vakt", "ledelse") == "overordnet_vakt"
    assert store.move_to(db, code, "overordnet_vakt", "ledelse") == "overordnet_vakt"
    # A stale «next» drawn on the first area, clicked again after the move, changes nothing.
    assert store.move_to(db, code, "forebyggende", "ledelse") == "overordnet_vakt"
    assert store.info(db, code)["aktivt"] == "overordnet_vakt"


def test_a_step_back_keeps_the_answers_to_the_area_the_round_left(db):
    code = store.create(db, "Tilbake", ["ledelse", "overordnet_vakt", "forebyggende"], paced=True)
    store.join(db, code, "Kari", None)
    store.move_to(db, code, "overordnet_vakt", "ledelse")
    store.move_to(db, code, "ledelse", "overordnet_vakt")  # the facilitator goes back
    store.answer(db, code, "Kari", "overordnet_vakt", ALL)  # a phone still on the later area
    assert store.answered(db, code, "Kari") == ["overordnet_vakt"]
    with pytest.raises(rounds.WorkshopError, match="ikke åpnet"):
        store.answer(db, code, "Kari", "forebyggende", ALL)  # never reached: still refused


@pytest.mark.parametrize(
    ("name", "message"),
    [("\u3164", "ser tomt ut"), ("\u2800\u2800", "ser tomt ut"), ("\u041aari", "blander bokstaver")],
)
def test_names_that_look_blank_or_imitate_another_are_refused(db, name, message):
    code = store.create(db, "Navn", ["ledelse"])
    with pytest.raises(rounds.WorkshopError, match=message):
        store.join(db, code, name, None)
    assert store.join(db, code, "Ørjan Ås", None) == []


def test_equal_scores_share_a_rank(db):
    code = store.create(db, "Likt", ["ledelse", "overordnet_vakt", "forebyggende"], anonymous=False)
    store.join(db, code, "Kari", None)
    for area in ("ledelse", "overordnet_vakt"):
        store.answer(db, code, "Kari", area, ALL)
    store.answer(db, code, "Kari", "forebyggende", dict.fromkeys(cooperation.CRITERIA, 1))
    ranks = tally.results(db, code).set_index("omrade_id")["rang"]
    assert ranks["ledelse"] == ranks["overordnet_vakt"] == 1 and ranks["forebyggende"] == 3


def test_the_hidden_wall_keeps_a_neutral_order_until_the_reveal(db):
    code = store.create(db, "Skjult", ["overordnet_vakt", "ledelse", "forebyggende"])
    for person in ("Kari", "Per", "Ola"):
        store.join(db, code, person, None)
        store.answer(db, code, person, "overordnet_vakt", dict.fromkeys(cooperation.CRITERIA, 1))
        store.answer(db, code, person, "ledelse", ALL)
    hidden = rounds.shown(tally.results(db, code), True, hidden=True)
    assert list(hidden["navn"]) == sorted(hidden["navn"], key=str.casefold)
    assert hidden["median"].isna().all() and hidden["rang"].isna().all()


def test_an_anonymous_area_with_one_answer_shows_no_score_anywhere(db, app_db):
    code = store.create(db, "Test anonymitet", ["ledelse", "overordnet_vakt"], anonymous=True)
    store.join(db, code, "Eneste", None)
    store.answer(db, code, "Eneste", "ledelse", ALL)
    for person in ("Kari", "Per", "Ola"):
        store.join(db, code, person, None)
        store.answer(db, code, person, "overordnet_vakt", ALL)
    store.set_status(db, code, "avslort")  # revealed: in use everywhere
    on_cooperation_page = queries.cooperation_scores(db)
    mine = on_cooperation_page[on_cooperation_page["kilde"].str.contains("Test anonymitet")]
    assert set(mine["omrade_id"]) == {"overordnet_vakt"}  # the lone answer counts nowhere
    labels = cooperation.hidden_assessors(on_cooperation_page)
    assert labels and all("Test anonymitet" in label for label in labels)
    grid = cooperation.assessor_table(
        on_cooperation_page,
        pd.DataFrame(columns=["vurderer", "omrade_id", "gevinst_kr"]),
        next(iter(labels)),
        ["ledelse", "overordnet_vakt"],
    )
    assert grid.drop(columns="gevinst_kr").isna().all().all()  # typing the label shows nothing
    db.close()
    result = brannsam_cli("verksted", "resultat", code, "--format", "csv", BRANNSAM_DB=str(app_db))
    frame = pd.read_csv(io.StringIO(result.stdout)).set_index("omrade_id")
    assert frame.loc["ledelse", "deltakere"] == 1 and pd.isna(frame.loc["ledelse", "median"])
    assert frame.loc["overordnet_vakt", "median"] == 4


def test_an_anonymous_round_stores_no_name_and_still_knows_a_name_is_taken(db):
    code = store.create(db, "Anonym lagring", ["ledelse"], anonymous=True)
    store.join(db, code, "Kari Nordmann", "Rindal brannvesen", key="mobil-a")
    store.answer(db, code, "Kari Nordmann", "ledelse", ALL)
    store.join(db, code, "ANNE", None, key="mobil-c")
    people = db.execute("SELECT * FROM verksted_deltaker WHERE kode = ?", [code]).df().to_string()
    answers = db.execute("SELECT * FROM verksted_svar WHERE kode = ?", [code]).df().to_string()
    assert "kari" not in (people + answers).casefold() and "anne" not in people.casefold()  # no name stored
    identity = store.participant_by_key(db, code, "mobil-a")
    assert identity.startswith("anonym-")
    for same in ("kari  nordmann", "KARI NORDMANN", "ΑΝΝΕ"):  # the last one Greek
        with pytest.raises(rounds.NameTaken, match="allerede med"):
            store.join(db, code, same, None, key="mobil-b")
    assert store.join(db, code, "Kari Nordmann", None, key="mobil-a") == ["ledelse"]  # a reload
    assert store.answered(db, code, identity) == ["ledelse"]
