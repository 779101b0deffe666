"""Documented estimates for the figures no public file gives us.

Each estimate applies a national or regional ratio from DOMAIN.md to real population and
station counts. The results are written to `data/sources/estimat_*.csv` with
`kilde = 'estimat: <method>'` so that the UI can mark them, and so that real figures from the
fire services can replace them row by row. Run `python -m brannsam estimate` to regenerate.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from brannsam import sources
from brannsam.services import DEFAULT_STRUCTURE, STRUCTURES, slug

# SSB "Brann- og ulukkesvern" 2023 (table 12058), DOMAIN.md §5 [C].
ARSVERK_338_PER_1000 = 0.23
ARSVERK_339_PER_1000 = 0.47
# About 3 500 of 12 500 firefighters are full-time (DOMAIN.md §5 [S]).
HELTID_ANDEL_NASJONAL = 3_500 / 12_500
# KOSTRA Trøndelag 2020, net kr per inhabitant (DOMAIN.md §5 [C]).
NETTO_338_PER_INNBYGGER = 124
NETTO_339_PER_INNBYGGER = 829
KOSTRA_AAR = 2020
# Part of function 339 that follows the number of stations rather than inhabitants (our choice).
ANDEL_339_ETTER_STASJONER = 0.5
# About 16 callouts per 1 000 inhabitants in 2017 (DOMAIN.md §5 [C]).
UTRYKNINGER_PER_1000 = 16
# 7 597 A-objects inspected in Norway in 2023 over ~5.52 m inhabitants (DOMAIN.md §5 [C]/[derived]).
A_OBJEKTER_PER_1000 = 7_597 / 5_520_000 * 1000
# Share of a municipality's inhabitants assumed to live in its centre when no settlement is known.
TETTSTED_ANDEL_ANSLAG = 0.5

METHODS = {
    "bemanning": (
        "estimat: SSB 2023 landsgjennomsnitt 0,23 årsverk forebyggende (338) og 0,47 årsverk "
        "beredskap (339) per 1 000 innbyggere; heltidsandel 28 % (3 500 av 12 500) bare der "
        "brannvesenet har døgn- eller dagkasernert stasjon; 1 brannsjef per brannvesen"
    ),
    "kostnader": (
        "estimat: KOSTRA Trøndelag 2020 (netto 124 kr/innb. i 338 og 829 kr/innb. i 339) × "
        "regionens innbyggere; 338 fordelt etter innbyggere, 339 halvt etter innbyggere og halvt "
        "etter antall stasjoner"
    ),
    "hendelser": "estimat: landsgjennomsnitt 16 utrykninger per 1 000 innbyggere (SSB 2017)",
    "risikoobjekter": (
        "estimat: landsgjennomsnitt 1,38 tilsyn med A-objekter per 1 000 innbyggere (SSB 2023), "
        "brukt som mål på antall særskilte brannobjekter"
    ),
    "tettsted": (
        "estimat: kommunen mangler tettsted i kildene; halvparten av innbyggerne antatt bosatt "
        "i kommunesenteret (grovt anslag)"
    ),
    "koordinat": "estimat: tettstedets punkt mangler i kildene",
}

BEMANNING = sources.SourceSpec(
    "estimat_bemanning.csv",
    (
        sources.Column("brannvesen_id"),
        sources.Column("aar", "int", minimum=1900, maximum=2100),
        sources.Column("arsverk_ledelse", "float", required=False, minimum=0, maximum=500),
        sources.Column("arsverk_forebyggende", "float", required=False, minimum=0, maximum=500),
        sources.Column("arsverk_beredskap_heltid", "float", required=False, minimum=0, maximum=2000),
        sources.Column("arsverk_beredskap_deltid", "float", required=False, minimum=0, maximum=2000),
        sources.Column("arsverk_feiing", "float", required=False, minimum=0, maximum=500),
        sources.Column("brannsjef_heltid", "bool", required=False),
        sources.Column("kilde"),
    ),
    key=("brannvesen_id",),
)
KOSTNADER = sources.SourceSpec(
    "estimat_kostnader.csv",
    (
        sources.Column("kommunenummer", "kommunenummer"),
        sources.Column("aar", "int", minimum=1900, maximum=2100),
        sources.Column("netto_338_kr", "int", minimum=0, maximum=5_000_000_000),
        sources.Column("netto_339_kr", "int", minimum=0, maximum=5_000_000_000),
        sources.Column("kilde"),
    ),
    key=("kommunenummer",),
)
HENDELSER = sources.SourceSpec("estimat_hendelser.csv", sources.HENDELSER.columns, sources.HENDELSER.key)
RISIKOOBJEKTER = sources.SourceSpec(
    "estimat_risikoobjekter.csv",
    (
        sources.Column("kommunenummer", "kommunenummer"),
        sources.Column("aar", "int", minimum=1900, maximum=2100),
        sources.Column("antall", "int", minimum=0, maximum=100_000),
        sources.Column("kilde"),
    ),
    key=("kommunenummer",),
)
TETTSTEDER = sources.SourceSpec(
    "estimat_tettsteder.csv",
    (
        sources.Column("tettsted"),
        sources.Column("kommunenummer", "kommunenummer"),
        sources.Column("innbyggere", "int", required=False, minimum=0, maximum=2_000_000),
        sources.Column("aar", "int", minimum=1900, maximum=2100),
        sources.Column("lat", "float", minimum=57, maximum=72),
        sources.Column("lon", "float", minimum=4, maximum=32),
        sources.Column("estimert_felt"),
        sources.Column("kilde"),
    ),
    key=("tettsted", "kommunenummer"),
)
SPECS = (BEMANNING, KOSTNADER, HENDELSER, RISIKOOBJEKTER, TETTSTEDER)


def staffing(kommuner: pd.DataFrame, dekning: pd.DataFrame, stasjoner: pd.DataFrame) -> pd.DataFrame:
    """Årsverk per fire service in the default structure."""
    pop = dekning.merge(kommuner[["kommunenummer", "innbyggere"]], on="kommunenummer")
    pop["brannvesen_id"] = pop["brannvesen_navn"].map(slug)
    per_service = pop.groupby("brannvesen_id", as_index=False)["innbyggere"].sum()
    kasernert = stasjoner.merge(pop[["kommunenummer", "brannvesen_id"]], on="kommunenummer")
    kasernert = kasernert[kasernert["dsb_kasernert"].isin(["DN", "DA"])]
    has_fulltime = per_service["brannvesen_id"].isin(kasernert["brannvesen_id"])
    beredskap = per_service["innbyggere"] / 1000 * ARSVERK_339_PER_1000
    heltid = (beredskap * HELTID_ANDEL_NASJONAL).where(has_fulltime, 0.0)
    return pd.DataFrame(
        {
            "brannvesen_id": per_service["brannvesen_id"],
            "aar": 2023,
            "arsverk_ledelse": 1.0,
            "arsverk_forebyggende": (per_service["innbyggere"] / 1000 * ARSVERK_338_PER_1000).round(1),
            "arsverk_beredskap_heltid": heltid.round(1),
            "arsverk_beredskap_deltid": (beredskap - heltid).round(1),
            "arsverk_feiing": None,
            "brannsjef_heltid": None,
            "kilde": METHODS["bemanning"],
        }
    )


def costs(kommuner: pd.DataFrame, stasjoner: pd.DataFrame) -> pd.DataFrame:
    """Net cost of functions 338 and 339 per municipality, whole kroner."""
    total_pop = kommuner["innbyggere"].sum()
    n_stations = stasjoner.groupby("kommunenummer").size()
    stations = kommuner["kommunenummer"].map(n_stations).fillna(0)
    total_339 = NETTO_339_PER_INNBYGGER * total_pop
    by_pop = total_339 * (1 - ANDEL_339_ETTER_STASJONER) * kommuner["innbyggere"] / total_pop
    by_station = total_339 * ANDEL_339_ETTER_STASJONER * stations / stations.sum()
    return pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "aar": KOSTRA_AAR,
            "netto_338_kr": (kommuner["innbyggere"] * NETTO_338_PER_INNBYGGER).round().astype(int),
            "netto_339_kr": (by_pop + by_station).round().astype(int),
            "kilde": METHODS["kostnader"],
        }
    )


def incidents(kommuner: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "aar": 2017,
            "hendelsestype": "utrykninger (alle typer)",
            "antall": (kommuner["innbyggere"] / 1000 * UTRYKNINGER_PER_1000).round().astype(int),
            "kilde": METHODS["hendelser"],
        }
    )


def risk_objects(kommuner: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "aar": 2023,
            "antall": (kommuner["innbyggere"] / 1000 * A_OBJEKTER_PER_1000).round().astype(int),
            "kilde": METHODS["risikoobjekter"],
        }
    )


def _anchor(place: str, kommune: pd.Series, stations: pd.DataFrame) -> tuple[float, float, str]:
    """Where an unplaced settlement most likely is: a station named after it, else the
    municipality's main station (DSB type H, staffed first), else the representative point."""
    own = stations[(stations["kommunenummer"] == kommune["kommunenummer"]) & stations["lat"].notna()]
    word = place.split()[0].split("/")[0].lower()
    named = own[own["navn"].str.lower().str.startswith(word)]
    if not named.empty:
        return named.iloc[0]["lat"], named.iloc[0]["lon"], "brannstasjonen med samme navn"
    rank = own["dsb_kasernert"].map({"DN": 0, "DA": 1}).fillna(2) + own["dsb_stasjonstype"].ne("H")
    if not own.empty:
        best = own.loc[rank.idxmin()]
        return best["lat"], best["lon"], "kommunens hovedstasjon"
    return kommune["senter_lat"], kommune["senter_lon"], "kommunens representative punkt (Kartverket)"


