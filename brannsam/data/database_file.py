"""The database file itself, apart from what is in it: its write-ahead log, opening the old file
safely before a rebuild, and setting an unreadable one aside (never deleting it)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)


class DatabaseLockedError(Exception):
    """The old database is held by another process, so its user data cannot be carried over."""


class DatabaseCorruptError(Exception):
    """The old database cannot be read: it has been moved aside (never deleted), and the build
    stops so that nobody mistakes a fresh database for one that kept the saved work."""


class DatabasePathError(Exception):
    """The database path names something that is not a database file (a folder, say)."""


def wal_of(path: Path) -> Path:
    """DuckDB's write-ahead log beside `path`: it belongs to that one file and must never meet
    another file put in its place."""
    return path.with_name(path.name + ".wal")


def is_lock_error(err: duckdb.Error) -> bool:
    """Whether another process holds the file: DuckDB's I/O error for a lock it could not set
    (a damaged block says «block», which a plain search for «lock» would mistake for it)."""
    text = str(err).lower()
    held = "could not set lock" in text or "conflicting lock" in text
    return isinstance(err, duckdb.IOException) and held


@contextmanager
def snapshot(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only copy of a database another process holds (the app): the file and its
    write-ahead log are copied to a temporary folder, so the copy includes the last save."""
    with tempfile.TemporaryDirectory(prefix="brannsam-") as folder:
        copy = Path(folder) / "kopi.duckdb"
        shutil.copyfile(path, copy)
        if wal_of(path).exists():
            shutil.copyfile(wal_of(path), wal_of(copy))
        con = duckdb.connect(str(copy), read_only=True)
        try:
            yield con
        finally:
            con.close()


def set_aside(path: Path) -> Path:
    """Move a database that cannot be read (and its log) out of the way, keeping it for
    whoever can recover it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.skadet-{stamp}")
    os.replace(path, aside)
    if wal_of(path).exists():
        os.replace(wal_of(path), wal_of(aside))
    return aside


def corrupt(path: Path, err: Exception) -> DatabaseCorruptError:
    """Set the unreadable file aside and say, in Norwegian, what that means for the saved work."""
    aside = set_aside(path)
    log.error("Database file %s could not be read (%s); moved to %s", path, err, aside)
    return DatabaseCorruptError(
        f"Databasefila {path.name} er skadet og kan ikke leses. Lagrede scenarioer, "
        f"vurderinger og importloggen i den kunne ikke hentes ut. Fila er flyttet til {aside.name} "
        "(ingenting er slettet). Gjenopprett den fra en sikkerhetskopi, eller kjør "
        "«python -m brannsam build» igjen for å bygge en ny database uten dem."
    )


def open_old(path: Path) -> duckdb.DuckDBPyConnection | None:
    """The existing database, opened for writing so that its write-ahead log is replayed (the
    last save before a crash is kept) and so that no other process can open it while it is
    rebuilt. None when there is no file, or an empty one (nothing to keep)."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return None
    if not path.is_file():
        raise DatabasePathError(
            f"Databasen {path.name} kan ikke åpnes: stien er ikke en fil (en mappe?). Rett BRANNSAM_DB."
        )
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as err:
        if is_lock_error(err):
            raise DatabaseLockedError(
                f"Databasen {path.name} er i bruk av en annen prosess (kjører appen?). Stopp appen og "
                "prøv igjen, ellers kunne lagrede scenarioer gått tapt."
            ) from err
        raise corrupt(path, err) from err
