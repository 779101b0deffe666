"""The content of one municipality's brief («Vedlegg til saksframlegg»), as plain data: headings,
paragraphs, tables of display text, charts as PNG, caveats, sources and a draft decision. The
`/min-kommune` page shows it, and `writers.py` writes it as Word and PDF, so the three say the
same thing."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from brannsam import formatting as fmt
from brannsam.alternatives import analysis
from brannsam.alternatives import display as alternatives_display
from brannsam.alternatives import package as alternatives_package
from brannsam.data.services import (
    DEFAULT_STRUCTURE,
    DSB_EXTRACT_YEAR,
    STRUCTURE_CHANGE,
    STUDY_LETTER_SERVICES,
    structure_name,
)
from brannsam.documents import decision, staticcharts
from brannsam.documents.document import Document, Section, Table
from brannsam.documents.region_facts import Region
from brannsam.funding import (
    avoided,
    budget,
    calendar,
    consequences,
    display,
    membership,
    options,
    ranges,
)
from brannsam.funding.settings import Settings
from brannsam.risk import coverage, verdicts

TITLE = "Vedlegg til saksframlegg: Brannsamarbeid Trøndelag – konsekvenser for {kommune}"
DRAFT_HEADING = "Forslag til vedtak – utkast"
ESTIMATE_MARK = "Estimat: bygger på anslag, ikke på brannvesenenes egne tall"
SOURCES = [
    "Innbyggere 1.1.2024 og areal: Statistisk sentralbyrå (SSB), folkemengde per kommune.",
    "Kommunegrenser 2024: © Kartverket (CC BY 4.0).",
    f"Brannstasjoner: DSB, datasettet «Brannstasjoner» på Geonorge (NLOD), uttrekk {DSB_EXTRACT_YEAR}.",
    "Netto driftsutgifter til brann og ulykkesvern (KOSTRA funksjon 338 og 339): SSB kommunefakta "
    "(Trøndelag 2018–2020) og SSB-statistikken «Brann- og ulukkesvern» (landet 2023).",
    "Oppdrag og unødige alarmer: DSBs landstall for 2024.",
    "Forskrift om organisering, bemanning og utrustning av brann- og redningsvesen og "
    "nødmeldesentralene (FOR-2021-09-15-2755) med DSBs veiledning; dimensjoneringsforskriften "
    "(FOR-2002-06-26-729) for tersklene den viderefører.",
    "Samarbeidsformer: kommuneloven (2018) kap. 17–20, lov om interkommunale selskaper (1999), brann- og "
    "eksplosjonsvernloven §§ 9, 10, 15 og 30, og Kommunal- og distriktsdepartementets «Veileder om "
    "interkommunalt samarbeid» (2023).",
]


LOOPBACK_HOSTS = ("localhost", "127.", "[::1]")


def local_only(link: str) -> bool:
    """Whether a link points at the machine that made it (no `BRANNSAM_URL` was set)."""
    host = link.split("://", 1)[-1]
    return host.startswith(LOOPBACK_HOSTS)


def link_note(link: str) -> str | None:
    """The scenario's link as a council document prints it: only a short link to a saved scenario
    at a public address. A link to this machine, or the whole settings in a link, is an operator's
    matter (the page warns), not a councillor's."""
    if not link.startswith("http") or local_only(link) or "?kode=" not in link:
        return None
    return f"Lenke som gjenskaper scenarioet i studiens verktøy: {link}"


def _economy_table(rows: pd.DataFrame, per_region: pd.DataFrame) -> pd.DataFrame:
    """One municipality's plan years in Norwegian figures, with the net change's range."""
    return pd.DataFrame(
        {
            "År": rows["aar"].astype(str).to_numpy(),
            "Dagens kostnad (kr)": rows["dagens_kr"].map(fmt.approx_kroner).to_numpy(),
            "Bidrag (kr)": rows["bidrag_kr"].map(fmt.approx_kroner).to_numpy(),
            "Unngått lokal kostnad (kr)": rows["unngatt_kr"].map(fmt.approx_kroner).to_numpy(),
            "Netto endring (kr)": rows["netto_endring_kr"]
            .map(lambda v: fmt.approx_kroner(v, signed=True))
            .to_numpy(),
            "Spenn netto (kr)": [
                fmt.kroner_span(lo, hi) for lo, hi in zip(rows["lav_kr"], rows["hoy_kr"], strict=True)
            ],
            "I % av dagens": (rows["netto_endring_kr"] / rows["dagens_kr"])
            .map(fmt.signed_percent)
            .to_numpy(),
            "Regionen per innbygger (kr)": per_region["netto_per_innbygger_kr"]
            .reindex(rows["aar"])
            .map(fmt.signed_kroner)
            .to_numpy(),
        }
    )