def settlements(kommuner: pd.DataFrame, tettsteder: pd.DataFrame, stations: pd.DataFrame) -> pd.DataFrame:
    """A centre settlement for municipalities with none listed, and a point for listed
    settlements that lack one; both placed by `_anchor`."""
    rows = []
    by_nr = kommuner.set_index("kommunenummer", drop=False)
    for _, kommune in kommuner[~kommuner["kommunenummer"].isin(tettsteder["kommunenummer"])].iterrows():
        lat, lon, how = _anchor(kommune["kommunenavn"], kommune, stations)
        rows.append(
            {
                "tettsted": kommune["kommunenavn"] + " sentrum",
                "kommunenummer": kommune["kommunenummer"],
                "innbyggere": round(kommune["innbyggere"] * TETTSTED_ANDEL_ANSLAG),
                "aar": kommune["innbyggere_aar"],
                "lat": lat,
                "lon": lon,
                "estimert_felt": "innbyggere,koordinater",
                "kilde": f"{METHODS['tettsted']}; plassert ved {how}",
            }
        )
    for _, place in tettsteder[tettsteder["lat"].isna()].iterrows():
        lat, lon, how = _anchor(place["tettsted"], by_nr.loc[place["kommunenummer"]], stations)
        rows.append(
            {
                "tettsted": place["tettsted"],
                "kommunenummer": place["kommunenummer"],
                "innbyggere": None,
                "aar": place["aar"],
                "lat": lat,
                "lon": lon,
                "estimert_felt": "koordinater",
                "kilde": f"{METHODS['koordinat']}; plassert ved {how}",
            }
        )
    frame = pd.DataFrame(rows)
    frame["innbyggere"] = frame["innbyggere"].astype("Int64")
    return frame


