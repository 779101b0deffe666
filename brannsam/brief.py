"""The content of one municipality's brief («Vedlegg til saksframlegg»), as plain data: headings,
paragraphs, tables of display text, charts as PNG, caveats, sources and a draft decision. The
`/min-kommune` page shows it, and `documents.py` writes it as Word and PDF, so the three say the
same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from brannsam import compliance, cooperation, coverage, indicators, orgforms, queries, risk, staticcharts
from brannsam import formatting as fmt
from brannsam.funding import consequences, scenarios
from brannsam.services import DEFAULT_STRUCTURE, STUDY_LETTER_SERVICES, structure_name

TITLE = "Vedlegg til saksframlegg: Brannsamarbeid Trøndelag – konsekvenser for {kommune}"
DRAFT_HEADING = "Forslag til vedtak – utkast"
ESTIMATE_MARK = "Estimat: bygger på anslag, ikke på brannvesenenes egne tall"
SOURCES = [
    "Innbyggere 1.1.2024: SSB (via kommuner.csv, se data/sources/SOURCES.md).",
    "Kommunegrenser 2024: © Kartverket (CC BY 4.0).",
    "Brannstasjoner: DSB «Brannstasjoner» (Geonorge, NLOD), uttrekk 2026.",
    "KOSTRA netto driftsutgifter 338+339: SSB (Trøndelag 2018–2020, landet 2017–2023).",
    "Brann- og redningsvesenforskriften (FOR-2021-09-15-2755) og DSBs veiledning; regeltabellen regler.csv.",
    "Samarbeidsformer: kommuneloven, IKS-loven og brannloven (DOMAIN.md §2).",
]


@dataclass
class Table:
    title: str
    frame: pd.DataFrame  # display text only
    note: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[tuple[str, bytes]] = field(default_factory=list)  # (caption, PNG)


@dataclass
class Brief:
    kommunenummer: str
    kommunenavn: str
    title: str
    scenario: str
    date: str
    link: str
    sections: list[Section]
    caveats: list[str]
    sources: list[str]
    draft: list[str]

    def file_name(self, suffix: str) -> str:
        if not self.kommunenummer[:1].isdigit():  # the region's report, a service's profile
            return f"{fmt.file_safe(self.kommunenavn)}.{suffix}"
        return f"{self.kommunenummer}-{fmt.file_safe(self.kommunenavn)}.{suffix}"


@dataclass(frozen=True)
class Region:
    """What every brief needs about the region, read once (40 briefs share it)."""

    kommuner: pd.DataFrame
    stations: pd.DataFrame
    rules: pd.DataFrame
    risk_ranking: pd.DataFrame
    coverage_band: pd.DataFrame  # per kommunenummer: innen_10/20/30 under both spreads
    area_names: dict[str, str]
    area_median: pd.DataFrame  # areas × criteria, over every assessor
    assessors: int
    area_ranking: pd.DataFrame  # equal weights
    form_ranking: pd.DataFrame  # equal weights
    inputs: consequences.Inputs

    @property
    def top_areas(self) -> list[str]:
        return list(self.area_ranking["navn"].head(3))

    @property
    def top_form(self) -> str:
        return str(self.form_ranking["navn"].iloc[0])


def region(con: duckdb.DuckDBPyConnection) -> Region:
    kommuner = queries.municipalities(con)
    stations = queries.stations(con)
    values = indicators.wide(queries.indicators(con))
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    points = queries.population_points(con)
    mins = coverage.minutes(points, stations, coverage.Assumptions())
    band = pd.concat(
        {
            spread: coverage.summary(points, mins, spread=spread)[[f"andel_over_{b}" for b in coverage.BANDS]]
            for spread in coverage.SPREADS
        },
        axis=1,
    )
    areas = queries.cooperation_areas(con)
    area_names = dict(zip(areas["omrade_id"], areas["navn"], strict=True))
    scores = queries.cooperation_scores(con)
    median, _, _ = cooperation.combine(scores, list(area_names))
    forms = queries.organisation_forms(con)
    form_names = dict(zip(forms["form_id"], forms["navn"], strict=True))
    form_rank = orgforms.ranking(
        orgforms.starting_table(forms), dict.fromkeys(orgforms.CRITERIA, 1.0), form_names
    )
    return Region(
        kommuner=kommuner,
        stations=stations,
        rules=queries.rules(con),
        risk_ranking=risk.ranking(values, risk.DEFAULT_WEIGHTS, names),
        coverage_band=band,
        area_names=area_names,
        area_median=median,
        assessors=scores["vurderer"].nunique(),
        area_ranking=cooperation.ranking(median, cooperation.DEFAULT_WEIGHTS, area_names),
        form_ranking=form_rank,
        inputs=consequences.inputs_from_db(con),
    )


def _economy(nr: str, name: str, result: consequences.Result) -> Section:
    rows = result.table[result.table["kommunenummer"] == nr].sort_values("aar")
    per_region = consequences.region_summary(result.table)
    table = pd.DataFrame(
        {
            "År": rows["aar"].astype(str).to_numpy(),
            "Bidrag": rows["bidrag_kr"].map(fmt.kroner).to_numpy(),
            "Unngått lokal kostnad": rows["unngatt_kr"].map(fmt.kroner).to_numpy(),
            "Netto endring": rows["netto_endring_kr"].map(fmt.signed_kroner).to_numpy(),
            "Per innbygger": rows["netto_per_innbygger_kr"].map(fmt.signed_kroner).to_numpy(),
            "Regionen per innbygger": per_region["netto_per_innbygger_kr"].map(fmt.signed_kroner).to_numpy(),
        }
    )
    first = rows.iloc[0]
    direction = "mer" if first["netto_endring_kr"] > 0 else "mindre"
    return Section(
        "Økonomi: hva kommunen betaler sammenlignet med i dag",
        [
            f"I {first['aar']} betaler {name} {fmt.kroner(first['bidrag_kr'])} til de felles postene, og "
            f"samarbeidet tar over lokale kostnader for anslagsvis {fmt.kroner(first['unngatt_kr'])}. Netto "
            f"betaler kommunen {fmt.kroner(abs(first['netto_endring_kr']))} {direction} enn i dag "
            f"({fmt.signed_kroner(first['netto_per_innbygger_kr'])} per innbygger).",
            "Netto endring = bidrag − unngått lokal kostnad. Budsjettpostene, hva de erstatter og "
            "engangskostnadene er antakelser i scenarioet; dagens kostnad er estimat.",
        ],
        [Table("Bidrag, unngått kostnad og netto endring per år i økonomiplanen", table, ESTIMATE_MARK)],
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


def build(
    nr: str, region_data: Region, settings: scenarios.Settings, scenario: str, link: str, today: dt.date
) -> Brief:
    """The brief for municipality `nr` under `settings` (raises KeyError for an unknown number)."""
    kommune = region_data.kommuner.set_index("kommunenummer").loc[nr]
    name = str(kommune["kommunenavn"])
    own = region_data.stations[region_data.stations["kommunenummer"] == nr]
    result = consequences.evaluate(settings, region_data.inputs)
    rank = region_data.risk_ranking.loc[nr]
    band = region_data.coverage_band.loc[nr]
    within = [
        coverage.band_text(
            pd.Series(
                {
                    "lav": min(band[(s, f"andel_over_{b}")] for s in coverage.SPREADS),
                    "hoy": max(band[(s, f"andel_over_{b}")] for s in coverage.SPREADS),
                }
            )
        )
        for b in coverage.BANDS
    ]
    stations = (
        pd.DataFrame({"Stasjon": own["navn"].to_numpy(), "Type": own["kategori"].to_numpy()})
        if len(own)
        else pd.DataFrame({"Stasjon": ["ingen stasjon i kommunen"], "Type": ["–"]})
    )
    register = structure_name(DEFAULT_STRUCTURE, region_data.kommuner["brannvesen"].nunique())
    about = Section(
        f"{name} i dag",
        [
            f"{name} har {fmt.number(kommune['innbyggere'])} innbyggere (SSB 1.1.2024) og hører til "
            f"{kommune['brannvesen']} i {register}; "
            f"studiens infoskriv fra 2024 talte {STUDY_LETTER_SERVICES}. "
            f"Kommunen har {fmt.count(len(own), 'brannstasjon', 'brannstasjoner')}.",
            "Anslått andel av innbyggerne innen 10, 20 og 30 minutters innsatstid: "
            f"{within[0]}, {within[1]} og {within[2]} (estimat: spennet går fra innbyggerne bosatt nær "
            "tettsteder og stasjoner til jevnt fordelt over kommunen).",
            f"I det regionale risikobildet er {name} nummer {int(rank['rang'])} av "
            f"{len(region_data.risk_ranking)} (risikoindeks {fmt.number(rank['indeks'], 1)}, klasse "
            f"«{rank['klasse']}»; standardvekter).",
        ],
        [Table("Brannstasjoner i kommunen (DSB)", stations)],
    )
    cooperation_text = (
        "De høyest rangerte samarbeidsområdene så langt: " + ", ".join(region_data.top_areas) + "."
        if region_data.top_areas
        else "Ingen samarbeidsområder er vurdert ennå (siden Samarbeid)."
    )
    plan = Section(
        "Samarbeid og organisering",
        [
            cooperation_text,
            f"Organisasjonsform som skårer høyest med like vekter: {region_data.top_form} (Brannsams skjønn, "
            "ikke juridisk rådgivning; se siden Organisering).",
        ],
    )
    unconfirmed = region_data.rules[~compliance.confirmed(region_data.rules["status"])]
    caveats = [
        "Dagens kostnad (KOSTRA 338+339) per kommune er estimat: KOSTRA Trøndelag 2020 ført fram til "
        "2023-kroner og fordelt etter brannvesenenes stasjoner og bemanning.",
        "Bemanning, utrykninger og tilsyn er estimater fra landstall og stasjonstyper (se siden Data: "
        "«Estimat mot kjente tall»).",
        "Innsatstid er en modell (luftlinje, omveisfaktor, fart og utrykningstid), ikke en veinettsanalyse.",
        "Hva budsjettpostene erstatter lokalt, engangskostnadene og pris- og lønnsveksten er antakelser i "
        "scenarioet.",
        "Krav ikke bekreftet mot forskriftstekst: "
        + "; ".join(f"{r.regel_id} {r.tittel}" for r in unconfirmed.itertuples())
        + ".",
    ]
    first = result.table[(result.table["kommunenummer"] == nr)].sort_values("aar").iloc[0]
    last_year = settings.forste_aar + consequences.PLAN_YEARS - 1
    draft = [
        f"1. {name} kommunestyre tar mulighetsstudien Brannsamarbeid Trøndelag til orientering.",
        f"2. {name} kommune slutter seg til at det arbeides videre med regionalt samarbeid om "
        + (
            ", ".join(region_data.top_areas[:3]).lower()
            if region_data.top_areas
            else "de prioriterte områdene"
        )
        + ".",
        f"3. Kommunens netto endring etter scenarioet «{scenario}» "
        f"({fmt.signed_kroner(first['netto_endring_kr'])} i {settings.forste_aar}) innarbeides i "
        f"økonomiplanen {settings.forste_aar}–{last_year}.",
        "4. Endelig organisering og selskapsavtale/samarbeidsavtale legges fram for kommunestyret.",
    ]
    return Brief(
        kommunenummer=nr,
        kommunenavn=name,
        title=TITLE.format(kommune=name),
        scenario=scenario,
        date=fmt.date(today),
        link=link,
        sections=[about, _economy(nr, name, result), plan],
        caveats=caveats,
        sources=SOURCES,
        draft=draft,
    )
