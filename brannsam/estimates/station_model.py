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
from brannsam.data import services
from brannsam.risk import duty, serving

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
    f"{DELTID_DREIENDE} personer med dreiende vakt (stasjonen nærmest et tettsted som etter R5 krever det), "
    f"{DELTID_UTEN_FAST_VAKT} uten fast vakt, {DELTID_DEPOT} ved depot, "
    f"{fmt.plain(ARSVERK_PER_DELTIDSPERSON)} årsverk per deltidsperson; der brannvesenet eller pressen har "
    "publisert stasjonens tall (deltidspersoner, vakt døgnet rundt), brukes det i stedet; "
    f"ledelse {LEDERROLLER} lederroller "
    f"(færre under {fmt.plain(LEDERROLLER_FULLT_FRA)} innbyggere) + {fmt.plain(STAB_PER_1000)} stab per "
    f"1 000; forebyggende {fmt.plain(FOREBYGGENDE_INKL_FEIING_PER_1000)} årsverk per 1 000 inkl. feiing "
    "(SSB 2023), uten feiing ukjent. Antakelsene er Brannsams"
)

# --- Cost -------------------------------------------------------------------------------------
# KOSTRA Trøndelag 2020, net kr per inhabitant (SSB kommunefakta).
TRONDELAG_338_2020 = 124
TRONDELAG_339_2020 = 829
# Norway's inhabitants behind SSB's 2023 figures for function 338/339 (about 5.52 m).
INNBYGGERE_LANDET_2023 = 5_520_000
# SSB 2023 (table 12058): net 338+339 in Norway, 6 157.8 m kr.
NETTO_338_339_LANDET_2023 = 6_157_800_000
# National net 338+339 per inhabitant (kontrolltall.csv, SSB) and 2023 (derived from SSB's 2023
# total): the index that moves a year's level to another.
LANDET_PER_INNBYGGER = {
    2017: 794,
    2018: 849,
    2019: 880,
    2020: 874,
    2021: 946,
    2023: NETTO_338_339_LANDET_2023 / INNBYGGERE_LANDET_2023,
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


def arrangement(category: str, text: str, required: int) -> str:
    """A station's duty arrangement: DSB's code first; where a source says the station is
    manned around the clock and DSB's code says not kasernert (Røros), the source's word is
    kept as «døgnbemannet», one position around the clock, and the conflict is shown; a
    part-time station takes rotating duty when a settlement it serves asks for at least that
    (R5), so a town's station is never staffed as one without fixed duty."""
    if category == "døgnkasernert":
        return "døgnkasernert"
    if category == "dagkasernert":
        return "dagkasernert"
    if services.staffing_conflict(category, text) and "døgn" in text.lower():
        return "døgnbemannet (kilde)"
    if services.is_depot(category, text):
        return "depot"
    if required >= duty.ROTATING:
        return "deltid dreiende vakt"
    return "deltid uten fast vakt"


def required_classes(stations: pd.DataFrame, settlements: pd.DataFrame, rules: duty.DutyRules) -> pd.Series:
    """Per station: the highest R5 class among the settlements it serves (1 where none); a
    guessed settlement size never raises it."""
    required = pd.Series(duty.PART_TIME, index=stations.index)
    for needed, (_, place) in zip(duty.classes(settlements, rules), settlements.iterrows(), strict=True):
        if needed < duty.ROTATING:
            continue
        station = serving.serving_station(
            place, stations[stations["kommunenummer"] == place["kommunenummer"]]
        )
        if station is not None:
            required[station] = max(required[station], needed)
    return required


def published_staffing(stations: pd.DataFrame, published: pd.DataFrame | None) -> pd.DataFrame:
    """Per station (same index): the part-time persons and full-time årsverk a source gives, and
    where from. A group's positions around the clock are spread evenly over its stations (the
    total is the source's; the split between them is not known)."""
    out = pd.DataFrame(
        {"deltid_publisert": float("nan"), "heltid_publisert": float("nan"), "bemanning_kilde": "modell"},
        index=stations.index,
    )
    if published is None or published.empty:
        return out
    for _, row in published.iterrows():
        names = row["stasjoner"].split(";")
        hit = stations.index[
            stations["navn"].isin(names) & (stations["kommunenummer"] == row["kommunenummer"])
        ]
        if hit.empty:
            continue
        year = "udatert" if pd.isna(row["aar"]) else str(int(row["aar"]))
        source = f"{row['kilde']} ({year})"
        if pd.notna(row["deltid_personer"]):
            out.loc[hit, "deltid_publisert"] = float(row["deltid_personer"]) / len(hit)
        if pd.notna(row["vakt_dognet"]):
            out.loc[hit, "heltid_publisert"] = float(row["vakt_dognet"]) * ARSVERK_PER_DOGNPOSISJON / len(hit)
        out.loc[hit, "bemanning_kilde"] = source
    return out


def station_staff(
    stations: pd.DataFrame,
    settlements: pd.DataFrame,
    rules: duty.DutyRules,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per station: its arrangement, full-time årsverk in beredskap and part-time persons: a
    station's published figure where `published` (bemanning_publisert.csv) has one, the model's
    where none does. `stations` needs navn, kommunenummer, kategori, heltid_deltid,
    dsb_stasjonstype, lat, lon; `settlements` kommunenummer, innbyggere, lat, lon."""
    out = stations.reset_index(drop=True).copy()
    required = required_classes(out, settlements, rules)
    out["ordning"] = [
        arrangement(c, t or "", r)
        for c, t, r in zip(out["kategori"], out["heltid_deltid"].fillna(""), required, strict=True)
    ]
    heltid = {
        "døgnkasernert": CREW * ARSVERK_PER_DOGNPOSISJON,
        "dagkasernert": CREW * ARSVERK_PER_DAGPOSISJON,
        "døgnbemannet (kilde)": ARSVERK_PER_DOGNPOSISJON,
    }
    deltid = {
        "dagkasernert": DELTID_DREIENDE,
        "døgnbemannet (kilde)": DELTID_DREIENDE,
        "deltid dreiende vakt": DELTID_DREIENDE,
        "deltid uten fast vakt": DELTID_UTEN_FAST_VAKT,
        "depot": DELTID_DEPOT,
    }
    given = published_staffing(out, published)
    out["arsverk_heltid"] = given["heltid_publisert"].fillna(out["ordning"].map(heltid).fillna(0.0))
    out["deltid_personer"] = given["deltid_publisert"].fillna(out["ordning"].map(deltid).fillna(0)).round()
    out["deltid_personer"] = out["deltid_personer"].astype(int)
    out["bemanning_kilde"] = given["bemanning_kilde"]
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


# Årsverk of beredskap each R5 class asks for one settlement: none below rotating duty (the
# municipality's base station covers it), part-timers on rotating duty, a daytime crew with
# part-timers at night, a crew around the clock.
NEED_BY_CLASS = {
    duty.PART_TIME: 0.0,
    duty.ROTATING: DELTID_DREIENDE * ARSVERK_PER_DELTIDSPERSON,
    duty.DAYTIME: CREW * ARSVERK_PER_DAGPOSISJON + DELTID_DREIENDE * ARSVERK_PER_DELTIDSPERSON,
    duty.AROUND_THE_CLOCK: CREW * ARSVERK_PER_DOGNPOSISJON,
}


def settlement_need(inhabitants: float, rules: duty.DutyRules) -> float:
    """Årsverk of beredskap that R5 and R6 ask for one settlement."""
    crews = rules.crews(inhabitants)
    if crews > 1:
        return crews * CREW * ARSVERK_PER_DOGNPOSISJON
    return NEED_BY_CLASS[rules.duty_class(inhabitants)]


def readiness_need(kommuner: pd.DataFrame, settlements: pd.DataFrame, rules: duty.DutyRules) -> pd.Series:
    """Each municipality's beredskap need in årsverk: what R5 and R6 ask for its settlements, at
    least one part-time station without fixed duty. It grows in steps with settlement size, never
    with distance or a low risk score, so a village cannot need more than a town. A guessed
    settlement size counts as none: a guess never decides what a municipality pays."""
    sizes = duty.judged_sizes(settlements).fillna(0)
    need = (
        settlements.assign(behov=[settlement_need(n, rules) for n in sizes])
        .groupby("kommunenummer")["behov"]
        .sum()
    )
    base = DELTID_UTEN_FAST_VAKT * ARSVERK_PER_DELTIDSPERSON
    return (
        kommuner["kommunenummer"].map(need).fillna(0.0).clip(lower=base).set_axis(kommuner["kommunenummer"])
    )


def readiness_note(rules: duty.DutyRules) -> str:
    """What the beredskap need counts, with the thresholds the rules file gives."""
    return (
        "Beredskapsbehov = årsverkene brann- og redningsvesenforskriften krever for kommunens tettsteder "
        f"(R5 og R6: {rules.describe()}), minst én deltidsstasjon per kommune."
    )
