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
from brannsam.cooperation import workshop
from brannsam.data import queries

ALL = dict.fromkeys(cooperation.CRITERIA, 4)


@pytest.fixture
def db(app_db):
    con = duckdb.connect(str(app_db))
    yield con
    con.close()


def stored(con) -> list:
    return con.execute("SELECT * FROM verksted_svar ORDER BY ALL").fetchall()


def test_a_round_from_join_to_ranking(db):
    code = workshop.create(db, "Brannsjefsamling", ["ledelse", "overordnet_vakt"])
    assert len(code) == workshop.CODE_LENGTH and set(code) <= set(workshop.ALPHABET)
    assert workshop.join(db, code.lower(), "  Kari  Nordmann ", "Rindal brannvesen") == []
    workshop.answer(db, code, "Kari Nordmann", "ledelse", ALL | {"okonomi": 5})
    workshop.join(db, code, "Per", None)
    workshop.answer(db, code, "Per", "ledelse", dict.fromkeys(cooperation.CRITERIA, 2))
    assert workshop.join(db, code, "Kari Nordmann", None) == ["ledelse"]  # a reload resumes
    assert workshop.progress(db, code) == {"deltakere": 2, "ferdige": 0, "omrader": 2}
    table = workshop.results(db, code).set_index("omrade_id")
    assert table.loc["ledelse", "deltakere"] == 2 and table.loc["ledelse", "rang"] == 1
    assert table.loc["ledelse", "spredning"] == pytest.approx((3 + 2 * 7) / 8)
    assert pd.isna(table.loc["overordnet_vakt", "median"])


def test_closed_rounds_become_assessors_on_the_cooperation_page(db):
    code = workshop.create(db, "Samling", ["ledelse"], anonymous=True)
    workshop.join(db, code, "Kari", None)
    workshop.answer(db, code, "Kari", "ledelse", ALL)
    tagged = f"Deltaker 1 (Samling, {code})"
    assert tagged not in set(queries.cooperation_scores(db)["vurderer"])  # still open
    workshop.set_status(db, code, "lukket")
    scores = queries.cooperation_scores(db)
    mine = scores[scores["vurderer"] == tagged]
    assert len(mine) == len(cooperation.CRITERIA) and (mine["kilde"] == "verksted «Samling»").all()
    assert mine["anonym"].all()
    assert "Kari" not in " ".join(scores["vurderer"])  # anonymous
    assert tagged not in cooperation.shown_assessors(scores)  # counted, never shown one by one
    workshop.remove(db, code)
    assert tagged not in set(queries.cooperation_scores(db)["vurderer"])


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (lambda con, code: workshop.answer(con, "FEIL99", "Kari", "ledelse", ALL), "Fant ingen runde"),
        (lambda con, code: workshop.answer(con, code, "Ukjent", "ledelse", ALL), "Bli med i runden"),
        (lambda con, code: workshop.answer(con, code, "Kari", "feiing", ALL), "ikke med i denne runden"),
        (lambda con, code: workshop.answer(con, code, "Kari", "ledelse", ALL | {"okonomi": 6}), "1 til 5"),
        (
            lambda con, code: workshop.answer(con, code, "Kari", "ledelse", ALL | {"okonomi": None}),
            "alle kriteriene",
        ),
        (lambda con, code: workshop.join(con, code, "Kari\u200b", None), "usynlige tegn"),
        (lambda con, code: workshop.join(con, code, "   ", None), "navnet ditt"),
    ],
)
def test_mistakes_are_told_and_nothing_changes(db, mistake, message):
    code = workshop.create(db, "Runde", ["ledelse"])
    workshop.join(db, code, "Kari", None)
    workshop.answer(db, code, "Kari", "ledelse", ALL)
    before = stored(db)
    with pytest.raises(workshop.WorkshopError, match=message):
        mistake(db, code)
    assert stored(db) == before


def test_answers_after_close_are_refused_and_the_stored_ones_kept(db):
    code = workshop.create(db, "Runde", ["ledelse"])
    workshop.join(db, code, "Kari", None)
    workshop.answer(db, code, "Kari", "ledelse", ALL)
    workshop.set_status(db, code, "lukket")
    before = stored(db)
    with pytest.raises(workshop.WorkshopError, match="stengt"):
        workshop.answer(db, code, "Kari", "ledelse", dict.fromkeys(cooperation.CRITERIA, 1))
    with pytest.raises(workshop.WorkshopError, match="stengt"):
        workshop.join(db, code, "Ny", None)
    assert stored(db) == before


