"""Risk indicators per municipality, derived from the other tables at build time.

Each indicator keeps the source and year of the figures it came from, and is flagged as an
estimate when any input was one.
"""

from __future__ import annotations

import duckdb
import pandas as pd

THRESHOLDS = (3_000, 8_000, 20_000)

# (id, Norwegian label, unit, higher means more risk)
INDICATORS = {
    "innbyggere": ("Innbyggere", "innbyggere"),
    "tetthet": ("Befolkningstetthet", "innb. per km²"),
    "tettsted_3000": ("Innbyggere i tettsteder over 3 000", "innbyggere"),
    "tettsted_8000": ("Innbyggere i tettsteder over 8 000", "innbyggere"),
    "tettsted_20000": ("Innbyggere i tettsteder over 20 000", "innbyggere"),
    "utrykninger_per_1000": ("Utrykninger per 1 000 innbyggere", "per 1 000"),
    "risikoobjekter": ("Særskilte brannobjekter", "antall"),
    "areal": ("Areal", "km²"),
}

_BASE = """
SELECT kommunenummer, 'innbyggere' AS indikator, innbyggere::DOUBLE AS verdi, innbyggere_aar AS aar,
       kilde, FALSE AS estimert FROM kommune
UNION ALL
SELECT kommunenummer, 'tetthet', innbyggere / areal_km2, innbyggere_aar, kilde, FALSE FROM kommune
UNION ALL
SELECT kommunenummer, 'areal', areal_km2, innbyggere_aar, kilde, FALSE FROM kommune
UNION ALL
SELECT kommunenummer, 'risikoobjekter', antall, aar, kilde, estimert FROM risikoobjekt
UNION ALL
SELECT h.kommunenummer, 'utrykninger_per_1000', h.antall * 1000.0 / k.innbyggere, h.aar, h.kilde, h.estimert
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY kommunenummer ORDER BY estimert, aar DESC) AS nr
    FROM hendelse WHERE hendelsestype = 'utrykninger (alle typer)'
) h JOIN kommune k USING (kommunenummer)
WHERE h.nr = 1
"""

_SETTLEMENTS = """
SELECT k.kommunenummer,
       'tettsted_' || ?::VARCHAR AS indikator,
       coalesce(sum(t.innbyggere) FILTER (WHERE t.innbyggere > ?), 0)::DOUBLE AS verdi,
       coalesce(max(t.aar), k.innbyggere_aar) AS aar,
       coalesce(string_agg(DISTINCT t.kilde, '; '), 'ingen kjente tettsteder') AS kilde,
       coalesce(bool_or(t.innbyggere_estimert), TRUE) AS estimert
FROM kommune k LEFT JOIN tettsted t USING (kommunenummer)
GROUP BY k.kommunenummer, k.innbyggere_aar
"""


def compute(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All indicators in long form: kommunenummer, indikator, verdi, aar, kilde, estimert."""
    frames = [con.execute(_BASE).df()]
    frames += [con.execute(_SETTLEMENTS, [t, t]).df() for t in THRESHOLDS]
    return pd.concat(frames, ignore_index=True)
