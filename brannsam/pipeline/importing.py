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
    imports.mkdir(parents=True, exist_ok=True)
    final = imports / importer.stored_name(importer.next_number(imports), parsed.dataset.name, filename)
    pending = final.with_name("." + final.name + ".pending")
    pending.write_bytes(data)
    try:
        with dataversion.transaction(con):
            rows = importer.apply(con, parsed.dataset, parsed.frame)
            if parsed.dataset.feeds_risk:
                build.refresh_derived(con)
            importer.log_row(con, user, filename, parsed.sha256, parsed.dataset.name, rows)
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
    undo is refused rather than undoing a file the user never saw."""
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
    undone = imports / "angret"
    undone.mkdir(exist_ok=True)
    moved = undone / last.name
    shutil.move(last, moved)
    scratch = imports / f".angre-{last.name}.duckdb"
    try:
        build.database(sources, scratch, carry_over={}, imports=imports)
        con.execute("ATTACH ? AS ny (READ_ONLY)", [str(scratch)])
        try:
            with dataversion.transaction(con):
                for table in IMPORT_TABLES:
                    con.execute(f"DELETE FROM {table}")
                    con.execute(f"INSERT INTO {table} SELECT * FROM ny.{table}")
                importer.log_row(con, user, last.name, "", "angret", 0)
        finally:
            con.execute("DETACH ny")
    except Exception:
        shutil.move(moved, last)
        raise
    finally:
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
    return moved
