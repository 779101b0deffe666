"""Importing the services' figures: good files are written in one transaction, kept, replayed by
the build and undoable; templates, the CLI and concurrent writers (bad files: test_import_files)."""

from __future__ import annotations

import io
import threading

import duckdb
import openpyxl
import pytest
from cli import brannsam_cli
from filled_templates import filled
from importhelpers import GOOD, HEADER, content, try_import, xlsx

from brannsam import access
from brannsam.data import paths
from brannsam.funding import store as funding_store
from brannsam.funding.settings import Settings
from brannsam.imports import datasets, importer
from brannsam.pipeline import build, importing
from brannsam.ui import db as ui_db


def test_good_import_replaces_estimates_is_logged_kept_and_replayed(app_db, store, tmp_path):
    con = duckdb.connect(str(app_db), read_only=True)
    preview = importer.preview(
        con, datasets.DATASETS["kostnader"], importing.check(con, "k.xlsx", xlsx(GOOD)).frame
    )
    con.close()
    assert list(preview["endring"]) == ["erstatter estimat", "erstatter estimat"]
    assert try_import(app_db, store, "k.xlsx", xlsx(GOOD)) == []
    con = duckdb.connect(str(app_db), read_only=True)
    assert con.execute(
        "SELECT estimert, netto_338_kr FROM kostnad WHERE kommunenummer = '5059'"
    ).fetchall() == [(False, 2_500_000)]
    log = con.execute("SELECT bruker, filnavn, datasett, rader_endret FROM importlogg").fetchall()
    again = importer.preview(
        con, datasets.DATASETS["kostnader"], importing.check(con, "k.xlsx", xlsx(GOOD)).frame
    )
    con.close()
    assert log == [("test", "k.xlsx", "kostnader", 2)]
    assert list(again["endring"]) == ["uendret", "uendret"]
    assert [p.name for p in importer.stored_files(store)] == ["0001_kostnader_k.xlsx"]

    rebuilt = tmp_path / "rebuilt.duckdb"
    build.database(paths.SOURCES_DIR, rebuilt, imports=store)
    assert content(rebuilt)["kostnad"] == content(app_db)["kostnad"]


def test_undo_last_import_restores_the_estimate(app_db, store):
    before = content(app_db)["kostnad"]
    assert try_import(app_db, store, "k.xlsx", xlsx(GOOD)) == []
    con = duckdb.connect(str(app_db))
    importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    after = content(app_db)
    assert after["kostnad"] == before
    assert [r[5] for r in after["importlogg"]] == ["kostnader", "angret"]
    assert importer.stored_files(store) == []


def test_templates_have_headers_an_example_an_explanation_and_the_valid_ids(con):
    for name, dataset in datasets.DATASETS.items():
        reference = importer.reference(con, dataset)
        book = openpyxl.load_workbook(io.BytesIO(datasets.template(name, reference)))
        assert book.sheetnames == [dataset.sheet, "Forklaring", dataset.reference_sheet, "Om malen"]
        rows = list(book[dataset.sheet].values)
        assert list(rows[0]) == [f.header for f in dataset.fields]
        assert len(rows) == 2
        explained = [r[0] for r in list(book["Forklaring"].values)[1 : len(dataset.fields) + 1]]
        assert explained == [f.header for f in dataset.fields]
        assert len(list(book[dataset.reference_sheet].values)) == len(reference) + 1 > 1


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_the_example_row_is_refused_and_a_filled_template_round_trips(name, app_db, store):
    """Left in by mistake, the example row would pass for real figures; with one value changed the
    downloaded template imports as it is."""
    con = duckdb.connect(str(app_db), read_only=True)
    reference = importer.reference(con, datasets.DATASETS[name])
    con.close()
    before = content(app_db)
    problems = try_import(app_db, store, "mal.xlsx", datasets.template(name, reference))
    assert problems == [
        f"Ark «{datasets.DATASETS[name].sheet}», rad 2: dette er eksempelraden fra malen. "
        "Slett den, eller skriv inn ekte tall."
    ]
    assert content(app_db) == before
    assert try_import(app_db, store, "mal.xlsx", filled(name, reference=reference)) == []
    assert [p.name for p in importer.stored_files(store)] == [f"0001_{name}_mal.xlsx"]


