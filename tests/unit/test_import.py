"""Importing the services' figures: every bad file is refused with its message and the database
is unchanged; good files are written in one transaction, kept, replayed by the build, undoable."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import duckdb
import openpyxl
import pytest
from cli import brannsam_cli
from filled_templates import filled

from brannsam import access, build, paths
from brannsam.funding import scenarios
from brannsam.imports import datasets, files, importer, workflow

TABLES = ("kostnad", "bemanning", "hendelse", "risikoindikator", "importlogg")


def content(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def xlsx(rows: list[list], sheet: str = "Kostnader") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["Kommunenummer", "År", "Netto driftsutgifter 338 (kr)", "Netto driftsutgifter 339 (kr)", "Kilde"]


def workbook(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    book.create_sheet("Synlig")  # a workbook needs one visible sheet
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def many_rows(n: int) -> list[list]:
    return [HEADER] + [["5059", 2024, 1, 2, "x"]] * n


GOOD = [
    HEADER,
    ["5059", 2024, 2_500_000, 21_000_000, "KOSTRA 2024"],
    ["5001", 2024, 30_000_000, 190_000_000, "KOSTRA 2024"],
]


@pytest.fixture
def store(tmp_path):
    return tmp_path / "imports"


def try_import(db: Path, store: Path, name: str, data: bytes, dataset: str | None = None) -> list[str]:
    con = duckdb.connect(str(db))
    try:
        workflow.accept(con, name, data, "test", store, dataset)
        return []
    except workflow.ImportRejected as err:
        return err.problems
    finally:
        con.close()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

BAD = {
    "empty file": ("tom.xlsx", b"", None, "Fila er tom"),
    "png renamed xlsx": ("bilde.xlsx", PNG, None, "ikke et gyldig Excel-regneark"),
    "missing column": ("k.xlsx", xlsx([HEADER[:-1], ["5059", 2024, 1, 2]]), None, "kolonnen «Kilde» mangler"),
    "extra column": (
        "k.xlsx",
        xlsx([[*HEADER, "Merknad"], ["5059", 2024, 1, 2, "x", "y"]]),
        None,
        "ukjent kolonne «Merknad»",
    ),
    "wrong sheet name": ("k.xlsx", xlsx(GOOD, sheet="Ark1"), None, "Fant ikke arket"),
    "text in a number column": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, "mye", 2, "x"]]),
        None,
        "rad 2, kolonne «Netto driftsutgifter 338 (kr)»: «mye» er ikke et tall",
    ),
    "negative value": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, -5, 2, "x"]]),
        None,
        "utenfor det tillatte området",
    ),
    "absurd value": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, 9e12, 2, "x"]]),
        None,
        "utenfor det tillatte området",
    ),
    "unknown municipality": (
        "k.xlsx",
        xlsx([HEADER, ["9999", 2024, 1, 2, "x"]]),
        None,
        "ukjent kommunenummer «9999»",
    ),
    "duplicate rows": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, 1, 2, "x"], ["5059", 2024, 1, 2, "x"]]),
        None,
        "rad 3: samme nøkkel som rad 2",
    ),
    "formula in a cell": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, "=1+1", 2, "x"]]),
        None,
        "inneholder en formel",
    ),
    "file above the limit": ("stor.xlsx", b"PK" + b"0" * (files.MAX_BYTES + 1), None, "større enn 20 MB"),
    "very long string": ("k.xlsx", xlsx([HEADER, ["5059", 2024, 1, 2, "x" * 5000]]), None, "5000 tegn"),
    "csv without dataset": ("k.csv", b"a;b\n1;2\n", None, "Velg hvilket datasett"),
    "png renamed csv": ("k.csv", PNG, "kostnader", "ikke en tekstfil"),
    "wrong file type": ("k.pdf", b"%PDF-1.4", None, "støttes ikke"),
    "data in a hidden sheet": (
        "k.xlsx",
        workbook({"Kostnader": GOOD}, hidden=("Kostnader",)),
        None,
        "er skjult",
    ),
    "two dataset sheets": (
        "k.xlsx",
        workbook({"Kostnader": GOOD, "Hendelser": [["Kommunenummer"]]}),
        None,
        "flere datasett",
    ),
    "zero-width space in a text": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, 1, 2, "KOSTRA\u200b"]]),
        None,
        "U+200B",
    ),
    "right-to-left override": (
        "k.xlsx",
        xlsx([HEADER, ["5059", 2024, 1, 2, "\u202eARTSOK"]]),
        None,
        "U+202E",
    ),
    "NUL after the first 4 KB": (
        "k.csv",
        (";".join(HEADER) + "\n5059;2024;1;2;" + "x" * 5000 + "\x00\n").encode(),
        "kostnader",
        "NUL-tegn",
    ),
    "a CSV field over the csv module's limit": (
        "k.csv",
        (";".join(HEADER) + '\n5059;2024;1;2;"' + "x" * 140_000 + '"\n').encode(),
        "kostnader",
        "et felt er for langt",
    ),
    "more rows than any template (xlsx)": (
        "k.xlsx",
        xlsx(many_rows(files.MAX_ROWS + 1)),
        None,
        "5\u00a0000 rader",
    ),
    "more rows than any template (csv)": (
        "k.csv",
        "\n".join(";".join(map(str, r)) for r in many_rows(files.MAX_ROWS + 1)).encode(),
        "kostnader",
        "5\u00a0000 rader",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_files_are_refused_and_nothing_changes(case, app_db, store):
    name, data, dataset, message = BAD[case]
    before = content(app_db)
    problems = try_import(app_db, store, name, data, dataset)
    assert any(message in p for p in problems), problems
    assert content(app_db) == before
    assert not store.exists() or not any(store.iterdir())


def test_a_long_list_of_problems_is_capped_and_counted(app_db, store):
    rows = [HEADER] + [["9999", 2024, 1, 2, "x"]] * 3000
    data = "\n".join(";".join(map(str, r)) for r in rows).encode()
    problems = try_import(app_db, store, "k.csv", data, "kostnader")
    assert len(problems) == importer.MAX_PROBLEMS + 1
    assert problems[-1] == "… og 2\u00a0900 andre feil."


def test_a_utf16_csv_is_read(app_db, store):
    text = ";".join(HEADER) + "\n5059;2024;2 500 000;21 000 000;KOSTRA 2024\n"
    assert try_import(app_db, store, "k.csv", text.encode("utf-16"), "kostnader") == []


def test_every_problem_is_reported_at_once(app_db, store):
    data = xlsx([HEADER, ["9999", 2024, "mye", -1, "x"], ["5001", 1800, 1, 2, ""]])
    problems = try_import(app_db, store, "k.xlsx", data)
    assert len(problems) == 5
    assert all(p.startswith("Ark «Kostnader», rad") for p in problems)


def test_norwegian_csv_with_semicolons_and_decimal_commas_is_accepted(app_db, store):
    text = ";".join(f.header for f in datasets.DATASETS["bemanning"].fields) + "\n"
    text += "rindal-brannvesen;2024;0,5;1 234,5;0;1,2;;nei;Årsrapport\n"
    problems = try_import(app_db, store, "bemanning.csv", text.encode("utf-8"), "bemanning")
    assert any(
        "utenfor det tillatte området" in p for p in problems
    )  # 1 234,5 årsverk is absurd: parsed, then refused
    ok = text.replace("1 234,5", "0,4")
    assert try_import(app_db, store, "bemanning.csv", ok.encode("utf-8"), "bemanning") == []
    con = duckdb.connect(str(app_db), read_only=True)
    row = con.execute(
        "SELECT arsverk_forebyggende, arsverk_ledelse, brannsjef_heltid, estimert FROM bemanning "
        "WHERE brannvesen_id = 'rindal-brannvesen'"
    ).fetchall()
    con.close()
    assert row == [(0.4, 0.5, False, False)]


def test_windows_1252_csv_is_read(app_db, store):
    text = "Kommunenummer;År;Hendelsestype;Antall;Kilde\n"
    text += "5035;2024;utrykninger (alle typer);310;Brannsjef i Stjørdal\n"
    assert try_import(app_db, store, "hendelser.csv", text.encode("cp1252"), "hendelser") == []
    con = duckdb.connect(str(app_db), read_only=True)
    kilde = con.execute("SELECT kilde FROM hendelse WHERE aar = 2024 AND NOT estimert").fetchall()
    con.close()
    assert kilde == [("Brannsjef i Stjørdal",)]


def test_good_import_replaces_estimates_is_logged_kept_and_replayed(app_db, store, tmp_path):
    con = duckdb.connect(str(app_db), read_only=True)
    preview = importer.preview(
        con, datasets.DATASETS["kostnader"], workflow.check(con, "k.xlsx", xlsx(GOOD)).frame
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
        con, datasets.DATASETS["kostnader"], workflow.check(con, "k.xlsx", xlsx(GOOD)).frame
    )
    con.close()
    assert log == [("test", "k.xlsx", "kostnader", 2)]
    assert list(again["endring"]) == ["uendret", "uendret"]
    assert [p.name for p in importer.stored_files(store)] == ["0001_kostnader_k.xlsx"]

    rebuilt = tmp_path / "rebuilt.duckdb"
    build.build(paths.SOURCES_DIR, rebuilt, imports=store)
    assert content(rebuilt)["kostnad"] == content(app_db)["kostnad"]


def test_undo_last_import_restores_the_estimate(app_db, store):
    before = content(app_db)["kostnad"]
    assert try_import(app_db, store, "k.xlsx", xlsx(GOOD)) == []
    con = duckdb.connect(str(app_db))
    workflow.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    after = content(app_db)
    assert after["kostnad"] == before
    assert [r[5] for r in after["importlogg"]] == ["kostnader", "angret"]
    assert importer.stored_files(store) == []


def test_templates_have_headers_an_example_an_explanation_and_the_valid_ids(con):
    wanted = {"bemanning", "kostnader", "hendelser", "stasjoner", "samarbeidsvurdering"}
    assert set(datasets.DATASETS) == wanted  # the five the issue names
    for name, dataset in datasets.DATASETS.items():
        reference = importer.reference(con, dataset)
        book = openpyxl.load_workbook(io.BytesIO(datasets.template(name, reference)))
        assert book.sheetnames == [dataset.sheet, "Forklaring", dataset.reference_sheet]
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
    with pytest.raises(workflow.ImportRejected, match="ingen import å angre"):
        workflow.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()


def test_concurrent_writes_are_serialised_and_none_is_lost(app_db, store):
    """Eight sessions save scenarios while two imports run, through one connection and the app's
    write lock (as brannsam.ui.db does): every write lands and the data stays consistent."""
    con = duckdb.connect(str(app_db))
    lock = threading.Lock()
    errors = []

    def session(n: int) -> None:
        cursor = con.cursor()
        try:
            for i in range(10):
                with lock:
                    scenarios.save(
                        cursor, f"økt {n} scenario {i}", scenarios.Settings(innfasing_aar=1 + i % 5)
                    )
        except Exception as err:  # collected and asserted below
            errors.append(err)

    def importing(name: str, rows: list[list]) -> None:
        cursor = con.cursor()
        try:
            with lock:
                workflow.accept(cursor, name, xlsx(rows), "test", store)
        except Exception as err:
            errors.append(err)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(8)]
    threads += [
        threading.Thread(target=importing, args=("a.xlsx", GOOD)),
        threading.Thread(target=importing, args=("b.xlsx", [HEADER, ["5006", 2024, 1, 2, "x"]])),
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
    workflow.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    assert try_import(app_db, store, "c.xlsx", xlsx(other)) == []
    assert [p.name for p in importer.stored_files(store)] == [
        "0001_kostnader_a.xlsx",
        "0003_kostnader_c.xlsx",
    ]
    con = duckdb.connect(str(app_db))
    workflow.undo_last(con, paths.SOURCES_DIR, store, "test")
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
    assert workflow.already_imported(store, sha).name == "0001_kostnader_k.xlsx"
    assert workflow.already_imported(store, "0" * 64) is None
    con = duckdb.connect(str(app_db))
    workflow.undo_last(con, paths.SOURCES_DIR, store, "test")
    con.close()
    assert workflow.already_imported(store, sha) is None
