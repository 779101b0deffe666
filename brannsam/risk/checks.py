"""The checks behind each rule (R1–R13): what the data says about one fire service, as a
verdict with its figure and source. The response-time rules R1–R3 are `response_rules`; `CHECKS`
holds them all, and `compliance` runs them against the rules file."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from brannsam import formatting as fmt
from brannsam.data import service_facts, services
from brannsam.risk import duty, serving
from brannsam.risk.context import Context
from brannsam.risk.response_rules import COVERAGE_SOURCE, GUESS_BASIS, SETTLEMENT_SOURCE, r1, r2, r3
from brannsam.risk.verdicts import (
    IKKE_OPPFYLT,
    IKKE_RELEVANT,
    OPPFYLT,
    UKJENT,
    Verdict,
    duty_met,
)

# R6: the number of kasernerte vaktlag a settlement above its threshold needs.
BIG_SETTLEMENT_SHIFTS = 3


def _serving_category(ctx: Context, place: pd.Series) -> tuple[str, str]:
    """The serving station's category and, where DSB's code and the station's own source
    disagree, what the source says (empty when they agree)."""
    own = ctx.stations[ctx.stations["kommunenummer"] == place["kommunenummer"]]
    station = serving.serving_station(place, own)
    if station is None:
        return "", ""
    row = own.loc[station]
    text = str(row.get("heltid_deltid") or "")
    conflict = services.staffing_conflict(row["kategori"], text)
    name = row.get("navn", "stasjonen")
    return row["kategori"], f"{name}: DSB «{row['kategori']}», kilden «{text}»" if conflict else ""


# What a settlement's duty verdict reads when DSB's register and another source disagree.
SOURCES_DISAGREE = {
    OPPFYLT: "sannsynlig oppfylt – kontrolleres",
    IKKE_OPPFYLT: "sannsynlig avvik – kontrolleres",
}


def r5(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """Every settlement that needs more than part-time crews without fixed duty is judged
    against the station that serves it (the nearest of its municipality's stations), not any
    station in the municipality. A guessed size never decides: the settlement is named with
    what it would ask if the guess were confirmed. Sources that disagree about the serving
    station's duty give «ukjent», never a firm verdict."""
    places = ctx.of(ctx.settlements, service)
    verdicts, notes = [], []
    for _, place in places.iterrows():
        if place["innbyggere_estimert"]:
            would = ctx.duty.duty_class(place["innbyggere"])
            if would > duty.PART_TIME:
                verdicts.append(UKJENT)
                notes.append(
                    f"{place['navn']} ({fmt.number(place['innbyggere'])}, anslått som {GUESS_BASIS}): "
                    f"ville krevd {duty.NAMES[would]} om tallet bekreftes – {UKJENT}"
                )
            continue
        required = ctx.duty.duty_class(place["innbyggere"])
        category, conflict = _serving_category(ctx, place)
        verdict = duty_met(required, {category} - {""})
        said = verdict
        if conflict and required > duty.PART_TIME:
            # One rule for sources that disagree: DSB's register (the station's current code)
            # points the way, as it does where it is alone (Steinkjer «oppfylt»); the other
            # source (a council decision whose carrying-out is unknown) only makes it a case to
            # check, never a firm verdict either way.
            said = SOURCES_DISAGREE.get(verdict, verdict)
            verdict = UKJENT
        verdicts.append(verdict)
        if required >= duty.ROTATING or verdict == IKKE_OPPFYLT:
            size = fmt.number(place["innbyggere"])
            note = f"{place['navn']} ({size}): krever {duty.NAMES[required]} – {said}"
            if conflict and required > duty.PART_TIME:
                note += f" (DSBs register teller; kildene er uenige: {conflict})"
            notes.append(note)
    if IKKE_OPPFYLT in verdicts:
        overall = IKKE_OPPFYLT
    elif UKJENT in verdicts:
        overall = UKJENT
    else:
        overall = OPPFYLT
    text = "; ".join(notes) or f"bare tettsteder under {fmt.number(ctx.duty.rotating_from)} innbyggere"
    return Verdict(overall, text, SETTLEMENT_SOURCE)


def r6(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    places = ctx.of(ctx.settlements, service)
    big = places[places["innbyggere"] > bounds[0]]
    if big.empty:
        return Verdict(
            IKKE_RELEVANT, f"ingen tettsteder over {fmt.number(bounds[0])} innbyggere", SETTLEMENT_SOURCE
        )
    results = []
    for _, place in big.iterrows():
        n = int(
            (
                (ctx.stations["kommunenummer"] == place["kommunenummer"])
                & (ctx.stations["kategori"] == "døgnkasernert")
            ).sum()
        )
        results.append((place["navn"], n))
    ok = all(n >= BIG_SETTLEMENT_SHIFTS for _, n in results)
    text = "; ".join(f"{name}: {n} døgnkasernerte stasjoner" for name, n in results)
    return Verdict(OPPFYLT if ok else IKKE_OPPFYLT, text, "DSB brannstasjonsregister (kasernering)")


def _facts(ctx: Context, service: str) -> pd.Series | None:
    """What a source or the service itself says about its roles, duty officer and analyses."""
    if ctx.facts.empty:
        return None
    rows = ctx.facts[ctx.facts["brannvesen_id"] == service]
    return None if rows.empty else rows.iloc[0]


def _year(facts: pd.Series) -> str:
    """The year a source gives for a service's facts, or that it gives none."""
    return "udatert kilde" if pd.isna(facts.get("aar")) else str(int(facts["aar"]))


def _staffing_row(ctx: Context, service: str) -> pd.Series | None:
    rows = ctx.staffing[ctx.staffing["brannvesen_id"] == service]
    return None if rows.empty else rows.iloc[0]


def r9(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """Prevention without chimney sweeps against the requirement. An estimate built on KOSTRA's
    0.23 per 1 000 includes the sweeps and so cannot fail the rule: it is never used to pass it."""
    pop = int(ctx.members(service)["innbyggere"].sum())
    required = pop / bounds[0]
    row = _staffing_row(ctx, service)
    if row is None:
        return Verdict(UKJENT, f"krav {fmt.number(required, 1)} årsverk; bemanning mangler", "ingen data")
    if pd.isna(row["arsverk_forebyggende"]):
        with_sweeps = row.get("arsverk_forebyggende_inkl_feiing")
        text = f"krav {fmt.number(required, 1)} årsverk uten feiing"
        if with_sweeps is not None and not pd.isna(with_sweeps):
            text += (
                f"; estimat {fmt.number(with_sweeps, 1)} årsverk inkl. feiing, men andelen feiing er ukjent, "
                "så kravet kan ikke prøves"
            )
        return Verdict(UKJENT, text, row["kilde"])
    have = float(row["arsverk_forebyggende"])
    met = OPPFYLT if have >= required else IKKE_OPPFYLT
    text = f"{fmt.number(have, 1)} årsverk (uten feiing) mot krav {fmt.number(required, 1)}"
    if row["estimert"]:
        return Verdict(UKJENT, text + " (estimat)", row["kilde"])
    return Verdict(met, text, row["kilde"])


def r10(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """The leader roles; no population threshold has a source, so none is used. Where the service
    has said which roles are filled (dataset `ledelse`), that decides; a role left blank keeps
    the verdict «ukjent»."""
    facts = _facts(ctx, service)
    if facts is not None and any(pd.notna(facts[r]) for r in service_facts.ROLES):
        said = {label: facts[r] for r, label in service_facts.ROLES.items()}
        missing = [label.lower() for label, v in said.items() if pd.notna(v) and not v]
        unknown = [label.lower() for label, v in said.items() if pd.isna(v)]
        if missing:
            verdict, text = IKKE_OPPFYLT, "ikke fylt: " + ", ".join(missing)
        elif unknown:
            verdict, text = UKJENT, "ukjent om disse er fylt: " + ", ".join(unknown)
        else:
            verdict, text = OPPFYLT, "brannsjef, leder forebyggende og leder beredskap er fylt"
        return Verdict(verdict, f"{text} ({_year(facts)})", facts["kilde"])
    row = _staffing_row(ctx, service)
    roles = "brannsjef, leder forebyggende og leder beredskap"
    if row is None or row["estimert"] or pd.isna(row["arsverk_ledelse"]):
        return Verdict(UKJENT, f"ingen data om hvem som fyller lederrollene ({roles})", "ingen data")
    chief = row["brannsjef_heltid"]
    detail = "" if chief is None or pd.isna(chief) else f"; brannsjef på heltid: {'ja' if chief else 'nei'}"
    return Verdict(
        UKJENT,
        f"{fmt.number(row['arsverk_ledelse'], 1)} årsverk ledelse{detail}; om {roles} er fylt, må "
        "brannvesenet svare på",
        row["kilde"],
    )


DUTY_OFFICER_TEXT = {
    "egen": "egen overordnet vakt",
    "felles": "overordnet vakt felles med andre brannvesen",
    "kjøpt": "overordnet vakt kjøpt av et annet brannvesen",
    "ingen": "ingen overordnet vakt",
}


def r11(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """Every service, whatever its size (the «over 20 000» threshold is contradicted); a shared
    or bought rota meets it too (the rule allows it to be regional)."""
    facts = _facts(ctx, service)
    if facts is not None and isinstance(facts["overordnet_vakt"], str):
        kind = facts["overordnet_vakt"]
        verdict = IKKE_OPPFYLT if kind == "ingen" else OPPFYLT
        return Verdict(verdict, f"{DUTY_OFFICER_TEXT[kind]} ({_year(facts)})", facts["kilde"])
    pop = int(ctx.members(service)["innbyggere"].sum())
    return Verdict(UKJENT, f"{fmt.number(pop)} innbyggere; ingen data om overordnet vakt", "ingen data")


# The regulation whose analyses R12 asks for came into force on 1 January 2022; an analysis
# from before it was made under the old rules.
REGULATION_IN_FORCE_YEAR = 2022


def r12(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """The three analyses: met when the year of each is known and none predates the regulation
    of 2021 (in force from 2022); an older analysis is named with its year and flagged, and
    keeps the verdict «ukjent» (it may have been revised since without a source saying so)."""
    facts = _facts(ctx, service)
    known = {
        label: int(facts[column])
        for column, label in service_facts.ANALYSES.items()
        if facts is not None and pd.notna(facts[column])
    }
    if not known or facts is None:
        return Verdict(UKJENT, "ingen data om analysene", "ingen data")
    missing = [label.lower() for label in service_facts.ANALYSES.values() if label not in known]
    older = [label for label, year in known.items() if year < REGULATION_IN_FORCE_YEAR]
    text = "; ".join(
        f"{label} {year}" + (" (eldre enn forskriften av 2021)" if label in older else "")
        for label, year in known.items()
    )
    if missing:
        return Verdict(UKJENT, f"{text}; ingen data om {' og '.join(missing)}", facts["kilde"])
    if older:
        return Verdict(UKJENT, text, facts["kilde"])
    return Verdict(OPPFYLT, text, facts["kilde"])


def r13(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """110 alerts the nearest resource across any border (§ 24): what it means for a service is
    how many of its inhabitants another service's station reaches first, and whether an
    agreement on mutual aid (brannloven § 30) covers them, which no source here says."""
    if service not in ctx.across.index:
        return Verdict(UKJENT, "ingen data: responstidsmodellen over land er ikke brukt", "ingen data")
    across = float(ctx.across[service])
    if across <= 0:
        return Verdict(
            OPPFYLT,
            "ingen innbyggere har raskeste stasjon i et annet brannvesen: nærmeste ressurs er egen",
            COVERAGE_SOURCE,
        )
    text = (
        f"{fmt.number(across)} innbyggere har raskeste stasjon i et annet brannvesen; om det finnes "
        "avtale om bistand (brannloven § 30) er ukjent"
    )
    return Verdict(UKJENT, text, COVERAGE_SOURCE)


def no_data(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    return Verdict(UKJENT, "ingen data", "ingen data")


# How many thresholds each check reads from its rule's `terskel` (the build refuses a rules file
# that gives another number, rather than let the page fail).
THRESHOLD_COUNT = {
    "R1": 1,
    "R2": 1,
    "R3": 1,
    "R5": 3,
    "R6": 1,
    "R9": 1,
    "R10": 0,
    "R11": 0,
    "R12": 0,
    "R13": 0,
}
THRESHOLD_FORMAT = re.compile(r"\d+(\.\d+)?(;\d+(\.\d+)?)*")

# Each check gets the context, the service and the rule's thresholds (`limits` of its `terskel`).
CHECKS: dict[str, Callable[[Context, str, tuple[float, ...]], Verdict]] = {
    "R1": r1,
    "R2": r2,
    "R3": r3,
    "R5": r5,
    "R6": r6,
    "R7": no_data,
    "R9": r9,
    "R10": r10,
    "R11": r11,
    "R12": r12,
    "R13": r13,
}
