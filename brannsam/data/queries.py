"""Read queries against the Brannsam database. Every function takes a connection (or cursor)
and returns a dataframe; the SQL lives here and is parameterised."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from brannsam import geo
from brannsam.data.services import DEFAULT_STRUCTURE

Con = duckdb.DuckDBPyConnection


def structures(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM struktur ORDER BY standard DESC, aar DESC").df()


def municipalities(con: Con, structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    """Municipalities with their fire service in the given structure."""
    return con.execute(
        """
        SELECT k.*, d.brannvesen_id, b.navn AS brannvesen, b.organisasjonsform,
               d.sikkerhet AS dekning_sikkerhet, d.kilde AS dekning_kilde
        FROM kommune k
        JOIN dekning d ON d.kommunenummer = k.kommunenummer AND d.struktur_id = ?
        JOIN brannvesen b ON b.struktur_id = d.struktur_id AND b.brannvesen_id = d.brannvesen_id
        ORDER BY k.kommunenummer
        """,
        [structure],
    ).df()


def services(con: Con, structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    """One row per fire service: members, inhabitants, area, stations."""
    return con.execute(
        """
        SELECT b.brannvesen_id, b.navn, b.organisasjonsform,
               count(*) AS kommuner,
               string_agg(k.kommunenavn, ', ' ORDER BY k.kommunenavn) AS medlemmer,
               sum(k.innbyggere)::BIGINT AS innbyggere,
               sum(k.areal_km2) AS areal_km2,
               (SELECT count(*) FROM brannstasjon s
                JOIN dekning d2 ON d2.kommunenummer = s.kommunenummer AND d2.struktur_id = b.struktur_id
                WHERE d2.brannvesen_id = b.brannvesen_id) AS stasjoner,
               min(d.sikkerhet) AS sikkerhet
        FROM brannvesen b
        JOIN dekning d USING (struktur_id, brannvesen_id)
        JOIN kommune k USING (kommunenummer)
        WHERE b.struktur_id = ?
        GROUP BY ALL
        ORDER BY innbyggere DESC
        """,
        [structure],
    ).df()


def stations(con: Con, structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    return con.execute(
        """
        SELECT s.*, k.kommunenavn, d.brannvesen_id, b.navn AS brannvesen
        FROM brannstasjon s
        JOIN kommune k USING (kommunenummer)
        JOIN dekning d ON d.kommunenummer = s.kommunenummer AND d.struktur_id = ?
        JOIN brannvesen b ON b.struktur_id = d.struktur_id AND b.brannvesen_id = d.brannvesen_id
        ORDER BY s.stasjon_id
        """,
        [structure],
    ).df()


def settlements(con: Con) -> pd.DataFrame:
    """Settlements, real and estimated, with the flags that say which."""
    return con.execute(
        """
        SELECT t.*, k.kommunenavn FROM tettsted t JOIN kommune k USING (kommunenummer)
        ORDER BY innbyggere DESC
        """
    ).df()


def tunnels(con: Con) -> pd.DataFrame:
    """Long and subsea road tunnels, for the risk map."""
    return con.execute("SELECT * FROM tunnel ORDER BY navn").df()


def dense_places(con: Con) -> pd.DataFrame:
    """The places R1 counts as dense besides the size reading, with why and who says so."""
    return con.execute("SELECT * FROM tett_bebyggelse ORDER BY kommunenummer, tettsted").df()


def borders(con: Con) -> dict[str, dict]:
    """{kommunenummer: GeoJSON feature}."""
    rows = con.execute("SELECT kommunenummer, geojson FROM kommunegrense").fetchall()
    return {nr: json.loads(text) for nr, text in rows}


MAP_DECIMALS = 3  # about 100 m: invisible at region scale, a third of a map's payload


def map_borders(con: Con) -> dict[str, dict]:
    """The borders as the maps draw them: coordinates rounded to `MAP_DECIMALS` once, not on
    every page view."""
    return {
        nr: {
            **feature,
            "geometry": {
                **feature["geometry"],
                "coordinates": geo.rounded(feature["geometry"]["coordinates"], MAP_DECIMALS),
            },
        }
        for nr, feature in borders(con).items()
    }


def staffing(con: Con, structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    return con.execute(
        "SELECT * FROM bemanning WHERE struktur_id = ? ORDER BY brannvesen_id", [structure]
    ).df()


def institutions(con: Con) -> pd.DataFrame:
    """Hospitals (and nursing homes, where a point is known) for R1."""
    return con.execute("SELECT * FROM helseinstitusjon ORDER BY kommunenummer, navn").df()


def service_facts(con: Con) -> pd.DataFrame:
    """Leader roles, overordnet vakt and analyses, where a source or the service says so."""
    return con.execute("SELECT * FROM brannvesen_fakta ORDER BY brannvesen_id").df()


def costs(con: Con) -> pd.DataFrame:
    return con.execute(
        """
        SELECT c.*, c.netto_338_kr + c.netto_339_kr AS netto_kr,
               (c.netto_338_kr + c.netto_339_kr) / k.innbyggere AS netto_per_innbygger
        FROM kostnad c JOIN kommune k USING (kommunenummer) ORDER BY kommunenummer
        """
    ).df()


def indicators(con: Con) -> pd.DataFrame:
    """Risk indicators in wide form (one row per municipality) plus a long table of sources."""
    return con.execute("SELECT * FROM risikoindikator ORDER BY kommunenummer, indikator").df()


def population_points(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM befolkningspunkt ORDER BY rute_id").df()


def land_edges(con: Con) -> pd.DataFrame:
    """The land network's edges between population points (rute ids), with their km."""
    return con.execute("SELECT fra_rute, til_rute, km FROM landkant").df()


