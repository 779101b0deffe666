"""Documented estimates for the figures no public file gives us.

Each estimate applies a national or regional ratio (SSB, DSB) to real population and
station counts. The results are written to `data/sources/estimat_*.csv` with
`kilde = 'estimat: <method>'` so that the UI can mark them, and so that real figures from the
fire services can replace them row by row. Run `python -m brannsam estimate` to regenerate.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from brannsam import formatting as fmt
from brannsam.data import columns, sources
from brannsam.data.columns import Column, bounded
from brannsam.data.services import DEFAULT_STRUCTURE, STRUCTURES, slug, station_category
from brannsam.estimates import station_model
from brannsam.risk import duty

# DSB's national figures (kontrolltall.csv, brannredning.no) [S]: 97 593 missions in 2024, of
# which 55 189 unwanted or false alarms; about 86 000 callouts in 2017 (SSB).
OPPDRAG_LANDET = {2017: 86_000, 2024: 97_593}
UNODIGE_ALARMER_2024 = 55_189
INNBYGGERE_LANDET_2024 = 5_550_203  # SSB 1.1.2024
# SSB: about 82 % of the population lives in tettsteder (assumption for the region's listed ones).
TETTSTEDSANDEL_LANDET = 0.82
# Alarms follow buildings with automatic fire alarms, which stand in settlements; the other
# missions follow the population: rates per 1 000 from the national 2024 figures.
ANDRE_OPPDRAG_PER_1000 = (OPPDRAG_LANDET[2024] - UNODIGE_ALARMER_2024) / INNBYGGERE_LANDET_2024 * 1000
ALARMER_PER_1000_I_TETTSTED = UNODIGE_ALARMER_2024 / (INNBYGGERE_LANDET_2024 * TETTSTEDSANDEL_LANDET) * 1000
CALLOUT_YEAR = 2024
# 7 597 inspections of A-objects in Norway in 2023 over ~5.52 m inhabitants (SSB, «Brann- og
# ulukkesvern» 2023).
A_TILSYN_PER_1000 = 7_597 / station_model.INNBYGGERE_LANDET_2023 * 1000
# Share of a municipality's inhabitants assumed to live in its centre when no settlement is known.
TETTSTED_ANDEL_ANSLAG = 0.5


def callouts_in(year: int) -> float:
    """The national number of missions in `year`, linear between the known years."""
    (y0, n0), (y1, n1) = sorted(OPPDRAG_LANDET.items())
    year = min(max(year, y0), y1)
    return n0 + (n1 - n0) * (year - y0) / (y1 - y0)


METHODS = {
    "bemanning": station_model.STAFFING_METHOD,
    "kostnader": station_model.COST_METHOD,
    "hendelser": (
        f"estimat: landstall {CALLOUT_YEAR} (DSB): {fmt.number(ANDRE_OPPDRAG_PER_1000, 1)} oppdrag per "
        f"1 000 innbyggere utenom unødige alarmer, og {fmt.number(ALARMER_PER_1000_I_TETTSTED, 1)} "
        "unødige alarmer per 1 000 innbyggere i tettsted (alarmanleggene står der)"
    ),
    "risikoobjekter": (
        "estimat: 7 597 tilsyn med særskilte brannobjekter (A-objekter) i landet 2023 (SSB) fordelt "
        "etter innbyggere; tallet er tilsyn per år, ikke antall objekter (det er ukjent)"
    ),
    "tettsted": (
        "estimat: kommunen mangler tettsted i kildene; halvparten av innbyggerne antatt bosatt "
        "i kommunesenteret (grovt anslag); plassering ukjent, så tettstedet er ikke med i "
        "innsatstidsvurderingene"
    ),
}

BEMANNING = sources.SourceSpec(
    "estimat_bemanning.csv",
    (
        Column(name="brannvesen_id"),
        bounded("aar", "int", columns.YEAR),
        *(columns.arsverk(name) for name in columns.ARSVERK),
        bounded("deltid_personer", "int", columns.PART_TIMERS, required=False),
        Column(name="brannsjef_heltid", kind="bool", required=False),
        Column(name="kilde"),
    ),
    key=("brannvesen_id",),
)
KOSTNADER = sources.SourceSpec(
    "estimat_kostnader.csv",
    (
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("aar", "int", columns.YEAR),
        bounded("netto_338_kr", "int", columns.NET_COST_KR),
        bounded("netto_339_kr", "int", columns.NET_COST_KR),
        Column(name="kilde"),
    ),
    key=("kommunenummer",),
)
HENDELSER = sources.SourceSpec("estimat_hendelser.csv", sources.HENDELSER.columns, sources.HENDELSER.key)
RISIKOOBJEKTER = sources.SourceSpec(
    "estimat_risikoobjekter.csv",
    (
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("aar", "int", columns.YEAR),
        bounded("antall", "int", columns.COUNT_PER_YEAR),
        Column(name="kilde"),
    ),
    key=("kommunenummer",),
)
TETTSTEDER = sources.SourceSpec(
    "estimat_tettsteder.csv",
    (
        Column(name="tettsted"),
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("innbyggere", "int", columns.INHABITANTS, required=False),
        bounded("aar", "int", columns.YEAR),
        bounded("lat", "float", columns.LATITUDE, required=False),
        bounded("lon", "float", columns.LONGITUDE, required=False),
        Column(name="estimert_felt"),
        Column(name="kilde"),
    ),
    key=("tettsted", "kommunenummer"),
)
SPECS = (BEMANNING, KOSTNADER, HENDELSER, RISIKOOBJEKTER, TETTSTEDER)


def _services(kommuner: pd.DataFrame, dekning: pd.DataFrame) -> pd.DataFrame:
    """Municipality -> service id and inhabitants, in the default structure."""
    pop = dekning.merge(kommuner[["kommunenummer", "innbyggere"]], on="kommunenummer")
    pop["brannvesen_id"] = pop["brannvesen_navn"].map(slug)
    return pop[["kommunenummer", "brannvesen_id", "innbyggere"]]


def _station_staff(
    members: pd.DataFrame,
    stasjoner: pd.DataFrame,
    places: pd.DataFrame,
    rules: duty.DutyRules,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    stations = stasjoner.assign(
        kategori=[
            station_category(k, h)
            for k, h in zip(stasjoner["dsb_kasernert"], stasjoner["heltid_deltid"], strict=True)
        ]
    ).merge(members[["kommunenummer", "brannvesen_id"]], on="kommunenummer")
    return station_model.station_staff(stations, places, rules, published)


def _per_service(
    kommuner: pd.DataFrame,
    dekning: pd.DataFrame,
    stasjoner: pd.DataFrame,
    places: pd.DataFrame,
    rules: duty.DutyRules,
    published: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """Each municipality's service, each service's inhabitants, and its staffing from its stations
    (with the published figures in `bemanning_publisert.csv`, and their sources)."""
    members = _services(kommuner, dekning)
    population = members.groupby("brannvesen_id")["innbyggere"].sum()
    staff = _station_staff(members, stasjoner, places, rules, published)
    per = station_model.service_staffing(staff, population)
    given = staff[staff["bemanning_kilde"] != "modell"]
    per["publisert"] = given.groupby("brannvesen_id")["bemanning_kilde"].agg(
        lambda s: "; ".join(sorted(set(s)))
    )
    return members, population, per


def staffing(
    kommuner: pd.DataFrame,
    dekning: pd.DataFrame,
    stasjoner: pd.DataFrame,
    places: pd.DataFrame,
    rules: duty.DutyRules,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Årsverk per fire service in the default structure, from its stations (station_model);
    the source says which stations' figures are published ones."""
    _, _, per = _per_service(kommuner, dekning, stasjoner, places, rules, published)
    kilde = [
        METHODS["bemanning"] + ("" if pd.isna(given) else f"; publiserte stasjonstall: {given}")
        for given in per["publisert"]
    ]
    return pd.DataFrame(
        {
            "brannvesen_id": per.index,
            "aar": station_model.STAFFING_YEAR,
            "arsverk_ledelse": per["arsverk_ledelse"].to_numpy(),
            "arsverk_forebyggende": None,  # without sweeps: unknown (R9 cannot be tested)
            "arsverk_forebyggende_inkl_feiing": per["arsverk_forebyggende_inkl_feiing"].to_numpy(),
            "arsverk_beredskap_heltid": per["arsverk_beredskap_heltid"].to_numpy(),
            "arsverk_beredskap_deltid": per["arsverk_beredskap_deltid"].to_numpy(),
            "deltid_personer": per["deltid_personer"].to_numpy(),
            "arsverk_feiing": None,
            "brannsjef_heltid": None,
            "kilde": kilde,
        }
    )


