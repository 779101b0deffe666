"""Importing a service's station list: a row changes the station with the same municipality and
name, adds a new one, or removes it («Nedlagt»). Stations keep their id (the risk page's
what-if selection refers to it); new ones get the next free id. Blank coordinates keep
the ones Brannsam has."""

from __future__ import annotations

import duckdb
import pandas as pd

from brannsam.imports import rowdiff

CATEGORIES = ("døgnkasernert", "dagkasernert", "ikke kasernert", "depot", "ukjent")
KEY = ["kommunenummer", "navn"]
COMPARED = ["lat", "lon", "kategori", "aar", "kilde"]
REFERENCE_SQL = """
    SELECT s.kommunenummer AS "Kommunenummer", k.kommunenavn AS "Kommune", s.navn AS "Stasjonsnavn",
           s.lat AS "Breddegrad", s.lon AS "Lengdegrad", s.kategori AS "Kategori", s.kilde AS "Kilde"
    FROM brannstasjon s JOIN kommune k USING (kommunenummer)
    ORDER BY s.kommunenummer, s.navn
"""


def _current(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT stasjon_id, kommunenummer, navn, lat, lon, kategori, aar, kilde FROM brannstasjon"
    ).df()


def _removed(frame: pd.DataFrame) -> pd.Series:
    return frame["nedlagt"].eq(True)


def _with_kept_coordinates(frame: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Blank coordinates in the file mean «keep what Brannsam has»."""
    merged = frame.merge(current[[*KEY, "lat", "lon"]], on=KEY, how="left", suffixes=("", "_na"))
    blank = merged["lat"].isna() & merged["lon"].isna()
    merged.loc[blank, "lat"] = merged.loc[blank, "lat_na"]
    merged.loc[blank, "lon"] = merged.loc[blank, "lon_na"]
    return merged.drop(columns=["lat_na", "lon_na"])


def problems(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, where: str, row_numbers: list[int]
) -> list[str]:
    """Half a coordinate pair, and removals of stations that do not exist (likely a misspelt name)."""
    current = _current(con)
    known = set(zip(current["kommunenummer"], current["navn"], strict=True))
    out = []
    rows = zip(row_numbers, frame.itertuples(index=False), _removed(frame), strict=True)
    for i, row, gone in rows:
        if pd.isna(row.lat) != pd.isna(row.lon):
            out.append(f"{where}, rad {i}: fyll inn både breddegrad og lengdegrad, eller ingen av dem.")
        if gone and (row.kommunenummer, row.navn) not in known:
            here = sorted(current.loc[current["kommunenummer"] == row.kommunenummer, "navn"])
            out.append(
                f"{where}, rad {i}, kolonne «Stasjonsnavn»: stasjonen «{row.navn}» finnes ikke i kommune "
                f"{row.kommunenummer}, så den kan ikke merkes nedlagt. Stasjonene der: "
                + (", ".join(here) or "ingen")
                + "."
            )
    return out


def compare(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """Each row marked «ny», «endret», «uendret» or «fjernes»."""
    current = _current(con)
    status = rowdiff.changes(current, _with_kept_coordinates(frame, current), KEY, COMPARED)
    status = ["fjernes" if gone else s for s, gone in zip(status, _removed(frame), strict=True)]
    return frame.assign(endring=status)


def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    """Apply the rows (the caller holds the transaction). Returns the rows written."""
    current = _current(con)
    rows = _with_kept_coordinates(frame, current)
    gone = _removed(rows)
    removed = [list(k) for k in rows.loc[gone, KEY].itertuples(index=False)]
    if removed:
        con.executemany("DELETE FROM brannstasjon WHERE kommunenummer = ? AND navn = ?", removed)
    ids = current.set_index(KEY)["stasjon_id"]
    next_id = int(current["stasjon_id"].max()) + 1 if len(current) else 1
    given = frame["lat"].notna().to_numpy()
    for row, own_point in zip(rows[~gone].itertuples(index=False), given[~gone.to_numpy()], strict=True):
        values = {
            "lat": None if pd.isna(row.lat) else row.lat,
            "lon": None if pd.isna(row.lon) else row.lon,
            "kategori": row.kategori,
            "heltid_deltid": row.kategori,
            "aar": row.aar,
            "kilde": row.kilde,
        }
        if (row.kommunenummer, row.navn) in ids.index:
            # A note on how the old coordinates were found no longer applies to the service's own.
            con.execute(
                """
                UPDATE brannstasjon
                SET lat = $lat, lon = $lon, kategori = $kategori, heltid_deltid = $heltid_deltid,
                    aar = $aar, kilde = $kilde,
                    koordinat_merknad = CASE WHEN $own_point THEN NULL ELSE koordinat_merknad END
                WHERE kommunenummer = $kommunenummer AND navn = $navn
                """,
                {
                    **values,
                    "own_point": bool(own_point),
                    "kommunenummer": row.kommunenummer,
                    "navn": row.navn,
                },
            )
        else:
            con.execute(
                """
                INSERT INTO brannstasjon (stasjon_id, navn, kommunenummer, lat, lon, kategori,
                                          heltid_deltid, aar, kilde)
                VALUES ($id, $navn, $kommunenummer, $lat, $lon, $kategori, $heltid_deltid, $aar, $kilde)
                """,
                {**values, "id": next_id, "kommunenummer": row.kommunenummer, "navn": row.navn},
            )
            next_id += 1
    return len(rows)