def test_forty_phones_answering_at_once_lose_nothing(db):
    areas = list(queries.cooperation_areas(db)["omrade_id"])
    code = workshop.create(db, "Stor samling", areas)
    lock, errors = threading.Lock(), []

    def phone(n: int) -> None:
        cursor = db.cursor()
        try:
            name = f"Deltaker nr {n}"
            with lock:  # the app serialises writes the same way (brannsam/ui/db.py)
                workshop.join(cursor, code, name, None)
            for i, area in enumerate(areas):
                with lock:
                    workshop.answer(
                        cursor, code, name, area, dict.fromkeys(cooperation.CRITERIA, 1 + (n + i) % 5)
                    )
        except Exception as err:  # collected and asserted below
            errors.append(err)
        finally:
            cursor.close()

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(stored(db)) == 40 * len(areas) * len(cooperation.CRITERIA)
    assert workshop.progress(db, code)["ferdige"] == 40


def test_cli_new_round_and_results(app_db):
    made = brannsam_cli("verksted", "ny", "CLI-runde", "--omrader", "ledelse,feiing", BRANNSAM_DB=str(app_db))
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().removeprefix("kode: ")
    con = duckdb.connect(str(app_db))
    workshop.join(con, code, "Kari", None)
    workshop.answer(con, code, "Kari", "feiing", ALL)
    con.close()
    result = brannsam_cli("verksted", "resultat", code, "--format", "csv", BRANNSAM_DB=str(app_db))
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == workshop.RESULT_HEADER
    assert frame.set_index("omrade_id").loc["feiing", "deltakere"] == 1
    bad = brannsam_cli("verksted", "resultat", "FEIL99", BRANNSAM_DB=str(app_db))
    assert bad.returncode == 2 and "Fant ingen runde" in bad.stderr


def test_a_round_without_answers_has_empty_results(db):
    code = workshop.create(db, "Tom", ["ledelse"])
    assert workshop.scores(db, code).empty
    assert workshop.results(db, code)["median"].isna().all()


def test_a_round_name_is_taken_once_whatever_its_case_or_spacing(db):
    workshop.create(db, "Brannsjefsamling", ["ledelse"])
    for again in ("brannsjefsamling", "  BRANNSJEFSAMLING "):
        with pytest.raises(workshop.WorkshopError, match="heter allerede"):
            workshop.create(db, again, ["ledelse"])


def test_an_area_or_criterion_given_twice_is_refused(db):
    with pytest.raises(workshop.WorkshopError, match="to ganger"):
        workshop.create(db, "Dobbel", ["ledelse", "ledelse"])


def test_anonymous_numbers_do_not_follow_the_alphabet_and_stay_put(db):
    code = workshop.create(db, "Anonym", ["ledelse"], anonymous=True)
    people = [f"Person {chr(65 + i)}" for i in range(8)]
    for person in people:
        workshop.join(db, code, person, None)
        workshop.answer(db, code, person, "ledelse", {**ALL, "okonomi": 1 + people.index(person) % 5})
    first = workshop.scores(db, code)
    again = workshop.scores(db, code)
    assert first.equals(again)  # the same numbers in every view
    by_number = first[first["kriterium"] == "okonomi"].set_index("vurderer")["poeng"]
    alphabetical = [1 + i % 5 for i in range(8)]
    numbered = [by_number[f"Deltaker {i} (Anonym, {code})"] for i in range(1, 9)]
    assert numbered != alphabetical  # Deltaker 1 is not simply the first name in the alphabet


def test_the_projector_hides_an_anonymous_areas_values_below_three_answers(db):
    code = workshop.create(db, "Få svar", ["ledelse", "overordnet_vakt"], anonymous=True)
    for person in ("A", "B", "C"):
        workshop.join(db, code, person, None)
        workshop.answer(db, code, person, "ledelse", ALL)
    workshop.answer(db, code, "A", "overordnet_vakt", ALL)
    table = workshop.shown(workshop.results(db, code), anonymous=True).set_index("omrade_id")
    assert table.loc["ledelse", "median"] == pytest.approx(4)
    assert pd.isna(table.loc["overordnet_vakt", "median"]) and table.loc["overordnet_vakt", "deltakere"] == 1
    named = workshop.shown(workshop.results(db, code), anonymous=False).set_index("omrade_id")
    assert named.loc["overordnet_vakt", "median"] == pytest.approx(4)


