"""The checks behind each rule (R1–R13): what the data says about one fire service, as a
verdict with its figure and source. `compliance` runs them against the rules file."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam.data import service_facts, services
from brannsam.risk import duty, serving
from brannsam.risk.context import Context
from brannsam.risk.verdicts import (
    IKKE_OPPFYLT,
    IKKE_RELEVANT,
    OPPFYLT,
    UKJENT,
    Verdict,
    duty_met,
    within,
)

# R6: the number of kasernerte vaktlag a settlement above its threshold needs.
BIG_SETTLEMENT_SHIFTS = 3


COVERAGE_SOURCE = (
    "estimat: responstidsmodellen (kjøring over land og med ferje, antatt fart, omveisfaktor og "
    "utrykningstid)"
)
SETTLEMENT_SOURCE = "SSB tettstedstall (publiserte tall, med år); DSB brannstasjonsregister (kasernering)"


def _response(ctx: Context, service: str, limit: float, places: pd.DataFrame, none_text: str) -> Verdict:
    """Places (navn, minutter) within `limit` minutes; a place without a known point is named and
    not judged."""
    if places.empty:
        return Verdict(IKKE_RELEVANT, none_text, SETTLEMENT_SOURCE)
    unplaced = places[places["minutter"].isna()]
    places = places[places["minutter"].notna()]
    not_judged = (
        f"; uten kjent plassering, ikke vurdert: {', '.join(unplaced['navn'])}" if len(unplaced) else ""
    )
    if places.empty:
        return Verdict(UKJENT, "ingen av stedene har kjent plassering" + not_judged, SETTLEMENT_SOURCE)
    ok = places["minutter"].map(lambda m: within(m, limit))
    late = ", ".join(places.loc[~ok, "navn"])
    minutes = fmt.plain(limit)
    hint = f"{OPPFYLT if ok.all() else IKKE_OPPFYLT} ({ok.sum()} av {len(ok)} steder innen {minutes} min"
    hint += f"; utenfor: {late})" if late else ")"
    return Verdict(
        UKJENT, f"{ok.sum()} av {len(ok)} innen {minutes} min (estimat){not_judged}", COVERAGE_SOURCE, hint
    )


NURSING_HOMES = "sykehjem: plassering mangler i kildene, ikke vurdert"


def dense_settlements(ctx: Context, service: str) -> pd.DataFrame:
    """R1's «konsentrert/tett bebyggelse» as Brannsam reads it: settlements from R5's first size
    class (a confirmed size, never a guess) and the places the project leader lists in
    tett_bebyggelse.csv (dense wooden centres below the size), with why each is counted."""
    places = ctx.of(ctx.settlements, service)
    sizes = duty.judged_sizes(places)
    by_size = places[sizes >= ctx.duty.rotating_from].assign(
        hvorfor=lambda d: "minst " + fmt.number(ctx.duty.rotating_from) + " innbyggere"
    )
    listed = ctx.dense.rename(columns={"tettsted": "navn"})
    listed = places.merge(listed[["navn", "kommunenummer", "begrunnelse"]], on=["navn", "kommunenummer"])
    listed = listed.rename(columns={"begrunnelse": "hvorfor"})
    both = pd.concat([by_size, listed[~listed["navn"].isin(by_size["navn"])]], ignore_index=True)
    return both[["navn", "kommunenummer", "innbyggere", "minutter", "hvorfor"]]


def _tested(places: pd.DataFrame) -> str:
    """«vurdert på 3 steder: Trondheim 6 min, …»: every place R1 was judged at (`slag`: tettsted
    or sykehus), so a fire chief sees that a town is one point and a hospital its building."""

    def minutes(m: float) -> str:
        return f"{fmt.number(m)} min" if np.isfinite(m) else "ikke nådd i modellen"

    listed = ", ".join(
        f"{name} {minutes(m)}" for name, m in zip(places["navn"], places["minutter"], strict=True)
    )
    how = {
        "tettsted": "et tettsted vurderes i ett punkt, ikke over hele arealet",
        "sykehus": "et sykehus ved bygningen",
    }
    said = "; ".join(text for kind, text in how.items() if (places["slag"] == kind).any())
    return f"vurdert på {len(places)} {'sted' if len(places) == 1 else 'steder'}: {listed} ({said})"


def r1(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """R1 over the dense settlements (`dense_settlements`) and the hospitals; the nursing homes
    have no known point, and the verdict says so. A guessed settlement that would count if its
    size were confirmed is named."""
    hospitals = ctx.of(ctx.institutions, service)
    dense = dense_settlements(ctx, service)
    places = pd.concat(
        [
            dense[["navn", "minutter"]].assign(slag="tettsted"),
            hospitals[["navn", "minutter"]].assign(slag="sykehus"),
        ],
        ignore_index=True,
    )
    verdict = _response(
        ctx, service, bounds[0], places[["navn", "minutter"]], "ingen tett bebyggelse eller sykehus"
    )
    tested = places[places["minutter"].notna()]
    if len(tested):
        verdict = Verdict(
            verdict.vurdering,
            f"{verdict.verdi}; {_tested(tested)}",
            verdict.kilde,
            verdict.estimatet_tilsier,
        )
    # R1's size reading starts at R5's first class: the guesses that would enter a higher class.
    guessed = duty.guesses_that_matter(ctx.of(ctx.settlements, service), ctx.duty)
    extra = "".join(
        f"; {name} ({fmt.number(n)}, anslått som {GUESS_BASIS}) ville telt om tallet bekreftes"
        for name, n in zip(guessed["navn"], guessed["innbyggere"], strict=True)
    )
    listed = ctx.of(ctx.dense, service)
    if len(listed):
        extra += "; tett bebyggelse etter prosjektets liste: " + ", ".join(
            f"{n} ({why})" for n, why in zip(listed["tettsted"], listed["begrunnelse"], strict=True)
        )
    # Every municipality has a nursing home, so R1 always applies, even without a dense settlement.
    kind = UKJENT if verdict.vurdering == IKKE_RELEVANT else verdict.vurdering
    return Verdict(kind, f"{verdict.verdi}{extra}; {NURSING_HOMES}", verdict.kilde, verdict.estimatet_tilsier)


def r2(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    places = ctx.of(ctx.settlements, service)
    return _response(ctx, service, bounds[0], places[["navn", "minutter"]], "ingen tettsteder")


# R3 is judged on where people are beyond the limit, not on one modelled person: the model's
# minutes are uncertain by about this much (speed, detour and turnout are assumptions) ...
R3_MARGIN_MIN = 5.0
# ... and fewer modelled inhabitants than this beyond it are within the spread of the
# scattered population (about one grid cell's worth in a rural municipality; assumption).
R3_FEW = 25


NOT_REACHED = (
    "ikke nådd over land i modellen (øy uten vei eller ferje, eller avskåret av de forenklede grensene)"
)


def _beyond_by_place(ctx: Context, late: pd.DataFrame) -> str:
    """«Tydal 95 (til 38 min)»: where the people beyond the limit (`late`, the points beyond it)
    are, per municipality, with the longest time; islands with no road or ferry in the model are
    named as not reached."""
    late = late[late["innbyggere"] > 0]
    names = ctx.kommuner.set_index("kommunenummer")["kommunenavn"]
    parts = []
    for nr, rows in late.groupby("kommunenummer"):
        reached = rows[np.isfinite(rows["minutter"])]
        people = rows["innbyggere"].sum()
        if people < 1:
            continue
        unreached = rows.loc[~np.isfinite(rows["minutter"]), "innbyggere"].sum()
        text = f"{names.get(nr, nr)} {fmt.number(people)}"
        if people - unreached >= 1:
            text += f" (til {fmt.number(reached['minutter'].max())} min)"
        if unreached >= 1:
            text += f", {'herav ' if people - unreached >= 1 else ''}{fmt.number(unreached)} {NOT_REACHED}"
        parts.append((people, text))
    return "; ".join(t for _, t in sorted(parts, reverse=True))


def r3(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """Inhabitants beyond the limit, said by place (municipality, longest time) and judged with
    the model's uncertainty: «oppfylt» when fewer than R3_FEW are beyond it under both spreads
    of the scattered population, «ikke oppfylt» when at least that many are beyond it even with
    R3_MARGIN_MIN minutes to spare, otherwise «usikkert»."""
    limit = fmt.plain(bounds[0])
    points = ctx.of(ctx.points, service)
    late = ~points["minutter"].map(lambda m: within(m, bounds[0]))
    clearly_late = ~points["minutter"].map(lambda m: within(m, bounds[0] + R3_MARGIN_MIN))
    beyond = points.loc[late, "innbyggere"].sum()
    beyond_even = points.loc[late, "innbyggere_jevn"].sum() if "innbyggere_jevn" in points else beyond
    share = beyond / points["innbyggere"].sum()
    if max(beyond, beyond_even) < R3_FEW:
        met = OPPFYLT
    elif points.loc[clearly_late, "innbyggere"].sum() >= R3_FEW:
        met = IKKE_OPPFYLT
    else:
        met = "usikkert"
    where = _beyond_by_place(ctx, points[late])
    hint = f"{met} ({fmt.percent(share)} av innbyggerne over {limit} min"
    hint += f"; {where})" if where else ")"
    return Verdict(
        UKJENT,
        f"{fmt.number(beyond)} innbyggere over {limit} min (estimat; jevnt fordelt: "
        f"{fmt.number(beyond_even)})",
        COVERAGE_SOURCE,
        hint,
    )


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


# What a guessed settlement size is, said wherever the guess is shown (no published figure: half
# the municipality's inhabitants taken to live in its centre).
GUESS_BASIS = "halvparten av kommunens innbyggere, ikke et publisert tall"
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