def _preparation_text(nr: str, result: consequences.Result) -> list[str]:
    """The municipality's share of the preparation before the start, if there is any."""
    mine = result.preparation[result.preparation["kommunenummer"] == nr]
    return [
        f"Før oppstart, i {int(row.aar)}, er kommunens andel av forberedelsen (prosjektledelse, avtaler, "
        f"melding til DSB) anslagsvis {fmt.approx_kroner(row.belop_kr)}; den kommer før økonomiplanen og "
        "bevilges særskilt."
        for row in mine.itertuples()
        if row.belop_kr > 0
    ]


def _economy(nr: str, name: str, result: consequences.Result) -> Section:
    """What the municipality pays against today: the first plan year in words, every year in a table."""
    rows = result.table[result.table["kommunenummer"] == nr].sort_values("aar")
    table = _economy_table(rows, consequences.region_summary(result.table))
    first = rows.iloc[0]
    direction = "mer" if first["netto_endring_kr"] > 0 else "mindre"
    sign = ranges.sign_text(first["lav_kr"], first["hoy_kr"])
    year, today = first["aar"], fmt.approx_kroner(first["dagens_kr"])
    paid = fmt.approx_kroner(first["bidrag_kr"])
    paid_span = fmt.kroner_span(first["bidrag_lav_kr"], first["bidrag_hoy_kr"], signed=False)
    avoided = fmt.approx_kroner(first["unngatt_kr"])
    avoided_span = fmt.kroner_span(first["unngatt_lav_kr"], first["unngatt_hoy_kr"], signed=False)
    net = fmt.approx_kroner(abs(first["netto_endring_kr"]))
    share = fmt.signed_percent(first["netto_endring_kr"] / first["dagens_kr"])
    return Section(
        "Økonomi: hva kommunen betaler sammenlignet med i dag",
        [
            f"{name} bruker i dag anslagsvis {today} i året på brann og ulykkesvern (KOSTRA 338+339, "
            f"estimat i {year}-kroner). I {year} betaler kommunen anslagsvis {paid} til de felles postene "
            f"(spenn {paid_span}), og samarbeidet tar over lokale kostnader for anslagsvis {avoided} "
            f"(spenn {avoided_span}).",
            f"Netto betaler kommunen anslagsvis {net} {direction} enn i dag, {share} av dagens kostnad "
            f"({fmt.signed_kroner(first['netto_per_innbygger_kr'])} per innbygger). Spennet er "
            f"{fmt.kroner_span(first['lav_kr'], first['hoy_kr'])}: {sign}.",
            "Netto endring = bidrag − unngått lokal kostnad. Spennet kommer fra antakelsenes lave og høye "
            "verdi (kostnad per årsverk, drift, engangskostnader, hvor mye lokalt arbeid som frigjøres og "
            "brannvesenenes egen overordnet vakt); dagens kostnad er estimat.",
            *_preparation_text(nr, result),
        ],
        [
            Table(
                "Dagens kostnad, bidrag, unngått kostnad og netto endring per år i økonomiplanen",
                table,
                ESTIMATE_MARK,
            )
        ],
        [
            (
                f"Netto endring per år for {name} (kr)",
                staticcharts.net_change_by_year(rows["aar"].tolist(), rows["netto_endring_kr"].tolist()),
            ),
            (
                f"Netto endring per innbygger {first['aar']}: {name} mot de andre kommunene",
                staticcharts.net_per_inhabitant(result.table[result.table["aar"] == first["aar"]], nr),
            ),
        ],
    )