def neighbour_stations(con: Con) -> pd.DataFrame:
    """Stations outside the region near its border (nabostasjoner.csv), nearest first."""
    return con.execute("SELECT * FROM nabostasjon ORDER BY avstand_km, navn").df()


def ferries(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM ferjesamband ORDER BY navn").df()


def land_links(con: Con) -> pd.DataFrame:
    """Bridges and isthmuses the simplified borders cut (landforbindelser.csv)."""
    return con.execute("SELECT * FROM landforbindelse ORDER BY navn").df()


def rules(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM regel ORDER BY CAST(substr(regel_id, 2) AS INTEGER)").df()


def cooperation_areas(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM samarbeidsomrade ORDER BY rowid").df()


def organisation_forms(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM organisasjonsform ORDER BY rowid").df()


# Scores entered in the app, unless the assessor's scores come from imports (score_import.py).
_APP_ONLY = "vurderer NOT IN (SELECT vurderer FROM samarbeidsvurdering_import)"
APP_SOURCE = "lagt inn i Brannsam"


# An anonymous round numbers its participants in an order no one can read a name from: by a hash
# keyed on the round's creation instant (to the microsecond, shown nowhere), the same every view.
ANONYMOUS_ORDER = "sha256(CAST(r.opprettet AS VARCHAR) || '|' || s.navn)"
# A participant as an assessor, tagged with the round's name and code (two rounds never merge).
WORKSHOP_ASSESSOR = f"""
    CASE WHEN r.anonym THEN 'Deltaker ' || dense_rank() OVER (PARTITION BY s.kode ORDER BY {ANONYMOUS_ORDER})
         ELSE s.navn END || ' (' || r.navn || ', ' || r.kode || ')'
"""
# An anonymous round's rule: an area with fewer answers than this shows no score anywhere (the
# wall, /samarbeid, its Excel, the CLI), since one or two answers are someone's own.
ANONYMOUS_MIN_ANSWERS = 3
# A workshop round moves an alternative's non-priced scores only with at least this many distinct
# participants (names compared as the same person after the look-alike fold): a handful of
# answers, or one person under several names, must not flip the recommendation.
MIN_ROUND_PARTICIPANTS = 5
# A workshop round whose results may be used: revealed, or closed and set not to hide them (the
# SQL twin of `workshop.rounds.results_visible`, which also lets an unhidden open round show).
_ROUND_USED = "(r.status = 'avslort' OR (r.status = 'lukket' AND NOT r.skjul))"
# Answers of revealed workshop rounds (or closed ones set not to hide them); `anonym` marks the
# rows whose individual scores are not shown, and an anonymous round's area with fewer than
# ANONYMOUS_MIN_ANSWERS answers is left out.
_WORKSHOP = f"""
    SELECT {WORKSHOP_ASSESSOR} AS vurderer,
           s.omrade_id, s.kriterium, s.poeng, 'verksted «' || r.navn || '»' AS kilde, r.anonym
    FROM verksted_svar s JOIN verksted_runde r USING (kode)
    WHERE r.gjelder = 'omrader' AND {_ROUND_USED}
      AND (NOT r.anonym OR (
          SELECT count(DISTINCT a.navn) FROM verksted_svar a
          WHERE a.kode = s.kode AND a.omrade_id = s.omrade_id
      ) >= {ANONYMOUS_MIN_ANSWERS})
"""


def cooperation_scores(con: Con) -> pd.DataFrame:
    """Every score in force: vurderer, omrade_id, kriterium, poeng, kilde, and `anonym` for the
    rows of an anonymous workshop round (counted in the medians, never shown one by one)."""
    return con.execute(
        f"""
        SELECT vurderer, omrade_id, kriterium, poeng, kilde, FALSE AS anonym
        FROM (
            UNPIVOT samarbeidsvurdering_import
            ON COLUMNS(* EXCLUDE (vurderer, omrade_id, gevinst_kr, kilde)) INTO NAME kriterium VALUE poeng
        )
        UNION ALL
        SELECT vurderer, omrade_id, kriterium, poeng, ?, FALSE FROM samarbeidsvurdering WHERE {_APP_ONLY}
        UNION ALL
        {_WORKSHOP}
        ORDER BY vurderer, omrade_id, kriterium
        """,
        [APP_SOURCE],
    ).df()


def alternative_round_scores(con: Con) -> pd.DataFrame:
    """The workshop rounds that scored the alternatives, once their results may be shown
    (revealed, or closed and not hidden): per round, alternative and criterion the median
    (−4 … +4), with the round's name, code, closing time and how many distinct participants
    scored that alternative. No one's own scores leave the query."""
    return con.execute(
        f"""
        WITH answered AS (
            SELECT kode, omrade_id, count(DISTINCT navn) AS deltakere
            FROM verksted_svar GROUP BY ALL
        )
        SELECT r.kode, r.navn AS runde, r.anonym, coalesce(r.stengt, r.opprettet) AS stengt,
               s.omrade_id AS alternativ_id, s.kriterium, median(s.poeng) AS median, a.deltakere
        FROM verksted_svar s
        JOIN verksted_runde r USING (kode)
        JOIN answered a USING (kode, omrade_id)
        WHERE r.gjelder = 'alternativer' AND {_ROUND_USED}
        GROUP BY ALL
        ORDER BY stengt, r.kode, alternativ_id, s.kriterium
        """
    ).df()


def cooperation_gains(con: Con) -> pd.DataFrame:
    """Every expected gain in force: vurderer, omrade_id, gevinst_kr, kilde."""
    return con.execute(
        f"""
        SELECT vurderer, omrade_id, gevinst_kr, kilde FROM samarbeidsvurdering_import
        WHERE gevinst_kr IS NOT NULL
        UNION ALL
        SELECT vurderer, omrade_id, gevinst_kr, ? FROM samarbeidsgevinst WHERE {_APP_ONLY}
        ORDER BY vurderer, omrade_id
        """,
        [APP_SOURCE],
    ).df()


def imported_assessors(con: Con) -> pd.DataFrame:
    """Assessors whose scores come from imports, with the sources, and whether they also have
    scores entered in the app (hidden while the import stands)."""
    return con.execute(
        f"""
        SELECT vurderer, string_agg(DISTINCT kilde, '; ') AS kilde,
               vurderer IN (SELECT vurderer FROM samarbeidsvurdering
                            UNION SELECT vurderer FROM samarbeidsgevinst) AS skjuler_appens
        FROM samarbeidsvurdering_import GROUP BY vurderer
        UNION ALL
        SELECT vurderer, any_value(kilde), FALSE FROM ({_WORKSHOP}) GROUP BY vurderer
        ORDER BY vurderer
        """
    ).df()


def kontroll(con: Con) -> pd.DataFrame:
    """Estimates against known figures, worst first (built from the sources, see kontroll.py)."""
    return con.execute("SELECT * FROM kontroll ORDER BY avvik_faktor DESC NULLS LAST").df()


# The risk indicators the tables give directly (risk/indicators.py adds the modelled ones).
_INDICATOR_BASE = """
SELECT kommunenummer, 'innbyggere' AS indikator, innbyggere::DOUBLE AS verdi, innbyggere_aar AS aar,
       kilde, FALSE AS estimert FROM kommune
UNION ALL
SELECT kommunenummer, 'tetthet', innbyggere / areal_km2, innbyggere_aar, kilde, FALSE FROM kommune
UNION ALL
SELECT kommunenummer, 'areal', areal_km2, innbyggere_aar, kilde, FALSE FROM kommune
UNION ALL
SELECT kommunenummer, 'risikoobjekter', antall, aar, kilde, estimert FROM risikoobjekt
UNION ALL
SELECT k.kommunenummer, 'tunneler', coalesce(sum(t.lengde_m), 0)::DOUBLE / 1000,
       coalesce(max(t.aapnet), 2026),
       coalesce(string_agg(DISTINCT t.kilde_tekst, '; ' ORDER BY t.kilde_tekst),
                'Statens vegvesen (NVDB): ingen lange eller undersjøiske vegtunneler i kommunen'),
       FALSE
FROM kommune k LEFT JOIN (
    -- a disputed fact (an opening year) travels with the tunnel's source
    SELECT *, kilde || coalesce(' (' || navn || ': ' || merknad || ')', '') AS kilde_tekst FROM tunnel
) t USING (kommunenummer)
GROUP BY k.kommunenummer
UNION ALL
SELECT k.kommunenummer, 'flyplasser', count(f.navn)::DOUBLE, 2024,
       coalesce(string_agg(DISTINCT f.kilde, '; ' ORDER BY f.kilde),
                'Avinor: ingen lufthavn med rutetrafikk i kommunen'),
       FALSE
FROM kommune k LEFT JOIN flyplass f USING (kommunenummer)
GROUP BY k.kommunenummer
UNION ALL
SELECT k.kommunenummer, 'sykehus', count(h.navn)::DOUBLE, 2024,
       coalesce(string_agg(DISTINCT h.kilde, '; ' ORDER BY h.kilde),
                'St. Olavs hospital HF og Helse Nord-Trøndelag HF: intet sykehus i kommunen'),
       FALSE
FROM kommune k LEFT JOIN helseinstitusjon h USING (kommunenummer)
GROUP BY k.kommunenummer
UNION ALL
SELECT h.kommunenummer, 'utrykninger_per_1000', h.antall * 1000.0 / k.innbyggere, h.aar, h.kilde, h.estimert
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY kommunenummer ORDER BY estimert, aar DESC) AS nr
    FROM hendelse WHERE hendelsestype = 'utrykninger (alle typer)'
) h JOIN kommune k USING (kommunenummer)
WHERE h.nr = 1
"""

_SETTLEMENT_POPULATION = """
SELECT k.kommunenummer,
       ?::VARCHAR AS indikator,
       coalesce(sum(t.innbyggere) FILTER (
           WHERE t.innbyggere >= ? AND NOT t.innbyggere_estimert), 0)::DOUBLE AS verdi,
       coalesce(max(t.aar), k.innbyggere_aar) AS aar,
       coalesce(string_agg(DISTINCT t.kilde, '; ' ORDER BY t.kilde), 'ingen kjente tettsteder') AS kilde,
       coalesce(bool_or(t.innbyggere_estimert), TRUE) AS estimert
FROM kommune k LEFT JOIN tettsted t USING (kommunenummer)
GROUP BY k.kommunenummer, k.innbyggere_aar
"""


def indicator_base(con: Con) -> pd.DataFrame:
    """Inhabitants, density, area, inspections, hospitals and callouts per municipality, as
    indicator rows with their source, year and estimate flag."""
    return con.execute(_INDICATOR_BASE).df()


def settlement_population(con: Con, indicator: str, lowest: float) -> pd.DataFrame:
    """Per municipality, the inhabitants of its settlements of at least `lowest`, as rows of
    `indicator`."""
    return con.execute(_SETTLEMENT_POPULATION, [indicator, lowest]).df()


def alternatives(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The study's alternatives as the source files give them: (alternatives, budget lines,
    one-off costs), each in file order."""
    return (
        con.execute("SELECT * FROM alternativ ORDER BY rowid").df(),
        con.execute("SELECT * FROM alternativ_post ORDER BY rowid").df(),
        con.execute("SELECT * FROM alternativ_engang ORDER BY rowid").df(),
    )


def milestones(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The study's milestones in date order."""
    return con.execute("SELECT fra, til, hva, kilde FROM milepael ORDER BY fra, hva").df()