def test_cli_import_exit_codes(built_db, tmp_path):
    db = tmp_path / "cli.duckdb"
    db.write_bytes(built_db.read_bytes())
    env = {"BRANNSAM_DB": str(db), "BRANNSAM_IMPORTS": str(tmp_path / "imp")}
    good = tmp_path / "kost.xlsx"
    good.write_bytes(xlsx(GOOD))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([HEADER, ["9999", 2024, 1, 2, "x"]]))
    before = content(db)
    result = brannsam_cli("import", str(bad), **env)
    assert result.returncode == 2 and "ukjent kommunenummer «9999»" in result.stderr
    assert content(db) == before
    result = brannsam_cli("import", str(good), **env)
    assert result.returncode == 0, result.stderr
    assert "Importerte 2\u00a0rader" in result.stdout


def test_undo_with_nothing_to_undo_says_so(app_db, store):
    con = duckdb.connect(str(app_db))
    with pytest.raises(importing.ImportRejected, match="ingen import å angre"):
        importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()


def test_concurrent_writes_are_serialised_and_none_is_lost(app_db, store):
    """Eight sessions save scenarios while two imports run, each through the app's own write
    path (`brannsam.ui.db.writing`, its one lock): every write lands and the data stays
    consistent. Without that lock, concurrent transactions conflict and this fails."""
    con = duckdb.connect(str(app_db))
    errors = []

    def session(n: int) -> None:
        try:
            for i in range(10):
                with ui_db.writing() as writer:
                    funding_store.save(writer, f"økt {n} scenario {i}", Settings(innfasing_aar=1 + i % 5))
        except Exception as err:  # collected and asserted below
            errors.append(err)

    def one_import(name: str, rows: list[list]) -> None:
        try:
            with ui_db.writing() as writer:
                importing.accept(writer, name, xlsx(rows), "test", store)
        except Exception as err:
            errors.append(err)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(8)]
    threads += [
        threading.Thread(target=one_import, args=("a.xlsx", GOOD)),
        threading.Thread(target=one_import, args=("b.xlsx", [HEADER, ["5006", 2024, 1, 2, "x"]])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert con.execute("SELECT count(*) FROM scenario").fetchall() == [(80,)]
    assert con.execute("SELECT count(*) FROM importlogg").fetchall() == [(2,)]
    assert con.execute("SELECT count(*) FROM kostnad WHERE NOT estimert").fetchall() == [(3,)]
    assert len(importer.stored_files(store)) == 2
    con.close()


def test_an_import_after_an_undo_never_reuses_a_file_name(app_db, store):
    """Two undone imports must both stay in angret/, not overwrite each other."""
    other = [HEADER, ["5006", 2024, 1, 2, "x"]]
    assert try_import(app_db, store, "a.xlsx", xlsx(GOOD)) == []
    assert try_import(app_db, store, "b.xlsx", xlsx(other)) == []
    con = duckdb.connect(str(app_db))
    importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    assert try_import(app_db, store, "c.xlsx", xlsx(other)) == []
    assert [p.name for p in importer.stored_files(store)] == [
        "0001_kostnader_a.xlsx",
        "0003_kostnader_c.xlsx",
    ]
    con = duckdb.connect(str(app_db))
    importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    assert sorted(p.name for p in (store / "angret").iterdir()) == [
        "0002_kostnader_b.xlsx",
        "0003_kostnader_c.xlsx",
    ]


def test_the_log_name_is_what_was_typed_or_says_none_was():
    assert access.log_name("  Kari   Nordmann ") == "Kari Nordmann"
    assert access.log_name("") == access.log_name(None) == "admin (navn ikke oppgitt)"
    assert len(access.log_name("x" * 500)) == access.MAX_NAME


def test_a_file_already_imported_is_recognised_until_it_is_undone(app_db, store):
    data = xlsx(GOOD)
    assert try_import(app_db, store, "k.xlsx", data) == []
    sha = importer.parse("k.xlsx", data, {"kommunenummer": {}, "brannvesen": {}}).sha256
    assert importing.already_imported(store, sha).name == "0001_kostnader_k.xlsx"
    assert importing.already_imported(store, "0" * 64) is None
    con = duckdb.connect(str(app_db))
    importing.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    assert importing.already_imported(store, sha) is None