def _today_section(nr: str, region_data: Region) -> Section:
    """The municipality as it is: inhabitants, service, stations, coverage and risk rank."""
    kommune = region_data.kommuner.set_index("kommunenummer").loc[nr]
    name = str(kommune["kommunenavn"])
    own = region_data.stations[region_data.stations["kommunenummer"] == nr]
    rank = region_data.risk_ranking.loc[nr]
    band = region_data.coverage_band.loc[nr]
    within = [
        coverage.band_text(
            pd.Series(
                {
                    "lav": min(band[(s, f"andel_over_{key}")] for s in coverage.SPREADS),
                    "hoy": max(band[(s, f"andel_over_{key}")] for s in coverage.SPREADS),
                }
            )
        )
        for key in region_data.limits
    ]
    minutes = [fmt.plain(m) for m in region_data.limits.values()]
    stations = (
        pd.DataFrame({"Stasjon": own["navn"].to_numpy(), "Type": own["kategori"].to_numpy()})
        if len(own)
        else pd.DataFrame({"Stasjon": ["ingen stasjon i kommunen"], "Type": ["–"]})
    )
    register = structure_name(DEFAULT_STRUCTURE, region_data.kommuner["brannvesen"].nunique())
    return Section(
        f"{name} i dag",
        [
            f"{name} har {fmt.number(kommune['innbyggere'])} innbyggere (SSB 1.1.2024) og hører til "
            f"{kommune['brannvesen']} i {register}; "
            f"studiens infoskriv fra 2024 talte {STUDY_LETTER_SERVICES}. {STRUCTURE_CHANGE} "
            f"Kommunen har {fmt.count(len(own), 'brannstasjon', 'brannstasjoner')}.",
            f"Anslått andel av innbyggerne innen {minutes[0]}, {minutes[1]} og {minutes[2]} minutters "
            "innsatstid: "
            f"{within[0]}, {within[1]} og {within[2]} (estimat: spennet går fra innbyggerne bosatt nær "
            "tettstedene til jevnt fordelt over kommunen).",
            f"I det regionale risikobildet er {name} nummer {int(rank['rang'])} av "
            f"{len(region_data.risk_ranking)} (risikoindeks {fmt.number(rank['indeks'], 1)}, klasse "
            f"«{rank['klasse']}»; standardvekter).",
        ],
        [Table("Brannstasjoner i kommunen (DSB)", stations)],
    )


def _plan_section(region_data: Region, settings: Settings) -> Section:
    """The areas ranked so far and the legal form that suits the budget."""
    cooperation_text = (
        "De høyest rangerte samarbeidsområdene så langt: " + ", ".join(region_data.top_areas) + "."
        if region_data.top_areas
        else "Samarbeidsområdene er ikke vurdert ennå; forslaget bygger på alternativets budsjettposter."
    )
    option = region_data.chosen(settings)
    return Section(
        "Samarbeid og organisering",
        [
            cooperation_text,
            f"Studien anbefaler alternativ {option['id']} «{option['navn']}», organisert som "
            f"{options.FORMS[option['form']]}; vertskap: "
            f"{options.host_text(option, region_data.kommuner, settings.uten)}. Budsjettet og tallene i "
            "dette vedlegget er det alternativets.",
            # With everyone in the condition holds trivially; with some out the reader needs the share.
            *([membership.condition(settings, region_data.inputs).text()] if settings.uten else []),
        ],
    )


def _caveats(
    region_data: Region, settings: Settings, result: consequences.Result, today: dt.date
) -> list[str]:
    """What the reader must know the figures rest on: estimates, models and unconfirmed rules."""
    unconfirmed = region_data.rules[~verdicts.confirmed(region_data.rules["status"])]
    return [
        "Dagens kostnad (KOSTRA 338+339) per kommune er estimat: KOSTRA Trøndelag 2020 ført fram til "
        "2023-kroner og fordelt etter brannvesenenes stasjoner og bemanning.",
        "Bemanning, utrykninger og tilsyn er estimater fra landstall (DSB, SSB) og stasjonstyper, "
        "kontrollert mot brannvesenenes publiserte tall (studierapporten, «Metode og datagrunnlag»).",
        "Innsatstid er en modell (avstand over land uten å krysse fjorder, ferjer med ventetid, "
        "omveisfaktor, fart og utrykningstid), ikke en veinettsanalyse.",
        "Hva budsjettpostene erstatter lokalt, engangskostnadene og pris- og lønnsveksten er antakelser i "
        "scenarioet.",
        f"{len(unconfirmed)} av {len(region_data.rules)} krav i regelsjekken er ennå ikke kontrollert mot "
        "teksten i brann- og redningsvesenforskriften (FOR-2021-09-15-2755); tallene deres stammer fra "
        "dimensjoneringsforskriften av 2002.",
        *display.plan_warnings(settings, result, calendar.decision_date(today)),
    ]


