"""Cooperation-area scores from a file. Imported scores live in their own table, rebuilt from the
kept files like every import, so a rebuild never collides with the scores entered in the app
(which are user data, carried over). An assessor who appears in an import gets all of his scores
from the imports; what was entered in the app under the same name is hidden, not deleted, and
shows again if the import is undone."""

from __future__ import annotations

import duckdb
import pandas as pd

from brannsam.cooperation.model import CRITERIA
from brannsam.imports import rowdiff

KEY = ["vurderer", "omrade_id"]
REFERENCE_SQL = """
    SELECT omrade_id AS "ID", navn AS "Samarbeidsområde", beskrivelse AS "Beskrivelse"
    FROM samarbeidsomrade ORDER BY rowid
"""
HIDES_APP = "ny (skjuler poengene lagt inn i Brannsam)"


def _app_only(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        """
        SELECT vurderer FROM samarbeidsvurdering UNION SELECT vurderer FROM samarbeidsgevinst
        EXCEPT SELECT vurderer FROM samarbeidsvurdering_import
        """
    ).fetchall()
    return {r[0] for r in rows}


def compare(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """«ny», «endret» or «uendret» against earlier imports; a new assessor who has scores entered
    in the app is marked, since those will be hidden."""
    current = con.execute("SELECT * FROM samarbeidsvurdering_import").df()
    status = rowdiff.changes(current, frame, KEY, [*CRITERIA, "gevinst_kr", "kilde"])
    app = _app_only(con)
    status = [
        HIDES_APP if s == "ny" and who in app else s for s, who in zip(status, frame["vurderer"], strict=True)
    ]
    return frame.assign(endring=status)
