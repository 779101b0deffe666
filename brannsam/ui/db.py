"""The app's one DuckDB connection (read-write: scenarios are saved through it), built on
first start when the file is missing, a cursor per script run (closed once the run's thread has
ended), and the one way to write.

The connection is bound to the file it opened. If that file is deleted or replaced while the
app runs, the next read or write notices it (a cheap `stat`): a deleted file is rebuilt from
the sources with everything the open connection still holds carried over, so a save never
reports success into a file that is gone.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from brannsam.data import database_file, dataversion, paths, sources
from brannsam.pipeline import build, importing

log = logging.getLogger("brannsam")


class WriteError(Exception):
    """A write that cannot be done, with the reason in Norwegian."""


class DatabaseUnavailable(Exception):
    """The database cannot be opened or built, with the reason in Norwegian."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


@dataclass
class Handle:
    """The open database and what it was opened from; `generation` moves when it is reopened."""

    path: Path
    con: duckdb.DuckDBPyConnection
    identity: tuple[int, int] | None
    lock: threading.RLock = field(default_factory=threading.RLock)
    generation: int = 0
    writes: int = 0  # moves after every `writing()`: a run's token is read again

    def still_its_file(self) -> bool:
        return _identity(self.path) == self.identity

    def reopen(self) -> None:
        """Follow the file: rebuild a deleted one with what this connection holds, or open the
        one put in its place."""
        with self.lock:
            if self.still_its_file():
                return  # another thread got here first
            if _identity(self.path) is None:
                kept = build.user_tables_of(self.con)
                self.con.close()
                build.database(paths.sources_dir(), self.path, carry_over=kept)
                log.warning("Database file %s was deleted while open; rebuilt with user data", self.path)
            else:
                self.con.close()
                log.warning("Database file %s was replaced while open; opened the new file", self.path)
            self.con = duckdb.connect(str(self.path))
            self.identity = _identity(self.path)
            self.generation += 1


@st.cache_resource(show_spinner=False)
def _handle(db_path: str) -> Handle:
    path = Path(db_path)
    if not build.is_current(path):
        with st.spinner("Bygger databasen fra kildefilene …"):
            build.database(paths.sources_dir(), path)
    con = duckdb.connect(db_path)
    # An undo a killed server committed but never finished is finished before anyone reads.
    if finished := importing.recover(con, paths.imports_dir()):
        log.warning("Finished the undo of %s left half done by a stopped server", ", ".join(finished))
    return Handle(path, con, _identity(path))


def db_path() -> str:
    return str(paths.database_path())


def handle() -> Handle:
    """The open database, reopened first if its file has gone or been replaced."""
    current = _handle(db_path())
    if not current.still_its_file():
        current.reopen()
    return current


def connection() -> Handle:
    """Open (building first if missing or of an older schema) the database at start; what
    stands in the way is said in Norwegian (the details go to the server log)."""
    try:
        return handle()
    except (
        database_file.DatabaseCorruptError,
        database_file.DatabaseLockedError,
        database_file.DatabasePathError,
        sources.SourceError,
    ) as err:
        raise DatabaseUnavailable(str(err)) from err
    except (OSError, duckdb.Error) as err:
        log.exception("Could not open the database %s", db_path())
        if isinstance(err, duckdb.Error) and database_file.is_lock_error(err):
            raise DatabaseUnavailable(
                "Databasen er i bruk av en annen prosess: en annen Brannsam-server eller et "
                "kommandolinjeverktøy som skriver. Stopp den andre prosessen, eller start denne "
                "serveren med sin egen database (BRANNSAM_DB)."
            ) from err
        raise DatabaseUnavailable(
            f"Databasen {Path(db_path()).name} kan ikke åpnes: Brannsam mangler tilgang til fila eller "
            "mappa, eller fila er ikke en database. Feilen er skrevet i serverloggen."
        ) from err


_CURSORS = "_brannsam_cursors"


def begin_run() -> Handle:
    """Called at the top of every full script run (app.py): open the database and close the
    cursors of this session's earlier runs whose threads have ended."""
    current = connection()
    if get_script_run_ctx() is not None:
        _sweep(st.session_state.setdefault(_CURSORS, {}), current.generation)
    return current


def cursor() -> duckdb.DuckDBPyConnection:
    """The cursor of the script run calling (DuckDB refuses one cursor used by two threads at
    once, and a run being stopped can still be inside a query when the next run starts); outside
    any session (the warm-up at start), a cursor of the calling thread."""
    current = handle()
    if get_script_run_ctx() is None:
        return _thread_cursor(current)
    cursors = st.session_state.setdefault(_CURSORS, {})
    key = threading.get_ident()
    held = cursors.get(key)
    if held is None or held[0] != current.generation:
        _sweep(cursors, current.generation)
        held = cursors[key] = (current.generation, current.con.cursor())
    return held[1]


def _sweep(cursors: dict[int, tuple[int, duckdb.DuckDBPyConnection]], generation: int) -> None:
    """Close the cursors of runs that have ended (their thread is gone) or of a connection that
    has been reopened; one still inside a query is left for the next sweep."""
    alive = {thread.ident for thread in threading.enumerate()}
    for key, (made_in, held) in list(cursors.items()):
        if key in alive and made_in == generation:
            continue
        try:
            held.close()
        except duckdb.Error:
            continue
        del cursors[key]


_outside = threading.local()


def _thread_cursor(current: Handle) -> duckdb.DuckDBPyConnection:
    held = getattr(_outside, "held", None)
    if held is None or held[0] != current.generation:
        _outside.held = held = (current.generation, current.con.cursor())
    return held[1]


@contextmanager
def writing() -> Iterator[duckdb.DuckDBPyConnection]:
    """The one way to write: serialised, on the file that is there now, and checked again
    afterwards, so what was saved is in the file a restart will open."""
    current = handle()
    with current.lock:
        if not os.access(current.path, os.W_OK):
            raise WriteError(
                f"Databasefila {current.path.name} er skrivebeskyttet, så ingenting kan lagres. "
                "Be den som drifter appen gi skrivetilgang til data-mappa."
            )
        if not current.still_its_file():
            current.reopen()
        try:
            with current.con.cursor() as writer:
                yield writer
        finally:
            current.writes += 1
        if not current.still_its_file():
            current.reopen()


_run = threading.local()


def token() -> str:
    """Part of every cached query's key: the file, its build and its data version, so neither a
    rebuilt database nor a write is ever served stale. A script run's thread reads the version
    once (a funding slider's move asks for it four times, a query each) and again after any
    write through `writing()` or a reopened file. A new run's thread reads it anew; a rerun
    queued while a run was going can reuse the thread, and then only a write would move it."""
    current = handle()
    in_run = get_script_run_ctx() is not None  # outside one (the warm-up), read every time
    stamp = (id(current), current.generation, current.writes)
    held = getattr(_run, "held", None) if in_run else None
    if held is None or held[0] != stamp:
        held = (stamp, f"{current.path}:{current.generation}:{dataversion.current(cursor())}")
        if in_run:
            _run.held = held
    return held[1]