def _alternatives_section(nr: str, name: str, comparison: analysis.Comparison, settings: Settings) -> Section:
    """What the municipality pays, net, in each of the study's alternatives."""
    ranking = analysis.rank(comparison, settings.kr_per_poeng)
    chosen = next(o for o in comparison.options if o["id"] == settings.valgt)
    why = alternatives_package.who_chose(settings)
    return Section(
        f"{name} i hvert alternativ",
        [
            "Studien sammenligner dagens ordning med fire måter å samarbeide på. Tabellen viser kommunens "
            "netto endring mot i dag det første året og det siste året i økonomiplanen, med spenn. "
            f"Studien anbefaler alternativ {chosen['id']} «{chosen['navn']}» ({why}); vedlegget og "
            "forslaget til vedtak regner med det alternativet."
            + (
                ""
                if ranking.first == chosen["id"]
                else f" Alternativanalysen rangerer alternativ {ranking.first} først."
            ),
        ],
        [
            Table(
                "Netto endring for kommunen i hvert alternativ",
                alternatives_display.municipality_summary(comparison, nr),
                "Estimat" if comparison.estimated else "",
            )
        ],
    )


OUTSIDE_TITLE = (
    "Vedlegg til saksframlegg: Brannsamarbeid Trøndelag – hva det betyr å stå utenfor for {kommune}"
)


def _held_section(nr: str, keeper: str, region_data: Region, rule: str) -> Section:
    """For a member of a shared service whose host or IKS co-owner said no: what happens to its
    service under the rule the scenario uses, and the other rule."""
    kommuner = region_data.kommuner.set_index("kommunenummer")
    name, other = kommuner.loc[nr, "kommunenavn"], kommuner.loc[keeper, "kommunenavn"]
    service = kommuner.loc[nr, "brannvesen"]
    if rule == avoided.SETTLED:
        text = (
            f"I dette scenarioet sier {other} nei. Etter regelen scenarioet bruker, går {service} inn i "
            f"samarbeidet for {name} og de andre som blir med, og {other} gjøres opp med for sin andel. Den "
            f"lokale kostnaden samarbeidet tar over, regnes som unngått for {name}. Går {service} i stedet "
            f"videre for {other}, frigjør {name} ingenting før avtalen er endret."
        )
    else:
        text = (
            f"I dette scenarioet sier {other} nei og beholder {service}, som {name} også hører til i dag. "
            f"Ledelsen, forebyggingen og vaktordningen {name} får fra {service} blir da der, så ingen lokal "
            f"kostnad regnes som unngått for {name}: kommunen betaler bidraget i tillegg til det den "
            f"betaler i dag, til avtalen med {other} er endret eller sagt opp etter sine vilkår. Det er "
            f"regelen scenarioet bruker; går {service} i stedet inn i samarbeidet for kommunene som blir med "
            f"og {other} gjøres opp med, regnes kostnaden som unngått."
        )
    return Section(f"Når {other} står utenfor", [text])


