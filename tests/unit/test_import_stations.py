"""Importing a service's station list: change, add and remove stations; ids stay stable; bad rows
are refused with their row; the build replays it and undo restores the register."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import openpyxl
import pytest
from importhelpers import try_import, xlsx

from brannsam.data import paths, queries
from brannsam.imports import datasets, importer
from brannsam.pipeline import build, importing

HEADER = [f.header for f in datasets.DATASETS["stasjoner"].fields]


def rows(*body: list) -> bytes:
    return xlsx([HEADER, *body], sheet="Stasjoner")


def stations(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT stasjon_id, kommunenummer, navn, lat, lon, kategori, kilde FROM brannstasjon ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def one(db: Path, sql: str, params: list) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


SHARES = "SELECT verdi FROM risikoindikator WHERE kommunenummer = ? AND indikator LIKE 'andel%' ORDER BY ALL"


FILE = rows(
    ["5028", "Korsvegen brannstasjon", "63,1597", "10,1013", "døgnkasernert", "nei", 2025, "Gauldal 2025"],
    ["5028", "Ny stasjon Støren", 63.03, 10.28, "Dagkasernert", None, 2025, "Gauldal 2025"],
    ["5028", "Lundamo brannstasjon", None, None, "ikke kasernert", "ja", 2025, "Gauldal 2025"],
)


def test_preview_says_what_each_row_does(app_db):
    con = duckdb.connect(str(app_db), read_only=True)
    parsed = importing.check(con, "stasjoner.xlsx", FILE)
    preview = importer.preview(con, parsed.dataset, parsed.frame)
    con.close()
    assert list(preview["endring"]) == ["endret", "ny", "fjernes"]


def test_import_changes_adds_and_removes_and_keeps_station_ids(app_db, store):
    before = {(r[1], r[2]): r for r in stations(app_db)}
    shares_before = one(app_db, SHARES, ["5028"])
    assert try_import(app_db, store, "stasjoner.xlsx", FILE) == []
    after = {(r[1], r[2]): r for r in stations(app_db)}

    changed = after[("5028", "Korsvegen brannstasjon")]
    assert changed[0] == before[("5028", "Korsvegen brannstasjon")][0]  # same id: links keep working
    assert changed[3:] == (63.1597, 10.1013, "døgnkasernert", "Gauldal 2025")
    added = after[("5028", "Ny stasjon Støren")]
    assert added[0] == max(r[0] for r in before.values()) + 1
    assert added[5] == "dagkasernert"
    assert ("5028", "Lundamo brannstasjon") not in after
    assert len(after) == len(before)
    # The derived response-time shares were recomputed from the new station list.
    shares_after = one(app_db, SHARES, ["5028"])
    assert shares_after != shares_before


def test_blank_coordinates_keep_the_known_point(app_db, store):
    melhus = ("5028", "Melhus brannstasjon (hovedbrannstasjon)")
    before = {(r[1], r[2]): r for r in stations(app_db)}[melhus]
    data = rows([*melhus, None, None, "dagkasernert", None, 2025, "X"])
    assert try_import(app_db, store, "melhus.xlsx", data) == []
    after = {(r[1], r[2]): r for r in stations(app_db)}[melhus]
    assert after[3:5] == before[3:5]
    assert after[5] == "dagkasernert"


BAD = {
    "removing a station that does not exist": (
        ["5028", "Lundamo stasjon", None, None, "ukjent", "ja", 2025, "X"],
        "stasjonen «Lundamo stasjon» finnes ikke i kommune 5028",
    ),
    "half a coordinate pair": (
        ["5028", "Ny", 63.1, None, "ukjent", None, 2025, "X"],
        "fyll inn både breddegrad og lengdegrad",
    ),
    "a point outside the region": (
        ["5028", "Ny", 59.9, 10.7, "ukjent", None, 2025, "X"],
        "utenfor det tillatte området 62–65,5",
    ),
    "an unknown category": (
        ["5028", "Ny", 63.1, 10.2, "heltid", None, 2025, "X"],
        "«heltid» skal være en av: døgnkasernert, dagkasernert",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_station_rows_are_refused_with_their_row_and_nothing_changes(case, app_db, store):
    row, message = BAD[case]
    before = stations(app_db)
    problems = try_import(app_db, store, "s.xlsx", rows(row))
    assert any(message in p and "rad 2" in p for p in problems), problems
    assert stations(app_db) == before


def test_the_missing_station_message_lists_the_stations_there(app_db, store):
    problems = try_import(app_db, store, "s.xlsx", rows(BAD["removing a station that does not exist"][0]))
    assert "Lundamo brannstasjon" in problems[0] and "Korsvegen brannstasjon" in problems[0]


def test_rows_are_numbered_as_in_the_spreadsheet_even_after_blank_rows(app_db, store):
    blank = [None] * len(HEADER)
    data = xlsx([HEADER, blank, ["5028", "Ny", 63.1, 10.2, "heltid", None, 2025, "X"]], "Stasjoner")
    problems = try_import(app_db, store, "s.xlsx", data)
    assert len(problems) == 1 and "rad 3" in problems[0], problems


def test_station_import_is_replayed_by_the_build_and_can_be_undone(app_db, store, tmp_path):
    before = stations(app_db)
    assert try_import(app_db, store, "stasjoner.xlsx", FILE) == []
    rebuilt = tmp_path / "rebuilt.duckdb"
    build.database(paths.SOURCES_DIR, rebuilt, imports=store)
    assert stations(rebuilt) == stations(app_db)

    con = duckdb.connect(str(app_db))
    importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    assert len(queries.stations(con)) == len(before)
    con.close()
    assert stations(app_db) == before


def test_a_later_import_can_remove_a_station_an_earlier_one_added(app_db, store, tmp_path):
    added = rows(["5028", "Midlertidig", 63.1, 10.2, "depot", None, 2025, "X"])
    removed = rows(["5028", "Midlertidig", None, None, "depot", "ja", 2025, "X"])
    assert try_import(app_db, store, "a.xlsx", added) == []
    assert try_import(app_db, store, "b.xlsx", removed) == []
    rebuilt = tmp_path / "rebuilt.duckdb"
    build.database(paths.SOURCES_DIR, rebuilt, imports=store)  # replays both, in order
    assert stations(rebuilt) == stations(app_db)
    assert not any(r[2] == "Midlertidig" for r in stations(rebuilt))


def test_the_template_lists_todays_stations_to_copy_names_from(con):
    data = datasets.template("stasjoner", importer.reference(con, datasets.DATASETS["stasjoner"]))
    book = openpyxl.load_workbook(io.BytesIO(data))
    listed = [r[2] for r in list(book["Stasjoner i dag"].values)[1:]]
    assert "Korsvegen brannstasjon" in listed
    assert len(listed) == con.execute("SELECT count(*) FROM brannstasjon").fetchall()[0][0]


def test_a_station_list_saved_as_norwegian_csv_is_accepted(app_db, store):
    """Semicolons, decimal commas, Windows-1252 (ø in the name) as Norwegian Excel saves it."""
    row = "5028;Hølonda øvingsstasjon;63,0325;10,2861;ikke kasernert;nei;2025;Gauldal"
    text = ";".join(HEADER) + "\n" + row + "\n"
    assert try_import(app_db, store, "stasjoner.csv", text.encode("cp1252"), "stasjoner") == []
    added = [r for r in stations(app_db) if r[1:3] == ("5028", "Hølonda øvingsstasjon")]
    assert [r[3:6] for r in added] == [(63.0325, 10.2861, "ikke kasernert")]


def test_an_undo_killed_after_its_commit_is_finished_at_the_next_start(app_db, store, tmp_path, monkeypatch):
    """Kill -9 between the database's commit and the file's move: the log says «angret», the
    file is still among the imports. The next start sets it aside, and a build in between never
    brings the station back."""
    before = stations(app_db)
    assert try_import(app_db, store, "stasjoner.xlsx", FILE) == []
    con = duckdb.connect(str(app_db))

    def killed(imports, file):
        raise SystemExit("kill -9")

    monkeypatch.setattr(importing, "_set_aside", killed)
    with pytest.raises(SystemExit):
        importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    monkeypatch.undo()
    assert len(queries.stations(con)) == len(before)  # the database committed the undo
    left = importer.stored_files(store)
    assert len(left) == 1 and not list(store.glob(".angre-*"))  # the file still there, no temp files
    con.close()
    rebuilt = tmp_path / "rebuilt.duckdb"
    build.database(
        paths.SOURCES_DIR,
        rebuilt,
        imports=store,
        carry_over=build.user_tables_of(duckdb.connect(str(app_db), read_only=True)),
    )
    assert stations(rebuilt) == before  # the half-undone file is not replayed
    con = duckdb.connect(str(app_db))
    assert importing.recover(con, store) == [left[0].name]
    con.close()
    assert importer.stored_files(store) == [] and (store / "angret" / left[0].name).exists()


def test_an_undo_killed_before_its_commit_leaves_everything_as_it_was(app_db, store, monkeypatch):
    assert try_import(app_db, store, "stasjoner.xlsx", FILE) == []
    imported = stations(app_db)
    con = duckdb.connect(str(app_db))

    def killed(*args, **kwargs):
        raise SystemExit("kill -9")

    monkeypatch.setattr(build, "database", killed)
    with pytest.raises(SystemExit):
        importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    monkeypatch.undo()
    (store / ".0002_x.xlsx.pending").write_bytes(b"half")  # an accept killed mid-way, too
    assert importing.recover(con, store) == []
    con.close()
    assert stations(app_db) == imported and len(importer.stored_files(store)) == 1
    assert not list(store.glob(".*"))  # the temporary files are gone
