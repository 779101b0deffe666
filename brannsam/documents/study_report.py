"""The study's main report (mulighetsstudie) for the region, as the same kind of document as the
council briefs, so `writers.py` writes it as Word and PDF: summary, mandate, method, risk
picture, recommended cooperation areas, organisation, the alternatives and the recommendation,
budget, funding, the consequences for all
40 municipalities per plan year, implementation and risks, with the assumptions as appendix.

Every table is display text in Norwegian format with its unit in the column header, and money
tables end in a total row."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam.alternatives import analysis, recommendation
from brannsam.alternatives import display as alternatives_display
from brannsam.alternatives import package as alternatives_package
from brannsam.alternatives import store as alternatives_store
from brannsam.cooperation import model as cooperation
from brannsam.data import queries
from brannsam.data.services import DEFAULT_STRUCTURE, STRUCTURE_CHANGE, STUDY_LETTER_SERVICES, structure_name
from brannsam.documents import staticcharts
from brannsam.documents.brief import SOURCES, Region
from brannsam.documents.document import Document, Section, Table
from brannsam.estimates import kontroll as control
from brannsam.funding import (
    allocation,
    budget,
    calendar,
    consequences,
    display,
    membership,
    options,
    ranges,
)
from brannsam.funding.settings import Settings
from brannsam.risk import verdicts

TITLE = "Brannsamarbeid Trøndelag – mulighetsstudie"
FILE_STEM = fmt.file_safe("Brannsamarbeid Trøndelag")  # the report's file, before it is built
TOTAL = "Sum"


def _numbers(
    frame: pd.DataFrame, decimals: dict[str, int] | None = None, estimated: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Every number as Norwegian text (thousands grouped, decimal comma), cell by cell: a total
    row leaves blanks in columns it does not sum. Columns in `estimated` are rounded to three
    figures, the rule the council briefs follow for every estimated amount."""
    decimals = decimals or {}
    out = frame.copy()
    for column in out.columns:
        places = decimals.get(column, 0)
        shown = fmt.rounded if column in estimated else (lambda v: v)
        out[column] = [
            fmt.number(shown(float(v)), places)
            if isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
            else v
            for v in out[column]
        ]
    return out.astype(str)


def _with_total(frame: pd.DataFrame, label_column: str, sum_columns: list[str]) -> pd.DataFrame:
    total = {column: "" for column in frame.columns}
    total[label_column] = TOTAL
    total.update({column: frame[column].sum() for column in sum_columns})
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def _ranking(ranking: pd.DataFrame, item: str) -> pd.DataFrame:
    return _numbers(
        ranking[["rang", "navn", "poeng"]].rename(
            columns={"rang": "Rang", "navn": item, "poeng": "Poeng (1–5)"}
        ),
        {"Poeng (1–5)": 2},
    )


def _summary(region: Region, settings: Settings, result: consequences.Result) -> Section:
    summary = consequences.region_summary(result.table, result.region_range)
    first = summary.iloc[0]
    year = int(summary.index[0])
    crossing = int(
        ((result.table["aar"] == year) & (result.table["lav_kr"] < 0) & (result.table["hoy_kr"] > 0)).sum()
    )
    members = result.table["kommunenummer"].nunique()
    option = region.chosen(settings)
    why = alternatives_package.who_chose(settings)
    services = region.kommuner["brannvesen"].nunique()
    structure = structure_name(DEFAULT_STRUCTURE, services)
    return Section(
        "Sammendrag",
        [
            f"Studien omfatter {members} av de 40 kommunene i Midt-Norge 110-området med "
            f"{fmt.number(result.table.loc[result.table['aar'] == year, 'innbyggere'].sum())} innbyggere, "
            f"i dag betjent av brannvesenene i {structure} (studiens infoskriv fra 2024 talte "
            f"{STUDY_LETTER_SERVICES}). {STRUCTURE_CHANGE}",
            f"Studien anbefaler alternativ {option['id']} «{option['navn']}» ({why}), organisert som "
            f"{options.FORMS[option['form']]}; vertskap: "
            f"{options.host_text(option, region.kommuner, settings.uten)}. Budsjettet, finansieringen "
            "og konsekvensene for kommunene i denne rapporten er det alternativets.",
            f"Budsjettet for de felles postene er {fmt.approx_kroner(result.budgets.iloc[0])} i {year}. "
            f"Netto for regionen, etter at de felles postene har tatt over lokale kostnader, er "
            f"{fmt.approx_kroner(first['netto_endring_kr'], signed=True)} i {year} (spenn "
            f"{fmt.kroner_span(first['lav_kr'], first['hoy_kr'])}: "
            f"{ranges.sign_text(first['lav_kr'], first['hoy_kr'])}).",
            f"For {crossing} av {members} kommuner går spennet for netto endring fra minus til pluss: med "
            "dagens tall kan ingen si om de betaler mer eller mindre enn i dag. Brannvesenenes egne tall "
            "for bemanning og kostnader er det som snevrer inn spennet mest.",
            f"Fordelingsnøkkel: {allocation.describe(settings.nokler, budget.BLOCKS)}.",
        ],
    )


