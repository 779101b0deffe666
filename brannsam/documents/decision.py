"""A council's draft decision («Forslag til vedtak»): numbered points it can adopt as they stand,
whose every amount is the brief's own figure.

The points follow what a council adopts in December: the budget for next year and the
økonomiplan for the four years from it. The contributions fall in the years of that plan they
belong to (the later years of the cooperation's own plan as a note), the preparation before the
start is a point of its own with how it is funded, and each year's gross contribution is split
into running cost, one-off and capital cost. The local reduction the net figure assumes is
stated in kroner, split into the duty rota that ends and the årsverk per function, and equals the
avoided cost in the brief's table. The membership condition is checked against the members the
scenario counts, and the host is the alternative's unless it stays out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from brannsam import formatting as fmt
from brannsam.alternatives.effects import DUTY_OFFICER_LIMIT_MIN
from brannsam.funding import (
    allocation,
    avoided,
    budget,
    calendar,
    consequences,
    membership,
    options,
)
from brannsam.funding.settings import Settings

if TYPE_CHECKING:
    from brannsam.documents.brief import Region

PLAN_LENGTH = 4  # an økonomiplan's years (kommuneloven § 14-4)
CEILING_STEP = 10_000
REPORT = "studierapporten «Brannsamarbeid Trøndelag – mulighetsstudie»"
# How a council funds a one-off it grants outside the running budget: the common practice for
# a one-off cost (the draft's proposal; the council may choose another).
PREPARATION_FUNDING = "dekkes av disposisjonsfondet"

FORM_DECISION = {
    "vertskommune": (
        "Oppgavene legges til {host} som vertskommune etter kommuneloven kap. 20. Kommunestyret "
        "delegerer til vertskommunen den myndigheten avtalen beskriver; myndighetsutøvelsen skjer under "
        "kommunens formelle ansvar (brannloven § 9)."
    ),
    "iks": (
        "Samarbeidet organiseres i {host} etter lov om interkommunale selskaper (IKS-loven). "
        "Selskapsavtalen, med eierandeler og kostnadsfordeling, vedtas av kommunestyret."
    ),
    "avtale": "Samarbeidet bygger på avtaler etter brannloven § 9 og § 15 ({host}); ingen ansatte flytter.",
    "felles_brannvesen": (
        "Kommunen går inn i et felles brann- og redningsvesen etter brannloven § 9, organisert i {host}."
    ),
}
HOST_ROLE = (
    "{name} kommune påtar seg rollen som vertskommune for samarbeidet etter kommuneloven kap. 20, tar "
    "imot den myndigheten de andre kommunene delegerer etter avtalen og ansetter de felles "
    "årsverkene. Myndighetsutøvelsen for hver kommune skjer under den kommunens formelle ansvar "
    "(brannloven § 9)."
)
HOST_RULE = options.HOST_RULE


def ceiling(value: float) -> int:
    """A cost ceiling a council can write down: the high end rounded up to the same three figures
    the brief prints, and to at least 10 000 kr, so it is never below the range beside it."""
    if value <= 0:
        return 0
    step = max(CEILING_STEP, 10 ** (math.floor(math.log10(value)) - 2))
    return int(-(-value // step) * step)


def adopted_years(today: dt.date) -> list[int]:
    """The years a council deciding on `today` (or the decision date set) adopts: next year's
    budget and the økonomiplan from it."""
    first = calendar.decision_date(today).year + 1
    return list(range(first, first + PLAN_LENGTH))


def _plain_host(option: dict) -> str:
    """The host as a decision names it: without the proposal mark, the form said again, or the
    office's location (a matter for the agreement, and never a municipality that stays out)."""
    text = str(option["vertskap"]).replace(" (forslag)", "")
    return text.split(" som vertskommune")[0].split(";")[0].strip()


