"""Staffing and today's cost of each fire service, estimated from its stations as a planner
would: the duty arrangement of every station (DSB's code, and R5's settlement thresholds for
part-time stations) gives full-time årsverk and part-time persons; leadership and prevention
follow the population. The cost of today's services is the KOSTRA level for Trøndelag, at a
stated price level, split by these cost drivers.

Every number below without a source is Brannsam's assumption and says so; the control table
(`kontroll.py`) shows how far the result is from the figures we know.
"""

from __future__ import annotations

import pandas as pd

from brannsam import formatting as fmt

# --- Staffing ---------------------------------------------------------------------------------
# R7 [U]: a vaktlag is 1 utrykningsleder + 3 brannkonstabler.
CREW = 4
# A position manned around the clock: 8 760 h ÷ about 1 750 effective hours of a full-time
# firefighter in a 42-hour rota after holidays, courses and absence (assumption; the issue's
# planner puts one crew of four around the clock at 16–20 årsverk before leave).
ARSVERK_PER_DOGNPOSISJON = 5.0
# A daytime position (weekdays, about 2 000 h a year) with holiday and absence cover (assumption).
ARSVERK_PER_DAGPOSISJON = 1.2
# Part-time persons per station: four crews of four where R5 asks for rotating duty (the
# requirement Fosen quotes for Roan: 16), twelve without fixed duty, six at a depot (assumption;
# Gauldal had about 10 per station, Røros about 12).
DELTID_DREIENDE = 16
DELTID_UTEN_FAST_VAKT = 12
DELTID_DEPOT = 6
# One part-time firefighter's on-call pay, exercises and callouts as årsverk (assumption).
ARSVERK_PER_DELTIDSPERSON = 0.1
# R5 [S]: a settlement of at least 3 000 needs part-time crews on rotating duty.
DREIENDE_VAKT_FRA = 3_000
# R10 [C]: three leader roles (brannsjef, leder forebyggende, leder beredskap); below this size
# they are combined in fewer årsverk (assumption), plus staff per 1 000 inhabitants (assumption).
LEDERROLLER = 3
LEDERROLLER_FULLT_FRA = 20_000
STAB_PER_1000 = 0.03
# SSB 2023 (table 12058) [C]: 0.23 årsverk per 1 000 in function 338, chimney sweeps included.
FOREBYGGENDE_INKL_FEIING_PER_1000 = 0.23
STAFFING_YEAR = 2024

STAFFING_METHOD = (
    f"estimat: per stasjon etter vaktordning: døgnkasernert = ett vaktlag på {CREW} døgnet rundt "
    f"({fmt.plain(ARSVERK_PER_DOGNPOSISJON)} årsverk per døgnposisjon), dagkasernert = {CREW} på dagtid "
    f"({fmt.plain(ARSVERK_PER_DAGPOSISJON)} årsverk per posisjon) og deltid om natta; deltid "
    f"{DELTID_DREIENDE} personer med dreiende vakt (tettsted over {fmt.plain(DREIENDE_VAKT_FRA)}), "
    f"{DELTID_UTEN_FAST_VAKT} uten fast vakt, {DELTID_DEPOT} ved depot, "
    f"{fmt.plain(ARSVERK_PER_DELTIDSPERSON)} årsverk per deltidsperson; ledelse {LEDERROLLER} lederroller "
    f"(færre under {fmt.plain(LEDERROLLER_FULLT_FRA)} innbyggere) + {fmt.plain(STAB_PER_1000)} stab per "
    f"1 000; forebyggende {fmt.plain(FOREBYGGENDE_INKL_FEIING_PER_1000)} årsverk per 1 000 inkl. feiing "
    "(SSB 2023), uten feiing ukjent. Antakelsene er Brannsams"
)

