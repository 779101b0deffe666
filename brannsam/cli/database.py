"""The database from the shell: read (built first when missing or old; a copy taken now while
the app holds the file) or written (refused in Norwegian while the app holds it)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from brannsam.cli.output import UsageError
from brannsam.data import database_file, paths
from brannsam.pipeline import build


@contextmanager
def reading() -> Iterator[duckdb.DuckDBPyConnection]:
    """The database for reading, built first when it is missing or of an older schema; while
    the app holds it, a copy taken now (the reading commands work during a workshop)."""
    path = paths.database_path()
    if not build.is_current(path):
        build.database(paths.sources_dir(), path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        if not database_file.is_lock_error(err):
            raise
        print("Databasen er i bruk av appen: leser en kopi tatt nå.", file=sys.stderr)
        with database_file.snapshot(path) as copy:
            yield copy
        return
    try:
        yield con
    finally:
        con.close()


@contextmanager
def writing(busy: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database for one write from the shell; `busy` says where to do it while the app holds
    the file."""
    path = paths.database_path()
    if not build.is_current(path):
        build.database(paths.sources_dir(), path)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException:
        raise UsageError(f"Databasen er i bruk (kjører appen?). {busy}") from None
    try:
        yield con
    finally:
        con.close()
