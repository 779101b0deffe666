"""The study report for the region, and a fire service's profile, as the same kind of document
as the council briefs (`brief.Brief`), so `documents.py` writes them as Word and PDF."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from brannsam import compliance, cooperation, queries, staticcharts
from brannsam import formatting as fmt
from brannsam import kontroll as control
from brannsam.brief import SOURCES, Brief, Region, Section, Table
from brannsam.funding import budget, consequences, display, scenarios

REGION_TITLE = "Brannsamarbeid Trøndelag – mulighetsstudie: tall og tabeller"


def _text_frame(frame: pd.DataFrame, kroner: tuple[str, ...] = (), decimals: int = 1) -> pd.DataFrame:
    """Display text in Norwegian format for every cell."""
    out = frame.copy()
    for column in out.columns:
        if column in kroner:
            out[column] = out[column].map(fmt.kroner)
        elif pd.api.types.is_integer_dtype(out[column]):
            out[column] = out[column].map(fmt.number)
        elif pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].map(lambda v: fmt.number(v, decimals))
    return out.astype(str)


def _ranking_text(ranking: pd.DataFrame, item: str) -> pd.DataFrame:
    """A ranking (rang, navn, poeng) as display text, the item named as the reader knows it."""
    return _text_frame(
        ranking[["rang", "navn", "poeng"]].rename(columns={"rang": "Rang", "navn": item, "poeng": "Poeng"}),
        decimals=2,
    )


def region_report(
    con: duckdb.DuckDBPyConnection,
    region: Region,
    settings: scenarios.Settings,
    scenario: str,
    link: str,
    today: dt.date,
) -> Brief:
    """Risk picture (map), cooperation ranking with sensitivity, organisation forms, budget and
    funding for all 40 municipalities, and the assumptions and sources as appendix."""
    ranking = region.risk_ranking
    risk = Section(
        "Risikobildet",
        [
            "Risikoindeksen (0–100) veier innbyggere, tettsteder, utrykninger, tilsyn med særskilte "
            "brannobjekter, areal og anslått innsatstid med standardvektene på siden Risikobilde. Mørkere "
            "farge er høyere indeks."
        ],
        [
            Table(
                "De ti kommunene med høyest risikoindeks",
                _text_frame(
                    ranking.head(10)[["rang", "kommunenavn", "indeks", "klasse"]].rename(
                        columns={
                            "rang": "Rang",
                            "kommunenavn": "Kommune",
                            "indeks": "Indeks",
                            "klasse": "Klasse",
                        }
                    )
                ),
                "Estimat",
            )
        ],
        [
            (
                "Risikoindeks per kommune og brannstasjonene (DSB)",
                staticcharts.risk_map(queries.borders(con), ranking["indeks"], region.stations),
            )
        ],
    )
    if not region.assessors:
        work = Section("Samarbeidsområder", ["Ingen vurderinger er lagret ennå (siden Samarbeid)."])
    else:
        sensitivity = cooperation.sensitivity(region.area_median, cooperation.DEFAULT_WEIGHTS)
        work = Section(
            "Samarbeidsområder",
            [f"{region.assessors} vurderere; like vekter på kriteriene."],
            [
                Table("Rangering (vektet median, 1–5)", _ranking_text(region.area_ranking, "Område")),
                Table(
                    f"Hvor robust er rangeringen? ({fmt.number(cooperation.DRAWS)} vektsett, Dirichlet)",
                    _text_frame(cooperation.sensitivity_table(sensitivity, region.area_names), decimals=0),
                ),
            ],
        )
    forms = queries.organisation_forms(con)
    organisation = Section(
        "Organisasjonsformer",
        ["Startskårene er Brannsams skjønn ut fra domenenotatet, ikke juridisk rådgivning."],
        [
            Table("Sammenligning med like vekter", _ranking_text(region.form_ranking, "Form")),
            Table(
                "Formene og hva de kan",
                forms[["navn", "lovgrunnlag", "begrensninger"]]
                .rename(
                    columns={"navn": "Form", "lovgrunnlag": "Lovgrunnlag", "begrensninger": "Begrensninger"}
                )
                .astype(str),
            ),
        ],
    )
    result = consequences.evaluate(settings, region.inputs)
    first = result.table[result.table["aar"] == settings.forste_aar]
    money = Section(
        "Budsjett og finansiering",
        [
            f"Scenario «{scenario}». Netto endring = bidrag − lokal kostnad som de felles postene tar over. "
            f"{funding_sentence(result)}"
        ],
        [
            Table(
                "Budsjettposter (første år)",
                _text_frame(
                    settings.lines()[["post", "blokk", "arsverk", "erstatter", "erstatter_mengde"]]
                    .assign(kostnad=budget.yearly_cost(settings.lines()))
                    .rename(
                        columns={
                            "post": "Post",
                            "blokk": "Blokk",
                            "arsverk": "Årsverk",
                            "erstatter": "Erstatter",
                            "erstatter_mengde": "Mengde",
                            "kostnad": "Kr per år",
                        }
                    ),
                    kroner=("Kr per år",),
                ),
            ),
            Table(
                "Regionen per år",
                _text_frame(
                    display.region_table(consequences.region_summary(result.table)),
                    kroner=display.REGION_KRONER,
                ),
            ),
            Table(
                f"Alle kommunene, {settings.forste_aar}",
                _text_frame(
                    display.consequence_table(first, region.inputs.estimated)[
                        [
                            "Kommune",
                            "Innbyggere",
                            "Bidrag",
                            "Unngått lokal kostnad",
                            "Netto endring",
                            "Netto per innbygger",
                        ]
                    ],
                    kroner=display.KRONER_COLUMNS,
                ),
                "Estimat",
            ),
        ],
    )
    summary = control.summary(queries.kontroll(con))
    appendix = Section(
        "Vedlegg: forutsetninger",
        [
            f"Estimatene er prøvd mot {summary['sammenligninger']} kjente tall; {summary['innenfor']} ligger "
            "innenfor en faktor 1,5 (siden Data, «Estimat mot kjente tall»)."
        ],
        [
            Table(
                "Forutsetninger i scenarioet", display.assumptions_table(settings, result.blocks).astype(str)
            )
        ],
    )
    unconfirmed = region.rules[~compliance.confirmed(region.rules["status"])]
    return Brief(
        kommunenummer="region",
        kommunenavn="Brannsamarbeid Trøndelag",
        title=REGION_TITLE,
        scenario=scenario,
        date=fmt.date(today),
        link=link,
        sections=[risk, work, organisation, money, appendix],
        caveats=[
            "Dagens kostnad, bemanning, utrykninger, tilsyn og innsatstid er estimater (se vedlegget).",
            "Krav ikke bekreftet mot forskriftstekst: "
            + "; ".join(f"{r.regel_id} {r.tittel}" for r in unconfirmed.itertuples())
            + ".",
        ],
        sources=SOURCES,
        draft=[],
    )


def funding_sentence(result: consequences.Result) -> str:
    region = consequences.region_summary(result.table)
    first_year, first = region.index[0], region.iloc[0]
    word = "merkostnad" if first["netto_endring_kr"] > 0 else "innsparing"
    return (
        f"I {first_year} gir scenarioet regionen en netto {word} på "
        f"{fmt.kroner(abs(first['netto_endring_kr']))} ({fmt.signed_kroner(first['netto_per_innbygger_kr'])} "
        "per innbygger)."
    )


def service_profile(profile, assessment: pd.DataFrame, structure_note: str, today: dt.date) -> Brief:
    """A fire service's profile (`profile.build`) and its regulation check as a document."""
    figures = profile.figures.drop(columns=["Kilde"]).astype(str)
    checks = assessment[["regel_id", "tittel", "vurdering", "verdi"]].rename(
        columns={"regel_id": "Regel", "tittel": "Krav", "vurdering": "Vurdering", "verdi": "Tall"}
    )
    unconfirmed = assessment[~compliance.confirmed(assessment["status"])]
    return Brief(
        kommunenummer=profile.service_id,
        kommunenavn=profile.name,
        title=f"{profile.name}: profil og forskriftskrav",
        scenario="",
        date=fmt.date(today),
        link="",
        sections=[
            Section(
                "Nøkkeltall",
                [
                    f"{profile.organisation}; medlemmer: "
                    + ", ".join(
                        f"{r.kommunenavn} ({fmt.number(r.innbyggere)})" for r in profile.members.itertuples()
                    )
                    + f". Struktur: {structure_note}."
                ],
                [Table("Brannvesenet mot regionen", figures, "Estimat der kolonnen Estimat sier ja")],
            ),
            Section(
                "Forskriftskrav",
                ["«Ukjent» betyr at tallet mangler eller bare er et estimat."],
                [Table("Vurdering per krav", checks.astype(str))],
            ),
        ],
        caveats=[
            "Krav ikke bekreftet mot forskriftstekst: "
            + "; ".join(f"{r.regel_id} {r.tittel}" for r in unconfirmed.itertuples())
            + "."
        ],
        sources=SOURCES,
        draft=[],
    )
