"""The cooperation scores' reads and writes: an assessor's scores saved, replaced (the old ones
archived) or removed. What the scores mean lives in `model`; the workshop rounds in `workshop`."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from brannsam.cooperation.model import ScoreError, ScoresExist, save_problems, score_rows
from brannsam.data import dataversion


def _stored(con: duckdb.DuckDBPyConnection, assessor: str) -> str | None:
    """An assessor's app scores and gains as JSON (None when there are none), for the archive."""
    old = con.execute(
        """
        SELECT to_json(list(v)) FROM (
            SELECT omrade_id, kriterium, poeng, NULL AS gevinst_kr FROM samarbeidsvurdering
            WHERE vurderer = ?
            UNION ALL
            SELECT omrade_id, NULL, NULL, gevinst_kr FROM samarbeidsgevinst WHERE vurderer = ?
        ) v
        """,
        [assessor, assessor],
    ).fetchall()[0][0]
    return None if old is None else str(old)


def _delete(con: duckdb.DuckDBPyConnection, assessor: str) -> None:
    con.execute("DELETE FROM samarbeidsvurdering WHERE vurderer = ?", [assessor])
    con.execute("DELETE FROM samarbeidsgevinst WHERE vurderer = ?", [assessor])


def save(
    con: duckdb.DuckDBPyConnection,
    assessor: str,
    table: pd.DataFrame,
    areas: dict[str, str],
    overwrite: bool = False,
) -> int:
    """Store one assessor's scores in one transaction; returns the number of scores stored.
    Replacing scores already stored under the name needs `overwrite`, and keeps the old ones
    in the archive (anyone can type any name, so nobody's scores vanish without a trace)."""
    assessor = assessor.strip()
    problems = save_problems(assessor, table, areas)
    imported = con.execute(
        "SELECT string_agg(DISTINCT kilde, '; ') FROM samarbeidsvurdering_import WHERE vurderer = ?",
        [assessor],
    ).fetchall()[0][0]
    if imported:
        problems.append(
            f"Poengene til «{assessor}» er importert fra fil ({imported}). Endre dem med en ny import "
            "på siden Data, eller lagre under et annet navn."
        )
    if problems:
        raise ScoreError(problems)
    scores, gains = score_rows(assessor, table, dt.datetime.now())
    with dataversion.transaction(con):
        old = _stored(con, assessor)
        if old is not None and not overwrite:
            raise ScoresExist(
                [
                    f"Det finnes allerede poeng lagret for «{assessor}». Bekreft at du vil overskrive "
                    "dem (de gamle tas vare på), eller lagre under et annet navn."
                ]
            )
        if old is not None:
            dataversion.archive(con, "vurdering", assessor, old)
        _delete(con, assessor)
        if scores:
            con.executemany("INSERT INTO samarbeidsvurdering VALUES (?, ?, ?, ?, ?)", scores)
        if gains:
            con.executemany("INSERT INTO samarbeidsgevinst VALUES (?, ?, ?, ?)", gains)
    return len(scores)


def remove_assessor(con: duckdb.DuckDBPyConnection, assessor: str) -> None:
    """Remove an assessor's app scores (the example set), kept in the archive like an overwrite."""
    with dataversion.transaction(con):
        old = _stored(con, assessor)
        if old is not None:
            dataversion.archive(con, "vurdering", assessor, old)
        _delete(con, assessor)