MANDATE = Section(
    "Mandat",
    [
        "Mulighetsstudien skal finne områdene der samarbeid mellom brann- og redningsvesenene i "
        "Midt-Norge 110-området lønner seg, beskrive hvordan samarbeidet kan organiseres, og foreslå et "
        "budsjett og en finansieringsmodell som kommunestyrene kan ta stilling til.",
        "Rapporten er laget i Brannsam, studiens beslutningsstøtteverktøy; alle tall kan gjenskapes med "
        "lenken øverst.",
    ],
)


def _method(con: duckdb.DuckDBPyConnection) -> Section:
    summary = control.summary(queries.kontroll(con))
    return Section(
        "Metode og datagrunnlag",
        [
            "Innbyggere, kommunegrenser og brannstasjoner er offentlige data (SSB, Kartverket, DSB). Tall "
            "ingen offentlig kilde gir (bemanning, kostnad per kommune, oppdrag per kommune, tilsyn), er "
            "estimater etter metoder en brannfaglig planlegger bruker, og er merket som estimat.",
            f"Estimatene er prøvd mot {summary['sammenligninger']} kjente tall; {summary['innenfor']} ligger "
            "innenfor en faktor 1,5.",
            "Forskriftskravene er vurdert mot brann- og redningsvesenforskriften (2021) med tersklene den "
            "viderefører fra dimensjoneringsforskriften; krav som ikke er bekreftet mot forskriftsteksten, "
            "er merket.",
            "Hver økonomisk antakelse har en lav og en høy verdi; alle pengetall vises med spennet de gir "
            "(vedlegget lister antakelsene).",
        ],
    )


def _risk(con: duckdb.DuckDBPyConnection, region: Region) -> Section:
    ranking = region.risk_ranking
    top = ranking.head(10)[["rang", "kommunenavn", "indeks", "klasse"]].rename(
        columns={"rang": "Rang", "kommunenavn": "Kommune", "indeks": "Indeks (0–100)", "klasse": "Klasse"}
    )
    return Section(
        "Risikobildet",
        [
            "Risikoindeksen (0–100) veier innbyggere, tettsteder, utrykninger, tilsyn med særskilte "
            "brannobjekter, areal og anslått innsatstid med studiens standardvekter. Mørkere "
            "farge er høyere indeks."
        ],
        [Table("De ti kommunene med høyest risikoindeks", _numbers(top, {"Indeks (0–100)": 1}), "Estimat")],
        [
            (
                "Risikoindeks per kommune og brannstasjonene (DSB)",
                staticcharts.risk_map(queries.borders(con), ranking["indeks"], region.stations),
            )
        ],
    )


