"""What the database holds and where it is weak: rows, sources, years and share of estimates per
table, and warnings a project leader should look at before trusting a figure."""

from __future__ import annotations

import duckdb
import pandas as pd

from brannsam import formatting as fmt
from brannsam.data.services import DEFAULT_STRUCTURE

# table: (Norwegian name, year expression, estimate expression)
TABLES = {
    "kommune": ("Kommuner", "innbyggere_aar", "FALSE"),
    "brannstasjon": ("Brannstasjoner", "aar", "FALSE"),
    "tettsted": ("Tettsteder", "aar", "innbyggere_estimert OR koordinat_estimert"),
    "bemanning": ("Bemanning", "aar", "estimert"),
    "kostnad": ("Kostnader (338/339)", "aar", "estimert"),
    "hendelse": ("Hendelser", "aar", "estimert"),
    "risikoobjekt": ("Tilsyn med særskilte brannobjekter", "aar", "estimert"),
    "risikoindikator": ("Risikoindikatorer", "aar", "estimert"),
    # A part's count that is no SSB figure says «anslag» in its source (Ytterøya's «om lag 600»).
    "delomrade": ("Delområder med eget folketall", "aar", "kilde LIKE '%anslag%'"),
}


def overview(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rows = []
    for table, (label, year, estimate) in TABLES.items():
        n, low, high, share, sources = con.execute(
            f"""
            SELECT count(*), min({year}), max({year}), avg(CASE WHEN {estimate} THEN 1.0 ELSE 0.0 END),
                   string_agg(DISTINCT kilde, ' | ')
            FROM {table}
            """
        ).fetchall()[0]
        rows.append(
            {
                "Tabell": label,
                "Rader": n,
                "År": str(low) if low == high else f"{low}–{high}",
                "Andel estimat (%)": (share or 0) * 100,
                "Kilder": sources,
            }
        )
    return pd.DataFrame(rows)


def warnings(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Data-quality warnings in Norwegian, most important first."""
    out = []
    missing = con.execute("SELECT navn FROM brannstasjon WHERE lat IS NULL ORDER BY navn").fetchall()
    if missing:
        out.append(
            f"{len(missing)} brannstasjoner mangler koordinater og er ikke med i responstidsmodellen: "
            + ", ".join(r[0] for r in missing)
            + "."
        )
    without = con.execute(
        "SELECT kommunenavn FROM kommune WHERE kommunenummer NOT IN (SELECT kommunenummer FROM brannstasjon)"
    ).fetchall()
    if without:
        out.append("Kommuner uten brannstasjon: " + ", ".join(r[0] for r in without) + ".")
    costs = con.execute(
        """
        SELECT k.kommunenavn, (c.netto_338_kr + c.netto_339_kr) / k.innbyggere AS per_innb, c.estimert
        FROM kostnad c JOIN kommune k USING (kommunenummer)
        """
    ).df()
    median = costs["per_innb"].median()
    odd = costs[(costs["per_innb"] > 2 * median) | (costs["per_innb"] < 0.5 * median)]
    if len(odd):
        out.append(
            f"Kostnad per innbygger langt fra medianen ({fmt.kroner(median)}): "
            + ", ".join(f"{r.kommunenavn} {fmt.kroner(r.per_innb)}" for r in odd.itertuples())
            + ". Sjekk tallene (estimatene følger brannvesenets stasjoner og vaktordning)."
        )
    mismatch = con.execute(
        """
        SELECT b.brannvesen_id,
               b.arsverk_beredskap_heltid,
               count(*) FILTER (WHERE s.kategori IN ('døgnkasernert', 'dagkasernert')) AS kasernert
        FROM bemanning b
        JOIN dekning d ON d.brannvesen_id = b.brannvesen_id AND d.struktur_id = $structure
        LEFT JOIN brannstasjon s ON s.kommunenummer = d.kommunenummer
        GROUP BY ALL
        HAVING (b.arsverk_beredskap_heltid > 0 AND kasernert = 0)
            OR (coalesce(b.arsverk_beredskap_heltid, 0) = 0 AND kasernert > 0)
        """,
        {"structure": DEFAULT_STRUCTURE},
    ).fetchall()
    for service, heltid, kasernert in mismatch:
        out.append(
            f"{service}: {fmt.number(heltid or 0, 1)} årsverk heltid i beredskap, men {kasernert} "
            "kasernerte stasjoner i stasjonslisten: bemanningen og stasjonslisten stemmer ikke overens."
        )
    unplaced, guessed = con.execute(
        """SELECT count(*) FILTER (WHERE lat IS NULL), count(*) FILTER (WHERE innbyggere_estimert)
        FROM tettsted"""
    ).fetchall()[0]
    if unplaced:
        out.append(
            f"{unplaced} tettsteder har ingen kjent plassering og er ikke med i innsatstidsvurderingene "
            f"(R1/R2); {guessed} av dem har også anslått størrelse (halvparten av kommunens innbyggere, "
            "der SSB ikke publiserer et tettsted)."
        )
    return out


def import_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """
        SELECT import_id AS "Nr.", tidspunkt AS "Tidspunkt", bruker AS "Bruker", filnavn AS "Fil",
               datasett AS "Datasett", rader_endret AS "Rader", left(sha256, 12) AS "SHA-256 (start)"
        FROM importlogg ORDER BY import_id DESC
        """
    ).df()