def generate(directory: Path) -> dict[str, pd.DataFrame]:
    """Compute every estimate from the real sources in `directory` (no writing)."""
    kommuner = sources.read_csv(sources.KOMMUNER, directory)
    known = set(kommuner["kommunenummer"])
    dekning = sources.read_csv(sources.service_spec(STRUCTURES[DEFAULT_STRUCTURE]["fil"]), directory, known)
    stasjoner = sources.read_csv(sources.BRANNSTASJONER, directory, known)
    tettsteder = sources.read_csv(sources.TETTSTEDER, directory, known)
    return {
        BEMANNING.file: staffing(kommuner, dekning, stasjoner),
        KOSTNADER.file: costs(kommuner, stasjoner),
        HENDELSER.file: incidents(kommuner),
        RISIKOOBJEKTER.file: risk_objects(kommuner),
        TETTSTEDER.file: settlements(kommuner, tettsteder, stasjoner),
    }


def write(directory: Path, target: Path | None = None) -> list[Path]:
    """Regenerate the estimate files from the sources in `directory` into `target` (default:
    the same folder); booleans are written as ja/nei like the other sources."""
    target = target or directory
    written = []
    for file, frame in generate(directory).items():
        out = frame.copy()
        for col in out.columns:
            if out[col].dtype == bool:
                out[col] = out[col].map({True: "ja", False: "nei"})
        path = target / file
        out.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written