def _areas(region: Region, settings: Settings) -> Section:
    lines = settings.lines()
    if not region.assessors:
        return Section(
            "Anbefalte samarbeidsområder",
            [
                "Samarbeidsområdene er ikke vurdert ennå (i arbeidsgruppene eller et verksted). Budsjettet "
                "bygger derfor på områdene som oftest deles først: " + "; ".join(lines["post"]) + "."
            ],
        )
    sensitivity = cooperation.sensitivity(region.area_median, cooperation.DEFAULT_WEIGHTS)
    sens = cooperation.sensitivity_table(sensitivity, region.area_names)
    return Section(
        "Anbefalte samarbeidsområder",
        [
            f"{region.assessors} vurderere har gitt 1–5 per kriterium; rangeringen bruker like vekter. De "
            f"tre høyest rangerte er {', '.join(region.top_areas)}."
        ],
        [
            Table("Rangering (vektet median)", _ranking(region.area_ranking, "Område")),
            Table(
                f"Hvor robust er rangeringen? ({fmt.number(cooperation.DRAWS)} vektsett)",
                _numbers(sens),
            ),
        ],
    )


def _organisation(con: duckdb.DuckDBPyConnection, region: Region, settings: Settings) -> Section:
    forms = queries.organisation_forms(con)
    option = region.chosen(settings)
    top = region.top_form
    fits, why_fits = region.fitting_form(settings)
    compared = (
        f"Med like vekter skårer {top} høyest i tabellen under"
        + (
            f", men budsjettet har felles årsverk som trenger én arbeidsgiver, så {fits} er den høyest "
            "skårede formen som kan bære det"
            if fits != top
            else ""
        )
        + ". Tabellen er et utgangspunkt for drøftingen av formen, ikke anbefalingen; startskårene er "
        "skjønn ut fra lovverket, ikke juridisk rådgivning."
    )
    return Section(
        "Organisering",
        [
            f"Den anbefalte organiseringen følger det anbefalte alternativet, alternativ {option['id']} "
            f"«{option['navn']}»: {options.FORMS[option['form']]}; vertskap: "
            f"{options.host_text(option, region.kommuner, settings.uten)}.",
            compared + (f" ({why_fits}.)" if fits != top else ""),
        ],
        [
            Table("Sammenligning med like vekter", _ranking(region.form_ranking, "Form")),
            Table(
                "Formene og hva de kan",
                forms[["navn", "lovgrunnlag", "arbeidsgiver", "begrensninger"]]
                .rename(
                    columns={
                        "navn": "Form",
                        "lovgrunnlag": "Lovgrunnlag",
                        "arbeidsgiver": "Arbeidsgiver",
                        "begrensninger": "Begrensninger",
                    }
                )
                .astype(str),
            ),
        ],
    )


def _alternatives(settings: Settings, comparison: analysis.Comparison) -> Section:
    """The alternatives side by side and the recommendation, before the budget of the one chosen."""
    ranking = analysis.rank(comparison, settings.kr_per_poeng)
    return Section(
        "Alternativer og anbefaling",
        [
            *recommendation.method_paragraphs(settings, comparison),
            *recommendation.paragraphs(ranking, comparison, settings),
        ],
        [
            Table(
                "Alternativene side om side (netto mot dagens ordning)",
                alternatives_display.report_table(ranking),
            ),
            Table(
                "Byttepunkter: hva de ikke-prissatte virkningene må være verdt per år",
                alternatives_display.switching_table(ranking, settings.valgt or ranking.first),
            ),
            Table(
                "Ikke-prissatte virkninger (pluss-minus, −4 til +4)",
                alternatives_display.nonpriced_table(ranking, comparison),
                "Utkast til arbeidsgruppene har vurdert dem" if comparison.estimated else "",
            ),
        ],
    )