def _form_point(nr: str, name: str, region_data: Region, settings: Settings) -> str:
    """Point 2: the form, and the host as it stands for this council (itself, another, or to be
    settled because the proposed host stays out)."""
    option = region_data.chosen(settings)
    form = option["form"] if option["form"] in FORM_DECISION else "avtale"
    kommuner = region_data.kommuner
    host_nr = options.host_municipality(option, kommuner)
    if host_nr is None:
        text = FORM_DECISION[form].format(host=_plain_host(option))
    elif host_nr not in settings.uten:
        if host_nr == nr:
            text = HOST_ROLE.format(name=name)
        else:
            text = FORM_DECISION[form].format(host=_plain_host(option))
    else:
        largest = options.next_host(kommuner, settings.uten)
        if str(largest["kommunenummer"]) == nr:
            text = (
                "Den foreslåtte vertskommunen blir ikke med. Etter studiens regel blir vertskommunen "
                f"{HOST_RULE}: " + HOST_ROLE.format(name=name)
            )
        else:
            text = (
                "Oppgavene legges til en vertskommune etter kommuneloven kap. 20. Den foreslåtte "
                "vertskommunen blir ikke med, så vertskommunen avtales mellom kommunene som blir med; "
                f"etter studiens regel ({HOST_RULE}) blir det {largest['kommunenavn']} kommune. "
                "Kommunestyret delegerer til vertskommunen den myndigheten avtalen beskriver "
                "(brannloven § 9)."
            )
    existing = _existing(nr, region_data)
    return (
        f"2. {text} Avtalen legges fram for kommunestyret før oppstart og sendes DSB (brannloven § 10)."
        + (f" {existing}" if existing else "")
    )


def _existing(nr: str, region_data: Region) -> str:
    """What the municipality's decision goes through today: its service's IKS or host agreement."""
    kommuner = region_data.kommuner
    mine = kommuner[kommuner["kommunenummer"] == nr].iloc[0]
    partners = kommuner.loc[
        (kommuner["brannvesen_id"] == mine["brannvesen_id"]) & (kommuner["kommunenummer"] != nr),
        "kommunenavn",
    ]
    if partners.empty:
        return ""
    service, form = mine["brannvesen"], str(mine["organisasjonsform"])
    if form == "IKS":
        how = (
            "Overføring av selskapets oppgaver eller deltakelse i samarbeidet vedtas i representantskapet, "
            "og endringer i selskapsavtalen vedtas av alle eierkommunene (IKS-loven)."
        )
    elif form == "vertskommune":
        how = (
            "Vertskommuneavtalen endres eller sies opp etter sine egne vilkår, i samråd med de andre "
            "kommunene."
        )
    else:
        how = "Avtalen med de andre kommunene endres etter sine egne vilkår."
    kind = f" ({form})" if form in ("IKS", "vertskommune") and form not in str(service) else ""
    return (
        f"{mine['kommunenavn']} er i dag med i {service}{kind} sammen med {', '.join(partners)}. "
        f"Vedtaket gjøres derfor i samråd med dem. {how}"
    )


def _gross(split: pd.DataFrame, years: list[int]) -> str:
    """Each adopted year's gross contribution, split as a budget books it; the parts add up."""
    parts = []
    for row in split[split["aar"].isin(years)].itertuples():
        named = [
            ("drift", row.drift_kr),
            ("engangskostnader", row.engang_kr),
            ("kapitalkostnader", row.kapital_kr),
        ]
        inner = ", ".join(f"{label} {fmt.kroner(v)}" for label, v in named if v)
        parts.append(f"{int(row.aar)}: {fmt.kroner(row.bidrag_kr)}" + (f" ({inner})" if inner else ""))
    return "; ".join(parts)


