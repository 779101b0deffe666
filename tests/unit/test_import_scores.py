"""Importing cooperation-area scores: they count in the ranking, survive rebuilds without
colliding with the scores entered in the app, hide (not delete) an imported assessor's app
scores, and come out again on undo."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from importhelpers import try_import, xlsx

from brannsam.cooperation import model as cooperation
from brannsam.cooperation import store as cooperation_store
from brannsam.data import paths, queries
from brannsam.imports import importer, score_import
from brannsam.pipeline import build, importing

HEADER = [
    "Vurderer",
    "Samarbeidsområde",
    *cooperation.CRITERIA.values(),
    "Forventet gevinst (kr/år)",
    "Kilde",
]


def scores_file(*body: list) -> bytes:
    return xlsx([HEADER, *body], sheet="Samarbeidsvurdering")


KARI = scores_file(
    ["Kari", "feiing", 5, 4, 4, 3, 5, 4, 4, 2, 1_200_000, "Møte 1"],
    ["Kari", "Felles ledelse / brannsjef", 2, 3, None, None, 2, 2, 3, None, None, "Møte 1"],
)


def scores(db: Path) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return queries.cooperation_scores(con)
    finally:
        con.close()


def save_in_app(db: Path, assessor: str, okonomi: int) -> None:
    con = duckdb.connect(str(db))
    areas = dict(con.execute("SELECT omrade_id, navn FROM samarbeidsomrade").fetchall())
    grid = pd.DataFrame({"okonomi": [float(okonomi)]}, index=["feiing"])
    cooperation_store.save(con, assessor, grid, areas)
    con.close()


def test_imported_scores_count_by_area_id_or_name(app_db, store):
    assert try_import(app_db, store, "kari.xlsx", KARI) == []
    mine = scores(app_db).set_index(["omrade_id", "kriterium"])
    assert mine.loc[("feiing", "okonomi"), "poeng"] == 5
    assert mine.loc[("ledelse", "okonomi"), "poeng"] == 2  # given by the area's name
    assert ("ledelse", "robusthet") not in mine.index  # left blank: not scored
    assert len(mine) == 8 + 5
    assert set(mine["kilde"]) == {"Møte 1"}
    con = duckdb.connect(str(app_db), read_only=True)
    gains = queries.cooperation_gains(con)
    con.close()
    assert gains[["vurderer", "omrade_id", "gevinst_kr"]].values.tolist() == [["Kari", "feiing", 1_200_000]]


def test_rebuild_keeps_app_scores_and_replays_imported_ones_without_collision(app_db, store, tmp_path):
    save_in_app(app_db, "Ola", 2)
    assert try_import(app_db, store, "kari.xlsx", KARI) == []
    before = scores(app_db)
    build.database(paths.SOURCES_DIR, app_db, imports=store)  # carries Ola over, replays Kari
    pd.testing.assert_frame_equal(scores(app_db), before)

    fresh = tmp_path / "fresh.duckdb"  # a fresh clone: only the kept files exist
    build.database(paths.SOURCES_DIR, fresh, imports=store)
    assert set(scores(fresh)["vurderer"]) == {"Kari"}


def test_an_imported_assessor_hides_his_app_scores_until_the_import_is_undone(app_db, store):
    save_in_app(app_db, "Kari", 1)
    con = duckdb.connect(str(app_db), read_only=True)
    parsed = importing.check(con, "kari.xlsx", KARI)
    preview = importer.preview(con, parsed.dataset, parsed.frame)
    con.close()
    assert list(preview["endring"]) == [score_import.HIDES_APP] * 2

    assert try_import(app_db, store, "kari.xlsx", KARI) == []
    indexed = scores(app_db).set_index(["vurderer", "omrade_id", "kriterium"])
    feiing = indexed.loc[("Kari", "feiing", "okonomi")]
    assert feiing["poeng"] == 5 and feiing["kilde"] == "Møte 1"
    with pytest.raises(cooperation.ScoreError, match="importert fra fil"):
        save_in_app(app_db, "Kari", 3)

    con = duckdb.connect(str(app_db))
    importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    back = scores(app_db)
    assert back[["vurderer", "omrade_id", "kriterium", "poeng"]].values.tolist() == [
        ["Kari", "feiing", "okonomi", 1]
    ]
    assert back["kilde"].tolist() == [queries.APP_SOURCE]


def test_a_second_file_changes_an_area_and_leaves_the_others(app_db, store):
    assert try_import(app_db, store, "kari.xlsx", KARI) == []
    again = scores_file(["Kari", "feiing", 1, None, None, None, None, None, None, None, None, "Møte 2"])
    con = duckdb.connect(str(app_db), read_only=True)
    parsed = importing.check(con, "kari2.xlsx", again)
    assert list(importer.preview(con, parsed.dataset, parsed.frame)["endring"]) == ["endret"]
    con.close()
    assert try_import(app_db, store, "kari2.xlsx", again) == []
    now = scores(app_db)
    assert now[now["omrade_id"] == "feiing"]["poeng"].tolist() == [1]
    assert len(now[now["omrade_id"] == "ledelse"]) == 5


BAD = {
    "a score above 5": (["Kari", "feiing", 6, *[None] * 7, None, "M"], "utenfor det tillatte området 1–5"),
    "a score that is not whole": (["Kari", "feiing", "3,5", *[None] * 7, None, "M"], "må være et helt tall"),
    "a row with no score": (["Kari", "feiing", *[None] * 8, None, "M"], "fyll inn minst én av kolonnene"),
    "an unknown area": (
        ["Kari", "brannbåt", 3, *[None] * 7, None, "M"],
        "ukjent samarbeidsområde «brannbåt»",
    ),
    "no assessor": ([None, "feiing", 3, *[None] * 7, None, "M"], "kolonne «Vurderer»: verdien mangler"),
    "an assessor name longer than the app allows": (
        ["K" * 61, "feiing", 3, *[None] * 7, None, "M"],
        "teksten er 61 tegn, høyst 60 er tillatt",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_score_rows_are_refused_and_nothing_changes(case, app_db, store):
    row, message = BAD[case]
    save_in_app(app_db, "Ola", 2)
    before = scores(app_db)
    problems = try_import(app_db, store, "v.xlsx", scores_file(row))
    assert any(message in p for p in problems), problems
    pd.testing.assert_frame_equal(scores(app_db), before)
