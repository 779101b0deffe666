import duckdb
import numpy as np
import pandas as pd
import pytest

from brannsam.cooperation import model as cooperation
from brannsam.cooperation import store as cooperation_store
from brannsam.pipeline import build

AREAS = ["a", "b", "c", "d", "e"]
NAMES = {a: a.upper() for a in AREAS}


def grid(scores: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(scores, index=list(cooperation.CRITERIA)).T


def median_of(table: pd.DataFrame) -> pd.DataFrame:
    return table.reindex(columns=list(cooperation.CRITERIA))


@pytest.fixture
def median():
    rng = np.random.default_rng(1)
    table = pd.DataFrame(
        rng.integers(1, 6, size=(5, 8)), index=AREAS, columns=list(cooperation.CRITERIA)
    ).astype(float)
    table.loc["a"] = 5.0  # dominant: best on every criterion
    return table


def test_a_dominant_area_stays_first_under_any_weights(median):
    rng = np.random.default_rng(7)
    for _ in range(200):
        weights = dict(zip(cooperation.CRITERIA, rng.uniform(0, 1, 8), strict=True))
        assert cooperation.ranking(median, weights, NAMES).index[0] == "a"
    sens = cooperation.sensitivity(median, cooperation.DEFAULT_WEIGHTS)
    assert sens.loc["a", "andel_topp3"] == 1.0
    assert sens.loc["a", "rang_p95"] == 1


def test_top3_probabilities_sum_to_three(median):
    sens = cooperation.sensitivity(median, cooperation.DEFAULT_WEIGHTS, draws=2_000)
    assert sens["andel_topp3"].sum() == pytest.approx(3.0)
    assert ((sens["andel_topp3"] >= 0) & (sens["andel_topp3"] <= 1)).all()
    assert (sens["rang_p5"] <= sens["rang_p95"]).all()


def test_contributions_add_up_to_the_score(median):
    table = cooperation.ranking(median, {"okonomi": 2, "kvalitet": 1}, NAMES)
    assert np.allclose(table[list(cooperation.CRITERIA)].sum(axis=1), table["poeng"])
    assert table["poeng"].between(1, 5).all()


def test_scores_outside_1_to_5_are_refused_with_a_message():
    table = pd.DataFrame({"okonomi": [6.0, 2.5], "kvalitet": [0.0, 3.0]}, index=["ledelse", "feiing"])
    problems = cooperation.validate(table, {"ledelse": "Felles ledelse", "feiing": "Feiing"})
    assert any("Felles ledelse, Økonomisk gevinst: «6.0»" in p for p in problems)
    assert any("Feiing, Økonomisk gevinst: «2.5»" in p for p in problems)
    assert any("Felles ledelse, Faglig kvalitet" in p for p in problems)
    assert len(problems) == 3


def test_median_and_spread_across_assessors():
    scores = pd.DataFrame(
        {
            "vurderer": ["x", "y", "z"],
            "omrade_id": ["a", "a", "a"],
            "kriterium": ["okonomi"] * 3,
            "poeng": [1, 4, 5],
        }
    )
    median, spread, count = cooperation.combine(scores, AREAS)
    assert median.loc["a", "okonomi"] == 4
    assert spread.loc["a", "okonomi"] == 4
    assert count["a"] == 3 and count["b"] == 0


def test_swap_weight_makes_the_second_draw_level(median):
    weights = cooperation.DEFAULT_WEIGHTS
    table = cooperation.ranking(median.drop(index="a"), weights, NAMES)
    first, second = table.index[:2]
    swaps = cooperation.swap_weight(median, weights, first, second)
    assert not swaps.empty
    row = swaps.iloc[0]
    new = pd.Series(weights, dtype=float)
    total_other = new.drop(row["kriterium"]).sum()
    new[row["kriterium"]] = row["vekt_ved_bytte"] * total_other / (1 - row["vekt_ved_bytte"])
    scores = (median.loc[[first, second]] * new).sum(axis=1)
    assert scores[first] == pytest.approx(scores[second])


def test_save_is_all_or_nothing(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    con.execute(build.SCHEMA.read_text())
    areas = {"ledelse": "Felles ledelse"}
    good = pd.DataFrame({"okonomi": [4.0], "gevinst_kr": [500_000.0]}, index=["ledelse"])
    assert cooperation_store.save(con, "Arbeidsgruppe 1", good, areas) == 1
    bad = pd.DataFrame({"okonomi": [9.0]}, index=["ledelse"])
    with pytest.raises(cooperation.ScoreError):
        cooperation_store.save(con, "Arbeidsgruppe 1", bad, areas)
    assert con.execute("SELECT poeng FROM samarbeidsvurdering").fetchall() == [(4,)]
    with pytest.raises(cooperation.ScoreError, match="hvem som vurderer"):
        cooperation_store.save(con, "  ", good, areas)


def test_saving_over_another_assessors_scores_needs_confirmation_and_keeps_them(app_db):
    con = duckdb.connect(str(app_db))
    areas = dict(con.execute("SELECT omrade_id, navn FROM samarbeidsomrade").fetchall())
    first = pd.DataFrame({"okonomi": 5.0}, index=list(areas))
    cooperation_store.save(con, "Brannsjef A", first, areas)
    with pytest.raises(cooperation.ScoresExist, match="allerede poeng"):
        cooperation_store.save(con, "Brannsjef A", first.assign(okonomi=1.0), areas)
    assert con.execute("SELECT min(poeng) FROM samarbeidsvurdering").fetchall()[0][0] == 5
    cooperation_store.save(con, "Brannsjef A", first.assign(okonomi=1.0), areas, overwrite=True)
    assert con.execute("SELECT max(poeng) FROM samarbeidsvurdering").fetchall()[0][0] == 1
    kept = con.execute("SELECT navn, innhold FROM arkiv WHERE art = 'vurdering'").fetchall()
    con.close()
    assert kept[0][0] == "Brannsjef A" and '"poeng":5' in kept[0][1].replace(" ", "")


def test_the_excel_sheets_speak_norwegian_and_show_no_ids_or_none(median):
    scores = pd.DataFrame(
        [("Kari", a, c, 3, None, False) for a in AREAS for c in cooperation.CRITERIA],
        columns=["vurderer", "omrade_id", "kriterium", "poeng", "kilde", "anonym"],
    )
    table = cooperation.ranking(median, cooperation.DEFAULT_WEIGHTS, NAMES)
    sens = cooperation.sensitivity_table(cooperation.sensitivity(median, cooperation.DEFAULT_WEIGHTS), NAMES)
    sheets = cooperation.export_sheets(scores, cooperation.DEFAULT_WEIGHTS, table, sens, NAMES)
    for sheet in sheets.values():
        assert not {"omrade_id", "navn", "rang", "anonym"} & set(sheet.columns)
        assert "None" not in sheet.astype(str).to_string()
    assert list(sheets["Poeng"].columns) == ["Vurderer", "Område", "Kriterium", "Poeng", "Kilde"]
    assert sheets["Rangering"]["Område"].iloc[0] == "A"


def test_the_editor_heads_its_rows_omrade_and_reads_back_to_ids():
    grid = pd.DataFrame({"okonomi": [3.0, None]}, index=pd.Index(["a", "b"], name="omrade_id"))
    shown = cooperation.to_editor(grid, NAMES)
    assert shown.index.name == "Område" and list(shown.index) == ["A", "B"]
    back = cooperation.from_editor(shown, NAMES)
    assert back.index.name == "omrade_id" and list(back.index) == ["a", "b"]
