"""The checks behind each rule (R1–R12): what the data says about one fire service, as a
verdict with its figure and source. `compliance` runs them against the rules file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from brannsam.data import queries, service_facts
from brannsam.present import formatting as fmt
from brannsam.risk import coverage, duty
from brannsam.risk.network import Network
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

INSTITUTION_COLUMNS = ["navn", "type", "kommunenummer", "minutter"]


@dataclass
class Context:
    """Everything the rules look at, for the whole region (each rule filters to one service)."""

    kommuner: pd.DataFrame  # kommunenummer, kommunenavn, innbyggere, brannvesen_id
    settlements: pd.DataFrame  # navn, kommunenummer, innbyggere, innbyggere_estimert, minutter
    points: pd.DataFrame  # kommunenummer, innbyggere, minutter
    stations: pd.DataFrame  # kommunenummer, kategori
    staffing: pd.DataFrame  # brannvesen_id, arsverk_forebyggende, brannsjef_heltid, estimert, kilde
    duty: duty.DutyRules  # R5/R6 as the rules file gives them
    facts: pd.DataFrame = field(default_factory=pd.DataFrame)  # brannvesen_fakta: R10, R11, R12
    institutions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INSTITUTION_COLUMNS))

    @classmethod
    def gather(
        cls,
        kommuner,
        settlements,
        points,
        stations,
        staffing,
        rules: pd.DataFrame,
        facts: pd.DataFrame | None = None,
        institutions: pd.DataFrame | None = None,
        network: Network | None = None,
        assumptions=None,
    ) -> Context:
        """Attach estimated minutes (quickest station of any service, over land where the
        network is given) to settlements, points and hospitals; a settlement without a known
        point gets none."""
        assumptions = assumptions or coverage.Assumptions()

        def to(cells: pd.DataFrame):
            return coverage.minutes(cells, stations, assumptions)

        if network is not None:
            to = coverage.reach(stations, assumptions, network).to
        known = settlements["lat"].notna() & settlements["lon"].notna()
        minutes = pd.Series(float("nan"), index=settlements.index)
        minutes[known] = to(settlements[known])
        return cls(
            kommuner=kommuner,
            settlements=settlements.assign(minutter=minutes),
            points=points.assign(minutter=to(points)),
            stations=stations,
            staffing=staffing,
            duty=duty.DutyRules.from_rules(rules),
            facts=facts if facts is not None else pd.DataFrame(),
            institutions=(
                institutions.assign(minutter=to(institutions))
                if institutions is not None and len(institutions)
                else pd.DataFrame(columns=INSTITUTION_COLUMNS)
            ),
        )

    @classmethod
    def from_db(cls, con) -> Context:
        """Everything the rules look at, read from the database (the CLI and the tests; the app
        builds the same from its cached reads)."""
        return cls.gather(
            queries.municipalities(con),
            queries.settlements(con),
            queries.population_points(con),
            queries.stations(con),
            queries.staffing(con),
            queries.rules(con),
            queries.service_facts(con),
            queries.institutions(con),
            queries.network(con),
        )

    def members(self, service: str) -> pd.DataFrame:
        return self.kommuner[self.kommuner["brannvesen_id"] == service]

    def of(self, frame: pd.DataFrame, service: str) -> pd.DataFrame:
        return frame[frame["kommunenummer"].isin(self.members(service)["kommunenummer"])]


COVERAGE_SOURCE = "estimat: responstidsmodellen (luftlinje, antatt fart og utrykningstid)"
SETTLEMENT_SOURCE = "SSB tettstedstall (SOURCES.md); DSB brannstasjonsregister (kasernering)"


def _response(
    ctx: Context, service: str, limit: float, min_size: float, extra: pd.DataFrame | None = None
) -> Verdict:
    """Places within `limit` minutes: the settlements from `min_size`, and `extra` places (R1's
    hospitals); a place without a known point is named and not judged."""
    places = ctx.of(ctx.settlements, service)
    places = places[places["innbyggere"] >= min_size][["navn", "minutter"]]
    if extra is not None and len(extra):
        places = pd.concat([places, extra[["navn", "minutter"]]], ignore_index=True)
    if places.empty:
        return Verdict(
            IKKE_RELEVANT, f"ingen tettsteder med minst {fmt.number(min_size)} innbyggere", SETTLEMENT_SOURCE
        )
    unplaced = places[places["minutter"].isna()]
    places = places[places["minutter"].notna()]
    not_judged = (
        f"; uten kjent plassering, ikke vurdert: {', '.join(unplaced['navn'])}" if len(unplaced) else ""
    )
    if places.empty:
        return Verdict(UKJENT, "ingen av tettstedene har kjent plassering" + not_judged, SETTLEMENT_SOURCE)
    ok = places["minutter"].map(lambda m: within(m, limit))
    late = ", ".join(places.loc[~ok, "navn"])
    minutes = fmt.plain(limit)
    hint = f"{OPPFYLT if ok.all() else IKKE_OPPFYLT} ({ok.sum()} av {len(ok)} steder innen {minutes} min"
    hint += f"; utenfor: {late})" if late else ")"
    return Verdict(
        UKJENT, f"{ok.sum()} av {len(ok)} innen {minutes} min (estimat){not_judged}", COVERAGE_SOURCE, hint
    )


NURSING_HOMES = "sykehjem: plassering mangler i kildene, ikke vurdert"


def r1(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """R1's «konsentrert/tett bebyggelse» read as settlements from R5's first size class, plus
    the hospitals; the nursing homes have no known point, and the verdict says so."""
    hospitals = ctx.of(ctx.institutions, service)
    verdict = _response(ctx, service, bounds[0], ctx.duty.rotating_from, hospitals)
    # Every municipality has a nursing home, so R1 always applies, even without a dense settlement.
    kind = UKJENT if verdict.vurdering == IKKE_RELEVANT else verdict.vurdering
    return Verdict(kind, f"{verdict.verdi}; {NURSING_HOMES}", verdict.kilde, verdict.estimatet_tilsier)


def r2(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    return _response(ctx, service, bounds[0], 0)


def r3(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    limit = fmt.plain(bounds[0])
    points = ctx.of(ctx.points, service)
    beyond = points.loc[~points["minutter"].map(lambda m: within(m, bounds[0])), "innbyggere"].sum()
    share = beyond / points["innbyggere"].sum()
    met = OPPFYLT if beyond < 0.5 else IKKE_OPPFYLT
    hint = f"{met} ({fmt.percent(share)} av innbyggerne over {limit} min)"
    return Verdict(
        UKJENT, f"{fmt.number(beyond)} innbyggere over {limit} min (estimat)", COVERAGE_SOURCE, hint
    )


def r5(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """Every settlement that needs more than part-time crews without fixed duty is named, with
    its verdict; a guessed size gives «ukjent» and says so."""
    places = ctx.of(ctx.settlements, service)
    verdicts, notes = [], []
    for _, place in places.iterrows():
        required = ctx.duty.duty_class(place["innbyggere"])
        categories = set(
            ctx.stations.loc[ctx.stations["kommunenummer"] == place["kommunenummer"], "kategori"]
        )
        verdict = UKJENT if place["innbyggere_estimert"] else duty_met(required, categories)
        verdicts.append(verdict)
        if required >= duty.ROTATING or verdict == IKKE_OPPFYLT:
            size = fmt.number(place["innbyggere"]) + (", anslått" if place["innbyggere_estimert"] else "")
            notes.append(f"{place['navn']} ({size}): krever {duty.NAMES[required]} – {verdict}")
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
        return Verdict(verdict, f"{text} ({int(facts['aar'])})", facts["kilde"])
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
        return Verdict(verdict, f"{DUTY_OFFICER_TEXT[kind]} ({int(facts['aar'])})", facts["kilde"])
    pop = int(ctx.members(service)["innbyggere"].sum())
    return Verdict(UKJENT, f"{fmt.number(pop)} innbyggere; ingen data om overordnet vakt", "ingen data")


def r12(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """The three analyses: met when the year of each is known, «ukjent» while one is missing;
    the years known are named either way."""
    facts = _facts(ctx, service)
    known = {
        label: int(facts[column])
        for column, label in service_facts.ANALYSES.items()
        if facts is not None and pd.notna(facts[column])
    }
    if not known:
        return Verdict(UKJENT, "ingen data om analysene", "ingen data")
    missing = [label.lower() for label in service_facts.ANALYSES.values() if label not in known]
    text = "; ".join(f"{label} {year}" for label, year in known.items())
    if missing:
        return Verdict(UKJENT, f"{text}; ingen data om {' og '.join(missing)}", facts["kilde"])
    return Verdict(OPPFYLT, text, facts["kilde"])


def no_data(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    return Verdict(UKJENT, "ingen data", "ingen data")


# How many thresholds each check reads from its rule's `terskel` (the build refuses a rules file
# that gives another number, rather than let the page fail).
THRESHOLD_COUNT = {"R1": 1, "R2": 1, "R3": 1, "R5": 3, "R6": 1, "R9": 1, "R10": 0, "R11": 0, "R12": 0}
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
}