def costs(
    kommuner: pd.DataFrame,
    dekning: pd.DataFrame,
    stasjoner: pd.DataFrame,
    places: pd.DataFrame,
    rules: duty.DutyRules,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Net cost of functions 338 and 339 per municipality (whole kroner, COST_YEAR prices): per
    service from its cost drivers, within the service by inhabitants."""
    members, population, per = _per_service(kommuner, dekning, stasjoner, places, rules, published)
    cost = station_model.service_costs(per, population)
    share = members["innbyggere"] / members["brannvesen_id"].map(population)
    by_nr = members.assign(
        netto_338_kr=(members["brannvesen_id"].map(cost["netto_338_kr"]) * share).round().astype(int),
        netto_339_kr=(members["brannvesen_id"].map(cost["netto_339_kr"]) * share).round().astype(int),
    ).set_index("kommunenummer")
    return pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "aar": station_model.COST_YEAR,
            "netto_338_kr": kommuner["kommunenummer"].map(by_nr["netto_338_kr"]).to_numpy(),
            "netto_339_kr": kommuner["kommunenummer"].map(by_nr["netto_339_kr"]).to_numpy(),
            "kilde": METHODS["kostnader"],
        }
    )


def incidents(kommuner: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Missions per municipality: the national rate outside alarms for everyone, alarms for the
    inhabitants of settlements."""
    in_places = kommuner["kommunenummer"].map(places.groupby("kommunenummer")["innbyggere"].sum()).fillna(0)
    in_places = in_places.clip(upper=kommuner["innbyggere"])
    count = (
        kommuner["innbyggere"] / 1000 * ANDRE_OPPDRAG_PER_1000
        + in_places / 1000 * ALARMER_PER_1000_I_TETTSTED
    )
    return pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "aar": CALLOUT_YEAR,
            "hendelsestype": "utrykninger (alle typer)",
            "antall": count.round().astype(int),
            "kilde": METHODS["hendelser"],
        }
    )