# --- Cost -------------------------------------------------------------------------------------
# KOSTRA Trøndelag 2020, net kr per inhabitant (DOMAIN.md §5 [C]).
TRONDELAG_338_2020 = 124
TRONDELAG_339_2020 = 829
# National net 338+339 per inhabitant (kontrolltall.csv, SSB) and 2023 (6 157.8 m kr ÷ about
# 5.52 m inhabitants, derived in DOMAIN.md §5): the index that moves a year's level to another.
LANDET_PER_INNBYGGER = {
    2017: 794,
    2018: 849,
    2019: 880,
    2020: 874,
    2021: 946,
    2023: 6_157_800_000 / 5_520_000,
}
COST_YEAR = 2023
# Relative cost of a station's fixed part (vehicles, building) in årsverk (assumption).
STASJON_FAST_ARSVERK = 2.0

COST_METHOD = (
    f"estimat: KOSTRA Trøndelag 2020 ({TRONDELAG_338_2020} kr/innb. i 338, {TRONDELAG_339_2020} i 339) "
    f"ført fram til {COST_YEAR}-nivå med landets vekst 2020–{COST_YEAR} (SSB); 339 fordelt på "
    "brannvesenene etter beregnede årsverk i beredskap og ledelse pluss en fast del per stasjon "
    f"({fmt.plain(STASJON_FAST_ARSVERK)} årsverk), 338 etter forebyggende årsverk (minst 1 per brannvesen); "
    "innen brannvesenet etter innbyggere"
)


def year_factor(from_year: int, to_year: int) -> float:
    """How the national level per inhabitant moved between two years (nearest known years)."""

    def level(year: int) -> float:
        known = min(LANDET_PER_INNBYGGER, key=lambda y: (abs(y - year), -y))
        return LANDET_PER_INNBYGGER[known]

    return level(to_year) / level(from_year)


def arrangement(category: str, text: str, main: bool, largest_settlement: float) -> str:
    """A station's duty arrangement: DSB's code first; for part-time stations R5 by the largest
    settlement of its municipality (the main station takes the rotating duty)."""
    if category == "døgnkasernert":
        return "døgnkasernert"
    if category == "dagkasernert":
        return "dagkasernert"
    if "depot" in text.lower() or category == "depot":
        return "depot"
    if main and largest_settlement >= DREIENDE_VAKT_FRA:
        return "deltid dreiende vakt"
    return "deltid uten fast vakt"


def station_staff(stations: pd.DataFrame, settlements: pd.DataFrame) -> pd.DataFrame:
    """Per station: its arrangement, full-time årsverk in beredskap and part-time persons.
    `stations` needs kommunenummer, kategori, heltid_deltid and dsb_stasjonstype; `settlements`
    kommunenummer and innbyggere."""
    largest = settlements.groupby("kommunenummer")["innbyggere"].max()
    out = stations.copy()
    main = out["dsb_stasjonstype"].fillna("").eq("H")
    out["ordning"] = [
        arrangement(c, t or "", m, largest.get(nr, 0) or 0)
        for c, t, m, nr in zip(
            out["kategori"], out["heltid_deltid"].fillna(""), main, out["kommunenummer"], strict=True
        )
    ]
    heltid = {
        "døgnkasernert": CREW * ARSVERK_PER_DOGNPOSISJON,
        "dagkasernert": CREW * ARSVERK_PER_DAGPOSISJON,
    }
    deltid = {
        "dagkasernert": DELTID_DREIENDE,
        "deltid dreiende vakt": DELTID_DREIENDE,
        "deltid uten fast vakt": DELTID_UTEN_FAST_VAKT,
        "depot": DELTID_DEPOT,
    }
    out["arsverk_heltid"] = out["ordning"].map(heltid).fillna(0.0)
    out["deltid_personer"] = out["ordning"].map(deltid).fillna(0).astype(int)
    return out


def leadership(population: pd.Series) -> pd.Series:
    """Leader roles (combined in small services) and staff, in årsverk."""
    roles = (LEDERROLLER * population / LEDERROLLER_FULLT_FRA).clip(lower=1.0, upper=LEDERROLLER)
    return roles + population / 1000 * STAB_PER_1000


