"""A workshop round that scores the study's alternatives from phones (−4 … +4 against the zero
alternative): a closed round's medians become the alternatives' non-priced scores with the round
named as who set them; too few participants, or one person under look-alike names, move
nothing; an anonymous round's rank and matrix never give a withheld score away."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam.alternatives import store as alternatives_store
from brannsam.cooperation import model as cooperation
from brannsam.data import queries
from brannsam.funding import options
from brannsam.workshop import names, rounds, store, tally

B_SCORES = {"kvalitet": 4, "robusthet": 4, "kompetanse": 3, "forankring": -1, "gjennomforing": -2}
PEOPLE = ["Kari", "Per", "Ola", "Anne", "Nils", "Liv"]


@pytest.fixture
def db(app_db):
    con = duckdb.connect(str(app_db))
    yield con
    con.close()


def alternatives_round(db, people=PEOPLE, scores=B_SCORES, anonymous=True, name="Alternativene") -> str:
    code = store.create(db, name, ["A", "B", "C", "D"], anonymous=anonymous, subject_=rounds.ALTERNATIVES)
    for n, person in enumerate(people):
        store.join(db, code, person, None, key=f"k{n}")
        store.answer(db, code, person, "B", scores)
    return code


def scored(db) -> dict[str, dict]:
    opts, where = alternatives_store.default_options(db)
    return {o["id"]: (o["ikke_prissatt"], options.record_of(o), where[o["id"]]) for o in opts}


def test_a_round_scores_the_alternatives_on_the_non_priced_criteria_from_minus_four_to_four(db):
    code = alternatives_round(db)
    round_ = store.info(db, code)
    assert round_["gjelder"] == rounds.ALTERNATIVES and round_["kriterier"] == list(options.CRITERIA)
    assert options.ZERO not in store.item_names(db, rounds.ALTERNATIVES)
    with pytest.raises(rounds.WorkshopError, match="fra −4 til \\+4"):
        store.answer(db, code, "Kari", "B", B_SCORES | {"kvalitet": 5})
    with pytest.raises(rounds.WorkshopError, match="Ukjent alternativ"):
        store.create(db, "Med null", ["0", "B"], subject_=rounds.ALTERNATIVES)
    with pytest.raises(rounds.WorkshopError, match="kriterium"):
        store.create(db, "Feil kriterium", ["B"], ["okonomi"], subject_=rounds.ALTERNATIVES)
    table = tally.results(db, code).set_index("omrade_id")
    # the points add the effects (4 + 4 + 3 − 1), not the implementation risk
    assert table.loc["B", "median"] == 10 and table.loc["B", "gjennomforing"] == -2
    assert table.loc["B", "rang"] == 1 and pd.isna(table.loc["A", "rang"])
    wall = rounds.wall_table(rounds.shown(tally.results(db, code), True), round_)
    assert list(wall.iloc[0][["Alternativ", "Poeng (sum)", "Lokal forankring"]]) == [
        "Felles overordnet vakt og fagmiljø",
        "+10",
        "\u22121",
    ]


def test_a_closed_rounds_medians_become_the_alternatives_scores_with_the_round_as_owner(db):
    before = scored(db)
    code = alternatives_round(db)
    assert scored(db) == before  # open: nothing moves
    store.set_status(db, code, "lukket")
    assert scored(db) == before  # closed but hidden until the reveal
    store.set_status(db, code, "avslort")
    after = scored(db)
    values, record, where = after["B"]
    assert values == B_SCORES
    assert record["rolle"] == "verksted" and code in record["av"] and "6 deltakere" in record["av"]
    assert record["dato"] == store.info(db, code)["stengt"].date().isoformat()
    assert where == "verkstedrunden «Alternativene»"
    assert after["A"] == before["A"]  # nobody scored A: it keeps its earlier owner


def test_a_median_between_two_scores_rounds_half_away_from_zero(db):
    people = PEOPLE[:6]
    code = store.create(db, "Halv", ["B"], subject_=rounds.ALTERNATIVES)
    for n, person in enumerate(people):
        store.join(db, code, person, None, key=f"h{n}")
        low = n < 3
        store.answer(
            db, code, person, "B", B_SCORES | {"kvalitet": 1 if low else 2, "forankring": -1 if low else -2}
        )
    store.set_status(db, code, "avslort")
    values = scored(db)["B"][0]
    assert values["kvalitet"] == 2 and values["forankring"] == -2  # 1,5 → 2 and −1,5 → −2


def test_a_round_with_too_few_participants_moves_no_score(db):
    before = scored(db)
    code = alternatives_round(db, people=PEOPLE[: queries.MIN_ROUND_PARTICIPANTS - 1], anonymous=False)
    store.set_status(db, code, "avslort")
    assert scored(db) == before


def test_an_area_round_with_too_few_participants_moves_no_alternative(db):
    before = scored(db)
    code = store.create(db, "Liten", ["ledelse", "overordnet_vakt"], anonymous=False)
    for person in PEOPLE[:4]:
        store.join(db, code, person, None)
        for area in ("ledelse", "overordnet_vakt"):
            store.answer(db, code, person, area, dict.fromkeys(cooperation.CRITERIA, 1))
    store.set_status(db, code, "avslort")
    assert scored(db) == before
    store.set_status(db, code, "aapen")
    store.join(db, code, "Nils", None)
    for area in ("ledelse", "overordnet_vakt"):
        store.answer(db, code, "Nils", area, dict.fromkeys(cooperation.CRITERIA, 1))
    store.set_status(db, code, "avslort")
    assert scored(db) != before  # five people: the areas' scores now count


@pytest.mark.parametrize(
    ("first", "second"),
    [("ANNE", "ΑΝΝΕ"), ("Ola", "Оӏа"), ("Kari", "KARI"), ("Kim Olsen", "KlM OLSEN")],
)
def test_look_alike_names_are_one_person(db, first, second):
    code = store.create(db, "Lik", ["ledelse"], anonymous=False)
    store.join(db, code, first, None, key="eier")
    with pytest.raises(rounds.NameTaken, match="allerede med"):
        store.join(db, code, second, None, key="angriper")
    assert names.same_person(first, second)


def test_different_names_stay_different():
    for first, second in [("Åse", "Ase"), ("Ola", "Ole"), ("Anne", "Anna"), ("Per", "Pål")]:
        assert not names.same_person(first, second)


def test_an_anonymous_rounds_ranks_leave_no_gap_for_a_withheld_score(db):
    code = store.create(db, "Gap", ["ledelse", "overordnet_vakt", "forebyggende"], anonymous=True)
    for n, person in enumerate(PEOPLE[:3]):
        store.join(db, code, person, None)
        store.answer(db, code, person, "overordnet_vakt", dict.fromkeys(cooperation.CRITERIA, 3))
        store.answer(db, code, person, "forebyggende", dict.fromkeys(cooperation.CRITERIA, 2 + (n == 0)))
    store.answer(db, code, "Kari", "ledelse", dict.fromkeys(cooperation.CRITERIA, 5))  # one answer
    raw = tally.results(db, code).set_index("omrade_id")
    assert raw.loc["ledelse", "rang"] == 1  # the withheld score would be first …
    shown = rounds.shown(tally.results(db, code), anonymous=True)
    assert list(shown["omrade_id"]) == ["overordnet_vakt", "forebyggende", "ledelse"]
    assert list(shown["rang"].astype("float").fillna(0)) == [1, 2, 0]  # … and shows nowhere
    matrix = tally.matrix(db, code)
    assert "ledelse" not in set(matrix.get("omrade_id", matrix.index))


def test_cli_opens_an_alternatives_round_and_prints_it_in_norwegian(app_db):
    made = brannsam_cli("verksted", "ny", "Alternativer CLI", "--alternativer", BRANNSAM_DB=str(app_db))
    code = made.stdout.split("kode:")[1].strip()
    con = duckdb.connect(str(app_db))
    try:
        for n, person in enumerate(PEOPLE):
            store.join(con, code, person, None, key=f"c{n}")
            store.answer(con, code, person, "C", B_SCORES | {"robusthet": n % 2})
        store.set_status(con, code, "avslort")
    finally:
        con.close()
    table = brannsam_cli("verksted", "resultat", code, BRANNSAM_DB=str(app_db)).stdout
    assert "Felles ledelse" in table and "+0,5" in table and "NaN" not in table and "<NA>" not in table
    csv = brannsam_cli("verksted", "resultat", code, "--format", "csv", BRANNSAM_DB=str(app_db)).stdout
    frame = pd.read_csv(io.StringIO(csv)).set_index("omrade_id")
    assert frame.loc["C", "robusthet"] == 0.5 and frame.loc["C", "deltakere"] == 6


def test_scores_shown_the_same_share_a_rank():
    table = pd.DataFrame(
        {
            "omrade_id": ["a", "b", "c"],
            "navn": ["A", "B", "C"],
            "deltakere": [5, 5, 5],
            "median": [3.04, 2.96, 2.5],
            "spredning": [1.0, 1.0, 1.0],
            "rang": [1, 2, 3],
        }
    )
    out = rounds.shown(table, anonymous=False)
    assert list(rounds.wall_table(out)["Poeng (1–5)"]) == ["3,0", "3,0", "2,5"]
    assert list(out["rang"]) == [1, 1, 3]