def _reduction(
    nr: str, region_data: Region, settings: Settings, taken_over: pd.DataFrame, years: list[int]
) -> str:
    """The local reduction the net figure assumes, in kroner per year, split into the duty rota
    that ends and the årsverk per function, naming the service that carries it out: the very
    avoided cost of the brief's table."""
    kommuner = region_data.kommuner.set_index("kommunenummer")
    service = str(kommuner.loc[nr, "brannvesen"])
    mine = taken_over[taken_over["aar"].isin(years)]
    if not (mine["unngatt_kr"] > 0).any():
        held = avoided.held_back(settings.uten, region_data.inputs.kommuner, settings.delt_tjeneste)
        if nr in held.index:
            why = (
                f"{service} går videre utenfor samarbeidet så lenge {kommuner.loc[held[nr], 'kommunenavn']} "
                "står utenfor, så ingen lokal kostnad faller bort"
            )
        else:
            why = f"alternativet tar ikke over årsverk eller vaktordning fra {service}"
        return f"Nettotallet forutsetter ingen lokal reduksjon (unngått lokal kostnad 0 kr): {why}."
    labels = {"vaktordning_kr": "egen overordnet vakt"} | {
        f"{b}_kr": budget.BLOCKS[b].lower() for b in budget.BLOCKS
    }
    per_year = []
    for row in mine.itertuples(index=False):
        values = row._asdict()
        inner = ", ".join(
            f"{label} {fmt.kroner(values[col])}" for col, label in labels.items() if values[col]
        )
        per_year.append(f"{int(row.aar)}: {fmt.kroner(row.unngatt_kr)} ({inner})")
    freed = avoided.municipality_freed(settings.lines(), region_data.inputs).loc[nr]
    freed = freed[freed >= 0.005]
    how = []
    if (mine["vaktordning_kr"] > 0).any():
        how.append("avvikler sin egen overordnede vakt fra oppstart")
    if len(freed):
        staff = ", ".join(
            f"{budget.BLOCKS[b].lower()} {fmt.number(v, 1 if v >= 0.1 else 2)} årsverk"
            for b, v in freed.items()
        )
        how.append(f"tar ut kommunens andel av {staff} etter hvert som stillinger blir ledige")
    carried = f" {service} {' og '.join(how)}." if how else ""
    if (
        not (mine["vaktordning_kr"] > 0).any()
        and str(kommuner.loc[nr, "brannvesen_id"]) in settings.egen_vakt
    ):
        carried += (
            f" {service} beholder sin egen overordnede vakt, fordi ingen sone i alternativet når fram innen "
            f"{DUTY_OFFICER_LIMIT_MIN} minutter; den kostnaden består."
        )
    return (
        "Som egen linje innarbeides den lokale reduksjonen nettotallet forutsetter, lik unngått lokal "
        f"kostnad i vedlegget: {'; '.join(per_year)}.{carried}"
    )


def _later(rows: pd.DataFrame, years: list[int]) -> str:
    """The cooperation's plan years after the adopted ones, as a note for the next økonomiplan."""
    later = rows[rows["aar"] > years[-1]]
    if later.empty:
        return ""
    return (
        " Senere år kommer med i neste økonomiplan: "
        + "; ".join(
            f"{int(r.aar)}: bidrag {fmt.kroner(r.bidrag_kr)}, netto {fmt.signed_kroner(r.netto_endring_kr)}"
            for r in later.itertuples()
        )
        + "."
    )


def _preparation_point(nr: str, result: consequences.Result, years: list[int]) -> str:
    """The municipality's share of the preparation before the start, granted on its own."""
    mine = result.preparation[
        (result.preparation["kommunenummer"] == nr) & (result.preparation["belop_kr"] > 0)
    ]
    if mine.empty:
        return ""
    parts = "; ".join(f"{int(r.aar)}: {fmt.kroner(r.belop_kr)}" for r in mine.itertuples())
    within = all(int(r.aar) in years for r in mine.itertuples())
    where = f"bevilges i budsjett {int(mine['aar'].iloc[0])}" if within else "bevilges særskilt"
    return (
        f"Kommunens andel av forberedelsen (prosjekt, avtaler, melding til DSB), {parts}, {where} og "
        f"{PREPARATION_FUNDING}."
    )


