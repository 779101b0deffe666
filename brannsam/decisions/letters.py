"""The status letters («infoskriv») the project sends its governing bodies and the councils: each
one written is kept (number, when, by whom, what it said in one line), so the next can say what
changed since: data imported, scenarios saved, decisions registered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from brannsam.data import dataversion


@dataclass(frozen=True)
class Previous:
    number: int
    made: dt.datetime


@dataclass(frozen=True)
class Changes:
    """What happened after `since` (everything, for the first letter)."""

    since: dt.datetime | None
    imports: pd.DataFrame  # tidspunkt, datasett, filnavn, rader_endret (undone imports included)
    scenarios: list[str]  # saved or changed
    decisions: pd.DataFrame  # kommunenummer, status, registrert (undone ones left out)


def previous(con: duckdb.DuckDBPyConnection) -> Previous | None:
    row = con.execute("SELECT nummer, laget FROM infoskriv ORDER BY nummer DESC LIMIT 1").fetchone()
    return None if row is None else Previous(int(row[0]), row[1])


def changes(con: duckdb.DuckDBPyConnection, since: Previous | None) -> Changes:
    """Imports, scenarios and decisions after the previous letter."""
    after = since.made if since else dt.datetime(1900, 1, 1)
    imports = con.execute(
        """
        SELECT tidspunkt, datasett, filnavn, rader_endret FROM importlogg
        WHERE tidspunkt > ? ORDER BY tidspunkt
        """,
        [after],
    ).df()
    saved = [
        r[0]
        for r in con.execute("SELECT navn FROM scenario WHERE endret > ? ORDER BY endret", [after]).fetchall()
    ]
    decisions = con.execute(
        """
        SELECT kommunenummer, status, registrert FROM vedtak
        WHERE registrert > ? AND angret IS NULL ORDER BY vedtak_id
        """,
        [after],
    ).df()
    return Changes(since.made if since else None, imports, saved, decisions)


def record(con: duckdb.DuckDBPyConnection, who: str, summary: str, now: dt.datetime) -> int:
    """Keep the letter just written; returns its number."""
    with dataversion.transaction(con):
        number = con.execute("SELECT coalesce(max(nummer), 0) + 1 FROM infoskriv").fetchall()[0][0]
        con.execute("INSERT INTO infoskriv VALUES (?, ?, ?, ?)", [number, now, who, summary])
    return int(number)


def next_number(con: duckdb.DuckDBPyConnection) -> int:
    found = previous(con)
    return 1 if found is None else found.number + 1