def risk_objects(kommuner: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": kommuner["kommunenummer"],
            "aar": 2023,
            "antall": (kommuner["innbyggere"] / 1000 * A_TILSYN_PER_1000).round().astype(int),
            "kilde": METHODS["risikoobjekter"],
        }
    )


def settlements(kommuner: pd.DataFrame, tettsteder: pd.DataFrame) -> pd.DataFrame:
    """A centre settlement, half the inhabitants, for each municipality no source lists a
    settlement for: a guess, marked as one, and left without a point (placing it on the station
    would credit the station with a response time of nothing)."""
    missing = kommuner[~kommuner["kommunenummer"].isin(tettsteder["kommunenummer"])]
    frame = pd.DataFrame(
        {
            "tettsted": missing["kommunenavn"] + " sentrum",
            "kommunenummer": missing["kommunenummer"],
            "innbyggere": (missing["innbyggere"] * TETTSTED_ANDEL_ANSLAG).round().astype("Int64"),
            "aar": missing["innbyggere_aar"],
            "lat": None,
            "lon": None,
            "estimert_felt": "innbyggere,koordinater",
            "kilde": METHODS["tettsted"],
        }
    )
    return frame.reset_index(drop=True)


def generate(directory: Path) -> dict[str, pd.DataFrame]:
    """Compute every estimate from the real sources in `directory` (no writing)."""
    kommuner = sources.read_csv(sources.KOMMUNER, directory)
    known = set(kommuner["kommunenummer"])
    dekning = sources.read_csv(
        sources.service_spec(str(STRUCTURES[DEFAULT_STRUCTURE]["fil"])), directory, known
    )
    stasjoner = sources.read_csv(sources.BRANNSTASJONER, directory, known)
    tettsteder = sources.read_settlements(directory, known)
    estimated_places = settlements(kommuner, tettsteder)
    fields = ["kommunenummer", "innbyggere", "lat", "lon"]
    places = pd.concat(
        [
            tettsteder[fields].assign(innbyggere_estimert=False),
            estimated_places[fields].assign(innbyggere_estimert=True),
        ],
        ignore_index=True,
    ).dropna(subset=["innbyggere"])
    rules = duty.DutyRules.from_file(directory)
    published = sources.read_csv(sources.BEMANNING_PUBLISERT, directory, known)
    sources.check_published_staffing(published, stasjoner)
    return {
        BEMANNING.file: staffing(kommuner, dekning, stasjoner, places, rules, published),
        KOSTNADER.file: costs(kommuner, dekning, stasjoner, places, rules, published),
        HENDELSER.file: incidents(kommuner, places),
        RISIKOOBJEKTER.file: risk_objects(kommuner),
        TETTSTEDER.file: estimated_places,
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