def test_two_rounds_never_merge_on_the_cooperation_page(db):
    first = workshop.create(db, "Vår", ["ledelse"], anonymous=False)
    second = workshop.create(db, "Høst", ["ledelse"], anonymous=False)
    for code in (first, second):
        workshop.join(db, code, "Kari", None)
        workshop.answer(db, code, "Kari", "ledelse", ALL)
        workshop.set_status(db, code, "lukket")
    assessors = set(queries.cooperation_scores(db)["vurderer"])
    assert {f"Kari (Vår, {first})", f"Kari (Høst, {second})"} <= assessors


def test_a_late_joiner_is_not_told_answers_were_saved(db):
    code = workshop.create(db, "Stengt", ["ledelse"])
    workshop.set_status(db, code, "lukket")
    with pytest.raises(workshop.WorkshopError) as refused:
        workshop.join(db, code, "Sen", None)
    assert "lagret" not in str(refused.value) and "nye deltakere" in str(refused.value)


def test_a_name_belongs_to_the_browser_that_joined_with_it(db):
    code = workshop.create(db, "Nøkkel", ["ledelse", "overordnet_vakt"])
    workshop.join(db, code, "Kari Nordmann", None, key="mobil-a")
    workshop.answer(db, code, "Kari Nordmann", "ledelse", ALL)
    for other in ("kari nordmann", "KARI  NORDMANN", "Kari Nordmann"):
        with pytest.raises(workshop.NameTaken, match="allerede med"):
            workshop.join(db, code, other, None, key="mobil-b")
    assert workshop.join(db, code, "kari nordmann", None, key="mobil-a") == ["ledelse"]  # a reload
    assert workshop.participant_by_key(db, code, "mobil-a") == "Kari Nordmann"
    assert workshop.participant_by_key(db, code, "mobil-b") is None


def test_names_compare_across_unicode_forms():
    assert workshop.same_name("Bjørn Å") == workshop.same_name("bjørn a\u030a")  # å composed or not


def test_a_paced_round_keeps_everyone_on_the_facilitators_area(db):
    """Issue 23 item 11: the facilitator sets the pace. A phone cannot run ahead, a phone still on
    the previous area keeps its answer, and «X av Y har svart» counts the area on the wall."""
    code = workshop.create(db, "Styrt", ["ledelse", "overordnet_vakt", "forebyggende"], paced=True)
    round_ = workshop.info(db, code)
    assert round_["styrt"] and round_["aktivt"] == "ledelse"
    assert workshop.neighbour(round_, -1) is None and workshop.neighbour(round_, 1) == "overordnet_vakt"
    for name in ("Kari", "Per", "Ola"):
        workshop.join(db, code, name, None)
    with pytest.raises(workshop.WorkshopError, match="ikke åpnet"):
        workshop.answer(db, code, "Kari", "overordnet_vakt", ALL)
    workshop.answer(db, code, "Kari", "ledelse", ALL)
    assert workshop.area_progress(db, code, "ledelse") == {"svart": 1, "deltakere": 3}

    workshop.move_to(db, code, "overordnet_vakt")
    workshop.answer(db, code, "Per", "ledelse", ALL)  # still on the area the wall just left
    workshop.answer(db, code, "Kari", "overordnet_vakt", ALL)
    assert workshop.area_progress(db, code, "ledelse") == {"svart": 2, "deltakere": 3}
    assert workshop.area_progress(db, code, "overordnet_vakt") == {"svart": 1, "deltakere": 3}
    with pytest.raises(workshop.WorkshopError, match="ikke med"):
        workshop.move_to(db, code, "ukjent")
    with pytest.raises(workshop.WorkshopError, match="eget tempo"):
        workshop.move_to(db, workshop.create(db, "Fri", ["ledelse"]), "ledelse")
    assert (
        workshop.export_sheets(workshop.results(db, code), workshop.info(db, code))["Runde"]["Verdi"].iloc[-1]
        == "ordstyreren styrer"
    )


def test_a_round_at_its_own_pace_takes_any_area(db):
    code = workshop.create(db, "Fri", ["ledelse", "overordnet_vakt"])
    workshop.join(db, code, "Kari", None)
    workshop.answer(db, code, "Kari", "overordnet_vakt", ALL)
    assert workshop.info(db, code)["aktivt"] is None
    assert workshop.answered(db, code, "Kari") == ["overordnet_vakt"]