def service_staffing(staff: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Årsverk per service (index brannvesen_id) from its stations (`station_staff` with a
    brannvesen_id column) and its population."""
    per = staff.groupby("brannvesen_id").agg(
        heltid=("arsverk_heltid", "sum"), personer=("deltid_personer", "sum"), stasjoner=("kategori", "size")
    )
    per = per.reindex(population.index, fill_value=0)
    return pd.DataFrame(
        {
            "arsverk_ledelse": leadership(population).round(1),
            "arsverk_forebyggende_inkl_feiing": (population / 1000 * FOREBYGGENDE_INKL_FEIING_PER_1000).round(
                1
            ),
            "arsverk_beredskap_heltid": per["heltid"].round(1),
            "deltid_personer": per["personer"].astype(int),
            "arsverk_beredskap_deltid": (per["personer"] * ARSVERK_PER_DELTIDSPERSON).round(1),
            "stasjoner": per["stasjoner"].astype(int),
        },
        index=population.index,
    )


def service_costs(services: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Net 338 and 339 per service at COST_YEAR prices, adding up to the Trøndelag level × the
    region's population. `services` is `service_staffing`'s result."""
    growth = year_factor(2020, COST_YEAR)
    total_pop = population.sum()
    drivers_339 = (
        services["arsverk_beredskap_heltid"]
        + services["arsverk_beredskap_deltid"]
        + services["arsverk_ledelse"]
        + services["stasjoner"] * STASJON_FAST_ARSVERK
    )
    drivers_338 = services["arsverk_forebyggende_inkl_feiing"].clip(lower=1.0)
    return pd.DataFrame(
        {
            "netto_338_kr": TRONDELAG_338_2020 * growth * total_pop * drivers_338 / drivers_338.sum(),
            "netto_339_kr": TRONDELAG_339_2020 * growth * total_pop * drivers_339 / drivers_339.sum(),
        }
    )


def settlement_need(inhabitants: float, bounds: tuple[float, ...], many_crews_from: float) -> float:
    """Årsverk of beredskap that R5 asks for one settlement (bounds: 3 000, 8 000, 20 000): none
    below the first (the municipality's base station covers it), part-timers on rotating duty,
    a daytime crew with part-timers at night, a crew around the clock; R6's three crews above
    `many_crews_from`."""
    first, second, third = bounds
    if inhabitants > many_crews_from:
        return 3 * CREW * ARSVERK_PER_DOGNPOSISJON
    if inhabitants > third:
        return CREW * ARSVERK_PER_DOGNPOSISJON
    if inhabitants > second:
        return CREW * ARSVERK_PER_DAGPOSISJON + DELTID_DREIENDE * ARSVERK_PER_DELTIDSPERSON
    if inhabitants >= first:
        return DELTID_DREIENDE * ARSVERK_PER_DELTIDSPERSON
    return 0.0


def readiness_need(
    kommuner: pd.DataFrame, settlements: pd.DataFrame, bounds: tuple[float, ...], many_crews_from: float
) -> pd.Series:
    """Each municipality's beredskap need in årsverk: what R5 and R6 ask for its settlements, at
    least one part-time station without fixed duty. It grows in steps with settlement size, never
    with distance or a low risk score, so a village cannot need more than a town."""
    need = (
        settlements.assign(
            behov=[settlement_need(n, bounds, many_crews_from) for n in settlements["innbyggere"].fillna(0)]
        )
        .groupby("kommunenummer")["behov"]
        .sum()
    )
    base = DELTID_UTEN_FAST_VAKT * ARSVERK_PER_DELTIDSPERSON
    return (
        kommuner["kommunenummer"].map(need).fillna(0.0).clip(lower=base).set_axis(kommuner["kommunenummer"])
    )


READINESS_NOTE = (
    "Beredskapsbehov = årsverkene brann- og redningsvesenforskriften krever for kommunens tettsteder "
    "(R5: dreiende deltidsvakt fra 3 000 innbyggere, dagkasernert fra 8 000, døgnkasernert fra 20 000; "
    "R6: tre vaktlag over 100 000), minst én deltidsstasjon per kommune."
)
