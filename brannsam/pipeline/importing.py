"""The import workflow around `importer`: accept a file (one transaction, file kept, logged),
and undo the last accepted import (by rebuilding without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from brannsam.data import dataversion
from brannsam.imports import importer
from brannsam.pipeline import build


class ImportRejected(Exception):
    """The file was not imported; every problem is listed, in Norwegian."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def check(
    con: duckdb.DuckDBPyConnection, filename: str, data: bytes, dataset: str | None = None
) -> importer.Parsed:
    parsed = importer.validate(con, filename, data, dataset)
    if parsed.problems:
        raise ImportRejected(parsed.problems)
    return parsed


def accept(
    con: duckdb.DuckDBPyConnection,
    filename: str,
    data: bytes,
    user: str,
    imports: Path,
    dataset: str | None = None,
) -> int:
    """Validate, write in one transaction, keep the file and log it. Returns rows written.
    The file is kept only once the database has committed, and removed if anything fails."""
    parsed = check(con, filename, data, dataset)
    accepted, frame = parsed.accepted
    imports.mkdir(parents=True, exist_ok=True)
    final = imports / importer.stored_name(importer.next_number(imports), accepted.name, filename)
    pending = final.with_name("." + final.name + ".pending")
    pending.write_bytes(data)
    try:
        with dataversion.transaction(con):
            rows = importer.apply(con, accepted, frame)
            if accepted.feeds_risk:
                build.refresh_derived(con)
            importer.log_row(con, user, filename, parsed.sha256, accepted.name, rows)
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    pending.rename(final)
    return rows


def already_imported(imports: Path, sha256: str) -> Path | None:
    """The kept file with these exact bytes, if this file is already imported (and not undone):
    confirming it again would only log a second, empty change."""
    files = importer.stored_files(imports)
    return next((p for p in files if build.file_sha256(p) == sha256), None)


def last_import(imports: Path) -> Path | None:
    files = importer.stored_files(imports)
    return files[-1] if files else None


# The tables an import can change (directly, or through the derived risk indicators).
IMPORT_TABLES = (
    "kostnad",
    "bemanning",
    "hendelse",
    "brannstasjon",
    "samarbeidsvurdering_import",
    "risikoindikator",
)


def undo_last(
    con: duckdb.DuckDBPyConnection, sources: Path, imports: Path, user: str, expected: str | None = None
) -> Path:
    """Set the last import aside (data/imports/angret/) and restore what the database would be
    without it, in place and in one transaction: the tables are rebuilt into a temporary file
    and copied over. The app's connection stays valid; the log keeps a line saying so.
    `expected` is the import the user saw as the last one: if someone has imported since, the
    undo is refused rather than undoing a file the user never saw.

    All or nothing: the file is moved only after the database has committed, and the «angret»
    log line is what says it is undone; a process killed between the commit and the move leaves
    a file whose undo `recover` finishes at the next start."""
    last = last_import(imports)
    if last is None:
        raise ImportRejected(["Det finnes ingen import å angre."])
    if expected is not None and last.name != expected:
        raise ImportRejected(
            [
                f"Siste import er nå {last.name}, ikke {expected}: noen har importert i mellomtiden. "
                "Ingenting er angret. Se importloggen og angre på nytt om det fortsatt er riktig."
            ]
        )
    scratch = imports / f".angre-{last.name}.duckdb"
    kept = imports / f".angre-{last.name}.filer"
    try:
        # The database as it would be without the last import, built from the others' copies.
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir()
        for other in importer.stored_files(imports):
            if other != last:
                shutil.copy2(other, kept / other.name)
        build.database(sources, scratch, carry_over={}, imports=kept)
        con.execute("ATTACH ? AS ny (READ_ONLY)", [str(scratch)])
        try:
            with dataversion.transaction(con):
                for table in IMPORT_TABLES:
                    con.execute(f"DELETE FROM {table}")
                    con.execute(f"INSERT INTO {table} SELECT * FROM ny.{table}")
                importer.log_row(con, user, last.name, "", UNDONE, 0)
        finally:
            con.execute("DETACH ny")
    finally:
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
        shutil.rmtree(kept, ignore_errors=True)
    return _set_aside(imports, last)


UNDONE = "angret"


def _set_aside(imports: Path, file: Path) -> Path:
    undone = imports / "angret"
    undone.mkdir(exist_ok=True)
    moved = undone / file.name
    shutil.move(file, moved)
    return moved


def recover(con: duckdb.DuckDBPyConnection, imports: Path) -> list[str]:
    """At start, finish what a killed process left half done: an import whose undo the database
    has committed (its «angret» log line is the last word on it) but whose file was never set
    aside is set aside now, so a later build cannot bring it back; and the temporary files of an
    unfinished accept or undo are removed. Returns the names of the imports set aside."""
    if not imports.is_dir():
        return []
    for leftover in imports.glob(".*.pending"):
        leftover.unlink(missing_ok=True)
    for leftover in imports.glob(".angre-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    last_word = con.execute(
        """
        SELECT filnavn, datasett FROM importlogg
        QUALIFY row_number() OVER (PARTITION BY filnavn ORDER BY import_id DESC) = 1
        """
    ).fetchall()
    undone = {name for name, dataset in last_word if dataset == UNDONE}
    finished = []
    for file in importer.stored_files(imports):
        if file.name in undone:
            _set_aside(imports, file)
            finished.append(file.name)
    return finished
