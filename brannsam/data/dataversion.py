"""The database's data version: one counter, bumped inside every write transaction, that tells
a cache whether what it holds is still what the database says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


def current(con: duckdb.DuckDBPyConnection) -> str:
    """The build's time and the write counter: a rebuilt file or any write gives a new value."""
    built, version = con.execute(
        "SELECT (SELECT max(bygget) FROM schema_versjon), (SELECT max(versjon) FROM dataversjon)"
    ).fetchall()[0]
    return f"{built}:{version}"


def bump(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("UPDATE dataversjon SET versjon = versjon + 1")


@contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, moves_version: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """One write: all of it or nothing, and the data version moves with it. Only a write no
    cached read can see keeps the version (`moves_version=False`): a workshop participant's
    join or answer while the round is open, which would otherwise make every session, the wall
    and the other phones reread everything they had cached."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        if moves_version:
            bump(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def archive(con: duckdb.DuckDBPyConnection, kind: str, name: str, content: str) -> None:
    """Keep a version someone overwrote or deleted (a scenario, an assessor's scores), inside the
    caller's transaction, so that it can be restored by hand."""
    con.execute("INSERT INTO arkiv VALUES (?, ?, ?, ?)", [kind, name, dt.datetime.now(), content])