def outside_brief(
    nr: str,
    region_data: Region,
    settings: Settings,
    scenario: str,
    link: str,
    today: dt.date,
) -> Document:
    """What standing outside means for a municipality that says no: what it pays today, what it
    keeps and what it goes without, and who else it affects (its service's other members)."""
    kommuner = region_data.kommuner.set_index("kommunenummer")
    name, service = str(kommuner.loc[nr, "kommunenavn"]), str(kommuner.loc[nr, "brannvesen"])
    inputs = region_data.inputs
    years = calendar.plan_years(settings)
    today_kr = float(inputs.today_kr.get(nr, 0.0)) * (1 + settings.vekst) ** (years[0] - inputs.today_year)
    lines = settings.lines()
    functions = ", ".join(lines.loc[budget.is_function(lines), "post"]) or "ingen"
    partners = kommuner.index[
        (kommuner["brannvesen_id"] == kommuner.loc[nr, "brannvesen_id"]) & (kommuner.index != nr)
    ]
    joining = [kommuner.loc[p, "kommunenavn"] for p in partners if p not in settings.uten]
    host = avoided.host_of(inputs.kommuner).get(kommuner.loc[nr, "brannvesen_id"])
    paragraphs = [
        f"{name} betaler i dag anslagsvis {fmt.approx_kroner(today_kr)} i {years[0]} for brann- og "
        f"redningstjenesten (KOSTRA 338+339, estimat i {years[0]}-kroner), og det fortsetter. "
        "Kommunen betaler ikke bidrag til samarbeidet.",
        f"Kommunen beholder {service} med dagens stasjoner, mannskaper og lokale styring, og må "
        "selv oppfylle kravene til ledelse, forebygging, overordnet vakt og analyser. Den får ikke del "
        "i det samarbeidet "
        f"tar over: {functions}.",
    ]
    if joining and host == nr:
        paragraphs.append(
            f"{name} er den største kommunen i {service}. Blir {', '.join(joining)} med i samarbeidet, går "
            f"tjenesten deres videre gjennom {service} til avtalen er endret; deres vedlegg sier det."
        )
    elif joining:
        keeper = kommuner.loc[host, "kommunenavn"] if host in kommuner.index else service
        paragraphs.append(
            f"{name} får i dag tjenesten sammen med {', '.join(joining)} gjennom {service}. "
            f"Blir {keeper} med, kan ikke {name} bare stå utenfor: kommunen må avtale kjøp av tjenestene "
            "fra samarbeidet eller "
            f"{keeper} (brannloven § 9), eller bygge opp egen ledelse, forebygging og overordnet vakt."
        )
    return Document(
        file_stem=file_stem(nr, name),
        title=OUTSIDE_TITLE.format(kommune=name),
        scenario=scenario,
        date=fmt.date(today),
        link=link,
        sections=[_today_section(nr, region_data), Section("Å stå utenfor samarbeidet", paragraphs)],
        caveats=["Dagens kostnad (KOSTRA 338+339) per kommune er estimat."],
        sources=SOURCES,
        draft=decision.outside(nr, region_data, settings, today_kr, years[0]),
    )


def file_stem(nr: str, name: str) -> str:
    """A brief's file name without its suffix: known before the brief is built, so the command
    line refuses to replace an edited file before it does the work."""
    return f"{nr}-{fmt.file_safe(name)}"


def municipality_brief(
    nr: str,
    region_data: Region,
    settings: Settings,
    scenario: str,
    link: str,
    today: dt.date,
    result: consequences.Result | None = None,
    comparison: analysis.Comparison | None = None,
    split: decision.Parts | None = None,
) -> Document:
    """The brief for municipality `nr` under `settings` (raises KeyError for an unknown number);
    `result` is the settings' ranged evaluation when the caller has it (40 briefs share one), and
    `comparison` the alternatives, which add «din kommune i hvert alternativ», and `split` the
    parts of every member's costs (`decision.parts`), which 40 briefs share."""
    name = str(region_data.kommuner.set_index("kommunenummer").loc[nr, "kommunenavn"])
    if nr in settings.uten:
        return outside_brief(nr, region_data, settings, scenario, link, today)
    if result is None:
        result = ranges.evaluate(settings, region_data.inputs)
    # The partners of a host or IKS owner that stays out, under either rule (the section names it).
    held = avoided.held_back(settings.uten, region_data.inputs.kommuner)
    return Document(
        file_stem=file_stem(nr, name),
        title=TITLE.format(kommune=name),
        scenario=scenario,
        date=fmt.date(today),
        link=link,
        sections=[
            _today_section(nr, region_data),
            _economy(nr, name, result),
            *(
                [_held_section(nr, str(held[nr]), region_data, settings.delt_tjeneste)]
                if nr in held.index
                else []
            ),
            *([_alternatives_section(nr, name, comparison, settings)] if comparison is not None else []),
            _plan_section(region_data, settings),
        ],
        caveats=_caveats(region_data, settings, result, today),
        sources=SOURCES,
        draft=decision.draft(nr, region_data, settings, result, today, split),
    )


def municipality_briefs(
    numbers: list[str],
    region_data: Region,
    settings: Settings,
    scenario: str,
    link: str,
    today: dt.date,
    result: consequences.Result,
    comparison: analysis.Comparison | None = None,
):
    """The briefs of `numbers` under one setting, one at a time, with the parts of every member's
    costs worked out once (40 draft decisions share them)."""
    split = decision.parts(settings, region_data.inputs) if settings.valgt != options.ZERO else None
    for nr in numbers:
        yield municipality_brief(nr, region_data, settings, scenario, link, today, result, comparison, split)