def _condition_not_met(
    name: str, condition: membership.Condition, covered: str, start: str, gross: str
) -> list[str]:
    """The variant for members holding less than the condition: no joining now, the figures for
    information."""
    return [
        f"1. {name} kommune er positiv til å slutte seg til Brannsamarbeid Trøndelag fra {start}, med "
        f"{covered}. Vilkåret om at kommuner med minst {fmt.percent(condition.threshold, 0)} av innbyggerne "
        f"gjør likelydende vedtak innen {fmt.date(condition.deadline)}, er ikke oppfylt med kommunene "
        f"dette forslaget regner med ({fmt.percent(condition.share, 1)}). Kommunen slutter seg derfor "
        "ikke til nå.",
        "2. Kommunedirektøren legger saken fram på nytt når det er avklart hvilke kommuner som blir med, "
        "med bidrag og lokal reduksjon beregnet for dem.",
        f"3. Til orientering: med kommunene som er regnet med, ville bidraget bli {gross}.",
    ]


@dataclass(frozen=True)
class Parts:
    """Every member's gross and avoided cost in their parts (`consequences.contribution_split`,
    `consequences.avoided_split`): worked out once for the 40 drafts of one setting."""

    contribution: pd.DataFrame
    avoided: pd.DataFrame


def parts(settings: Settings, inputs: consequences.Inputs) -> Parts:
    return Parts(
        consequences.contribution_split(settings, inputs), consequences.avoided_split(settings, inputs)
    )


def draft(
    nr: str,
    region_data: Region,
    settings: Settings,
    result: consequences.Result,
    today: dt.date,
    split: Parts | None = None,
) -> list[str]:
    """Numbered points a council can adopt: joining with its membership condition (or the variant
    that says it is not met), the form and the host, today's arrangement, the key in plain words,
    a ceiling, the økonomiplan's gross amounts with the local reduction as a line of its own, and
    the preparation as its own grant."""
    kommuner = region_data.kommuner.set_index("kommunenummer")
    name = str(kommuner.loc[nr, "kommunenavn"])
    if settings.valgt == options.ZERO:
        return [
            f"1. {name} kommunestyre tar til orientering at mulighetsstudien Brannsamarbeid Trøndelag "
            "anbefaler å videreføre dagens ordning: ingen av samarbeidsformene den har vurdert, gir nok "
            "nytte for kostnaden. Kommunen slutter seg ikke til et nytt samarbeid nå.",
            "2. Brann- og redningsvesenet videreføres med dagens organisering og budsjett.",
        ]
    inputs = region_data.inputs
    years = adopted_years(today)
    rows = result.table[result.table["kommunenummer"] == nr].sort_values("aar")
    shared = split or parts(settings, inputs)
    taken_over = shared.avoided[shared.avoided["kommunenummer"] == nr]
    gross_parts = shared.contribution[shared.contribution["kommunenummer"] == nr]
    lines = settings.lines()
    functions = lines[budget.is_function(lines)]
    covered = "; ".join(f"«{post}»" for post in functions["post"]) if len(functions) else "ingen funksjoner"
    start = fmt.date(calendar.start_date(settings))
    gross = _gross(gross_parts, years) or "ingen bidrag i årene økonomiplanen gjelder"
    condition = membership.condition(settings, inputs)
    if not condition.met:
        return _condition_not_met(name, condition, covered, start, gross)
    others = "sammen med de andre kommunene i Midt-Norge 110-området som gjør likelydende vedtak" + (
        f" (beregnet uten {', '.join(kommuner['kommunenavn'].reindex(settings.uten))})"
        if settings.uten
        else ""
    )
    first = rows.iloc[0]
    net = "; ".join(
        f"{int(r.aar)}: {fmt.signed_kroner(r.netto_endring_kr)}" for r in rows.itertuples() if r.aar in years
    )
    meaning = allocation.meaning(settings.nokler)
    points = [
        f"1. {name} kommune slutter seg til Brannsamarbeid Trøndelag fra {start}, {others}. Samarbeidet "
        f"omfatter {covered}. Vedtaket gjelder bare dersom kommuner med minst "
        f"{fmt.percent(condition.threshold, 0)} av innbyggerne i området gjør likelydende vedtak innen "
        f"{fmt.date(condition.deadline)}.",
        _form_point(nr, name, region_data, settings),
        "3. Kostnadene fordeles etter denne nøkkelen: "
        + allocation.describe(settings.nokler, budget.BLOCKS)
        + ". "
        + (f"{meaning} " if meaning else "")
        + "Lokale tilvalg betales av kommunen som ønsker dem.",
        f"4. {name} kommunes bidrag i {int(first['aar'])} skal ikke overstige "
        f"{fmt.kroner(ceiling(first['bidrag_hoy_kr']))} (kostnadstak: høy verdi i beregningens spenn), "
        f"justert med pris- og lønnsvekst ({fmt.percent(settings.vekst, 1)} per år i beregningen) de "
        "følgende årene.",
        f"5. Bidraget innarbeides brutto i økonomiplanen {years[0]}–{years[-1]}: {gross}. "
        + _reduction(nr, region_data, settings, taken_over, years)
        + (f" Netto endring mot dagens kostnad blir da: {net}." if net else "")
        + _later(rows, years),
    ]
    if preparation := _preparation_point(nr, result, years):
        points.append(f"{len(points) + 1}. {preparation}")
    points.append(
        f"{len(points) + 1}. Kommunedirektøren legger fram endelig budsjett når brannvesenenes egne tall "
        "for bemanning og kostnader er kjent; går bidraget over taket i punkt 4, behandles saken på nytt."
    )
    return points


