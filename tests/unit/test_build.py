"""Build invariants on the real sources, and broken sources that must leave the old database."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from cli import brannsam_process

from brannsam.data import paths, sources
from brannsam.pipeline import build

ROOT = Path(__file__).resolve().parents[2]


def source_population() -> int:
    with open(paths.SOURCES_DIR / "kommuner.csv", encoding="utf-8") as handle:
        return sum(int(row["innbyggere"]) for row in csv.DictReader(handle))


def test_forty_municipalities_with_the_source_population(con):
    count, total = con.execute("SELECT count(*), sum(innbyggere) FROM kommune").fetchall()[0]
    assert count == 40
    assert total == source_population()


def test_every_municipality_has_exactly_one_service_in_each_structure(con):
    rows = con.execute(
        """
        SELECT s.struktur_id, count(d.kommunenummer), count(DISTINCT d.kommunenummer)
        FROM struktur s LEFT JOIN dekning d USING (struktur_id) GROUP BY 1
        """
    ).fetchall()
    assert {r[0] for r in rows} == {"dsb", "nyheter2024"}
    assert all(r[1] == 40 and r[2] == 40 for r in rows)


def test_dsb_structure_has_thirteen_services(con):
    count = con.execute("SELECT count(*) FROM brannvesen WHERE struktur_id = 'dsb'").fetchall()[0][0]
    assert count == 13


def test_estimated_rows_are_marked_in_their_source(con):
    for table in ("bemanning", "kostnad", "risikoobjekt"):
        bad = con.execute(
            f"SELECT count(*) FROM {table} WHERE estimert AND NOT starts_with(kilde, 'estimat:')"
        ).fetchall()[0][0]
        assert bad == 0, table
    real = con.execute("SELECT count(*) FROM hendelse WHERE NOT estimert").fetchall()[0][0]
    assert real == 3  # Stjørdal's three newspaper-sourced years stay real figures


def test_constraints_reject_negative_population(con, tmp_path):
    db = tmp_path / "x.duckdb"
    writable = duckdb.connect(str(db))
    writable.execute((ROOT / "brannsam" / "data" / "schema.sql").read_text())
    with pytest.raises(duckdb.ConstraintException):
        writable.execute("INSERT INTO kommune VALUES ('5001', 'X', 'Y', -1, 2024, 10, 63, 10, 'test')")


def digest(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("kommune", "dekning", "brannstasjon", "tettsted", "kostnad", "risikoindikator")
        }
    finally:
        con.close()


def test_build_is_idempotent(sources_copy, tmp_path):
    target = tmp_path / "db.duckdb"
    build.database(sources_copy, target)
    first = digest(target)
    build.database(sources_copy, target)
    assert digest(target) == first


def test_saved_scenarios_survive_a_rebuild(sources_copy, tmp_path):
    target = tmp_path / "db.duckdb"
    build.database(sources_copy, target)
    con = duckdb.connect(str(target))
    con.execute(
        "INSERT INTO scenario (navn, opprettet, endret, innstillinger) VALUES ('Mitt', now(), now(), '{}')"
    )
    con.close()
    build.database(sources_copy, target)
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("SELECT navn FROM scenario").fetchall() == [("Mitt",)]
    con.close()


def edit_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row as a spreadsheet counts it, header = 1)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def drop_column(path: Path, column: str) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([r[:index] + r[index + 1 :] for r in rows])


def duplicate_row(path: Path, row: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[row - 1]]), encoding="utf-8")


def to_cp1252(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))


def remove_municipality(path: Path, kommunenummer: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if f",{kommunenummer}," not in line), encoding="utf-8")


BROKEN = {
    "missing column": (
        lambda d: drop_column(d / "kommuner.csv", "innbyggere"),
        ["kommuner.csv", "rad 1", "«innbyggere»", "mangler"],
    ),
    "text in a number": (
        lambda d: edit_cell(d / "kommuner.csv", 4, "innbyggere", "mange"),
        ["kommuner.csv", "rad 4", "«innbyggere»", "«mange» er ikke et tall"],
    ),
    "negative population": (
        lambda d: edit_cell(d / "kommuner.csv", 3, "innbyggere", "-5"),
        ["kommuner.csv", "rad 3", "«innbyggere»", "utenfor det tillatte området 0–2"],
    ),
    "unknown municipality": (
        lambda d: edit_cell(d / "brannstasjoner.csv", 2, "kommunenummer", "9999"),
        ["brannstasjoner.csv", "rad 2", "«kommunenummer»", "ukjent kommunenummer «9999»"],
    ),
    "duplicate key": (
        lambda d: duplicate_row(d / "kommuner.csv", 2),
        ["kommuner.csv", "rad 42", "dobbel nøkkel", "rad 2"],
    ),
    "wrong encoding": (
        lambda d: to_cp1252(d / "kommuner.csv"),
        ["kommuner.csv", "ikke gyldig UTF-8"],
    ),
    "threshold as a word": (
        lambda d: edit_cell(d / "regler.csv", 2, "terskel", "ti"),
        ["regler.csv", "rad 2", "«terskel»", "«ti»"],
    ),
    "R5 with two thresholds instead of three": (
        lambda d: edit_cell(d / "regler.csv", 5, "terskel", "3000;8000"),
        ["regler.csv", "rad 5", "«terskel»", "R5 trenger 3"],
    ),
    "municipality without a service": (
        lambda d: remove_municipality(d / "brannvesen.csv", "5001"),
        ["brannvesen.csv", "kommune 5001 har ikke noe brannvesen"],
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_broken_source_names_the_problem_and_keeps_the_old_database(case, sources_copy, built_db, tmp_path):
    target = tmp_path / "db.duckdb"
    shutil.copyfile(built_db, target)  # the database built from the same sources before the break
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    breaker, expected = BROKEN[case]
    breaker(sources_copy)
    with pytest.raises(sources.SourceError) as err:
        build.database(sources_copy, target)
    for fragment in expected:
        assert fragment in str(err.value)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_cli_exits_2_with_a_norwegian_message(sources_copy, tmp_path):
    """From the shell: the exit code goes through `python -m brannsam`'s `__main__`."""
    target = tmp_path / "cli.duckdb"
    edit_cell(sources_copy / "kommuner.csv", 5, "areal_km2", "stort")
    result = brannsam_process("build", BRANNSAM_DB=str(target), BRANNSAM_SOURCES=str(sources_copy))
    assert result.returncode == 2
    assert "kommuner.csv, rad 5, kolonne «areal_km2»: «stort» er ikke et tall." in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_a_milestone_with_a_bad_date_stops_the_build_with_file_row_and_column(sources_copy, tmp_path):
    path = sources_copy / "milepaeler.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-02-20", "20.02.2024"), "utf-8")
    with pytest.raises(sources.SourceError) as raised:
        build.database(sources_copy, tmp_path / "x.duckdb")
    assert (raised.value.file, raised.value.row, raised.value.column) == ("milepaeler.csv", 3, "fra")
