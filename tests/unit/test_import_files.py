"""Reading an uploaded file: every bad or hostile file is refused with its Norwegian message and
the database is unchanged; Norwegian CSV (semicolons, decimal commas, UTF-16, Windows-1252) is
read."""

from __future__ import annotations

import duckdb
import pytest
from importhelpers import GOOD, HEADER, content, many_rows, try_import, workbook, xlsx

from brannsam.imports import datasets, files, importer

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
    assert importer.stored_files(store) == []


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