def _budget(region: Region, settings: Settings, year: int) -> Section:
    lines = settings.lines()
    option = region.chosen(settings)
    frame = pd.DataFrame(
        {
            "Post": lines["post"],
            "Blokk": lines["blokk"].map(budget.BLOCKS),
            "Årsverk": lines["arsverk"],
            "Erstatter lokalt": [
                budget.REPLACES[r].split(" (")[0] + (f": {fmt.plain(m)}" if r == "arsverk" else "")
                for r, m in zip(lines["erstatter"], lines["erstatter_mengde"], strict=True)
            ],
            f"Kostnad {year} (kr)": budget.yearly_cost(lines),
        }
    )
    frame = _with_total(frame, "Post", ["Årsverk", f"Kostnad {year} (kr)"])
    one_offs = pd.DataFrame(
        [
            {"Engangskostnad": r["post"], "År": str(int(r["aar"])), "Beløp (kr)": r["belop_kr"]}
            for r in settings.engang or []
        ],
        columns=["Engangskostnad", "År", "Beløp (kr)"],
    )
    tables = [Table("Budsjettposter (første år, før pris- og lønnsvekst)", _numbers(frame, {"Årsverk": 1}))]
    if len(one_offs):
        tables.append(
            Table(
                "Engangskostnader ved overgangen",
                _numbers(_with_total(one_offs, "Engangskostnad", ["Beløp (kr)"])),
            )
        )
    return Section(
        "Budsjett",
        [
            f"Budsjettet er postene i det anbefalte alternativet, alternativ {option['id']} "
            f"«{option['navn']}».",
            budget.assumption_note(lines),
            "Annuiteter av investeringer står fast i kroner; resten vokser med pris- og lønnsveksten.",
        ],
        tables,
    )


def _funding(settings: Settings, result: consequences.Result) -> Section:
    region = display.region_table(consequences.region_summary(result.table, result.region_range))
    region = region.rename(columns={c: f"{c} (kr)" for c in display.REGION_KRONER})
    region["Netto per innbygger (kr)"] = region["Netto per innbygger (kr)"].map(fmt.signed_kroner)
    sums = [c for c in region.columns if c.endswith("(kr)") and "per innbygger" not in c]
    return Section(
        "Finansiering",
        [
            "Fordelingsnøkkel: "
            + allocation.describe(settings.nokler, budget.BLOCKS)
            + ". "
            + allocation.KEY_NOTE,
            f"Pris- og lønnsvekst {fmt.percent(settings.vekst)} per år. Innfasing: de første "
            f"{settings.innfasing_aar} årene kan ingen kommunes netto økning passere "
            f"{fmt.percent(settings.innfasing_tak, 0)} av dagens kostnad per år (mer for hvert år).",
        ],
        [Table("Regionen per år, med spenn for netto endring", _numbers(_with_total(region, "År", sums)))],
    )


def _consequences(settings: Settings, result: consequences.Result, estimated: bool) -> Section:
    plan = display.plan_table(result.table)
    years = [c for c in plan.columns if c.isdigit()]
    plan = plan.drop(columns=["Kommunenummer"]).rename(columns={y: f"Netto {y} (kr)" for y in years})
    first = result.table[result.table["aar"] == settings.forste_aar]
    detail = display.consequence_table(first, estimated)
    detail = pd.DataFrame(
        {
            "Kommune": detail["Kommune"],
            "Bidrag (kr)": detail["Bidrag"],
            "Unngått (kr)": detail["Unngått lokal kostnad"],
            "Netto (kr)": detail["Netto endring"],
            "Lav (kr)": detail["Netto lav"],
            "Høy (kr)": detail["Netto høy"],
            "Dagens kostnad (kr)": detail["Dagens kostnad 338+339"],
        }
    )
    money = [c for c in detail.columns if c.endswith("(kr)") and c not in ("Lav (kr)", "Høy (kr)")]
    return Section(
        "Konsekvenser for kommunene",
        [
            "Netto endring = bidrag − lokal kostnad som de felles postene tar over. Positivt tall: kommunen "
            "betaler mer enn i dag. Lav og høy er spennet fra antakelsene; kommunevise lav og høy summerer "
            "ikke til regionens spenn, fordi de ikke inntreffer samtidig."
        ],
        [
            Table(
                "Netto endring per kommune og planår",
                _numbers(
                    _with_total(plan, "Kommune", [f"Netto {y} (kr)" for y in years]),
                    estimated=tuple(f"Netto {y} (kr)" for y in years),
                ),
                "Estimat",
            ),
            Table(
                f"Bidrag, unngått kostnad og netto endring {settings.forste_aar}",
                _numbers(
                    _with_total(detail, "Kommune", money), estimated=tuple(c for c in detail if "(kr)" in c)
                ),
                "Estimat",
            ),
        ],
    )


