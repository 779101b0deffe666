"""The app's one DuckDB connection (read-write: scenarios are saved through it), built on
first start when the file is missing, and a cursor per session."""

from __future__ import annotations

import threading

import duckdb
import streamlit as st

from brannsam import build, paths


@st.cache_resource(show_spinner=False)
def connection(db_path: str) -> tuple[duckdb.DuckDBPyConnection, threading.Lock]:
    """Open (building first if missing or of an older schema) the database; the lock
    serialises writes."""
    path = paths.Path(db_path)
    if not build.is_current(path):
        with st.spinner("Bygger databasen fra kildefilene …"):
            build.build(paths.sources_dir(), path)
    return duckdb.connect(db_path), threading.Lock()


def db_path() -> str:
    return str(paths.database_path())


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this session and thread (DuckDB cursors must not be shared across threads)."""
    key = ("_brannsam_cursor", db_path(), threading.get_ident())
    cursors = st.session_state.setdefault("_brannsam_cursors", {})
    if key not in cursors:
        cursors[key] = connection(db_path())[0].cursor()
    return cursors[key]


def write_lock() -> threading.Lock:
    return connection(db_path())[1]


def token() -> str:
    """Part of every cached query's key, so a rebuilt database is never served stale."""
    path = paths.database_path()
    return f"{path}:{path.stat().st_mtime_ns if path.exists() else 0}"