def outside(nr: str, region_data: Region, settings: Settings, today_kr: float, year: int) -> list[str]:
    """The draft decision of a council that says no: it does not join, keeps its service and what
    that means for it and its partners."""
    kommuner = region_data.kommuner.set_index("kommunenummer")
    name, service = str(kommuner.loc[nr, "kommunenavn"]), str(kommuner.loc[nr, "brannvesen"])
    partners = kommuner.index[
        (kommuner["brannvesen_id"] == kommuner.loc[nr, "brannvesen_id"]) & (kommuner.index != nr)
    ]
    joining = [str(kommuner.loc[p, "kommunenavn"]) for p in partners if p not in settings.uten]
    host = avoided.host_of(region_data.inputs.kommuner).get(kommuner.loc[nr, "brannvesen_id"])
    points = [
        f"1. {name} kommune slutter seg ikke til Brannsamarbeid Trøndelag.",
        f"2. Brann- og redningstjenesten videreføres i {service} med dagens organisering og budsjett "
        f"(anslagsvis {fmt.approx_kroner(today_kr)} i {year}). Kommunen oppfyller selv kravene i "
        "brann- og redningsvesenforskriften til ledelse, forebygging, overordnet vakt og analyser "
        "(brannloven § 9).",
    ]
    if joining and host == nr:
        points.append(
            f"3. Kommunedirektøren avtaler med {', '.join(joining)} hvordan de får tjenesten når de blir "
            f"med i samarbeidet; avtalen om {service} endres eller sies opp etter sine vilkår."
        )
    elif joining:
        keeper = str(kommuner.loc[host, "kommunenavn"]) if host in kommuner.index else service
        points.append(
            f"3. Blir {keeper} med i samarbeidet, legger kommunedirektøren fram hvordan kommunen da får "
            f"ledelse, forebygging og overordnet vakt: kjøp fra samarbeidet eller fra {keeper} "
            "(brannloven § 9), eller egen oppbygging, med kostnadene."
        )
    return points