def _implementation(settings: Settings, decided: dt.date) -> Section:
    """The steps from the councils' decision (its date, not a formula of the plan years) to the start."""
    years = calendar.plan_years(settings)
    return Section(
        "Gjennomføring",
        [
            f"1. Vedtak i kommunestyrene ({fmt.date(decided)} i beregningen), med vedlegget for hver "
            "kommune; forberedelse fram til oppstart (minst tolv måneder).",
            "2. Avtale eller selskapsavtale forhandles og sendes DSB (brannloven § 10); myndighetsutøvelsen "
            "skjer under hver kommunes formelle ansvar (brannloven § 9).",
            f"3. Oppstart 1. januar {years[0]}; virksomhetsoverdragelse av ansatte og lønnsharmonisering.",
            f"4. Innfasing over {settings.innfasing_aar} år med tak på netto økning; evaluering før "
            f"økonomiplanen {years[-1] + 1}–{years[-1] + 4}.",
        ],
    )


def _risks(region: Region, settings: Settings, result: consequences.Result) -> Section:
    unconfirmed = region.rules[~verdicts.confirmed(region.rules["status"])]
    left = len(result.left_out)
    return Section(
        "Risikoer",
        [
            "Tallgrunnlag: dagens kostnad, bemanning og hva de felles postene tar over er estimater; "
            "spennene viser hvor mye det betyr.",
            "Kommuner som sier nei: faste poster (ledelse, vaktordning, IKT) deles da på færre. "
            + (f"Scenarioet er regnet uten {left} kommuner. " if left else "")
            + membership.condition(settings, region.inputs).text(),
            f"Regelverk: {len(unconfirmed)} krav er ikke bekreftet mot forskriftsteksten ("
            + ", ".join(unconfirmed["regel_id"])
            + ").",
            "Gjennomføring: motstand lokalt, rekruttering av deltidspersonell og en «stor skute» som er "
            "tung å styre er de erfaringene tidligere forsøk i regionen (Trondheimsregionen 2008) viser.",
        ],
    )


def _appendix(region: Region, settings: Settings, result: consequences.Result) -> Section:
    condition = membership.condition(settings, region.inputs)
    assumptions = display.assumptions_table(settings, result.blocks, condition)
    assumptions = assumptions.drop(columns=["Tall", "Enhet"]).astype(str)
    return Section(
        "Vedlegg: forutsetninger og spenn",
        [],
        [Table("Forutsetninger i scenarioet, med antakelsenes spenn", assumptions)],
    )


def region_report(
    con: duckdb.DuckDBPyConnection,
    region: Region,
    settings: Settings,
    scenario: str,
    link: str,
    today: dt.date,
    comparison: analysis.Comparison | None = None,
) -> Document:
    """The study's main report under `settings` (`comparison`: the alternatives under the same
    settings when the caller has them)."""
    result = ranges.evaluate(settings, region.inputs)
    unconfirmed = region.rules[~verdicts.confirmed(region.rules["status"])]
    return Document(
        file_stem=FILE_STEM,
        title=TITLE,
        scenario=scenario,
        date=fmt.date(today),
        link=link,
        sections=[
            _summary(region, settings, result),
            MANDATE,
            _method(con),
            _risk(con, region),
            _areas(region, settings),
            _organisation(con, region, settings),
            _alternatives(settings, comparison or alternatives_store.compared(con, settings)[0]),
            _budget(region, settings, settings.forste_aar),
            _funding(settings, result),
            _consequences(settings, result, region.inputs.estimated),
            _implementation(settings, calendar.decision_date(today)),
            _risks(region, settings, result),
            _appendix(region, settings, result),
        ],
        caveats=[
            "Dagens kostnad, bemanning, utrykninger, tilsyn og innsatstid er estimater (se metode og "
            "vedlegg).",
            "Krav ikke bekreftet mot forskriftstekst: "
            + "; ".join(f"{r.regel_id} {r.tittel}" for r in unconfirmed.itertuples())
            + ".",
        ],
        sources=SOURCES,
        draft=[],
    )
