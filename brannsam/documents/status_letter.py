"""The status letter («infoskriv»): the study began with one to the councils, and the project
promised its governing bodies and the political level regular status. Written from the current
state: the milestones passed and next, the recommendation and its cost, the decisions registered
and what they mean, and what changed since the previous letter."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from brannsam import formatting as fmt
from brannsam.alternatives import analysis
from brannsam.alternatives import store as alternatives_store
from brannsam.data import queries
from brannsam.decisions import followed, letters, register
from brannsam.documents.document import Document, Section, Table
from brannsam.funding import calendar, consequences, options, store
from brannsam.funding.settings import Settings

SOURCES = [
    "Innbyggere 1.1.2024: Statistisk sentralbyrå (SSB), folkemengde per kommune.",
    "Brannstasjoner: DSB, datasettet «Brannstasjoner» på Geonorge (NLOD).",
    "Kommunestyrenes vedtak: kommunenes saksprotokoller, slik prosjektet har registrert dem.",
    "Kommunal- og distriktsdepartementets «Veileder om interkommunalt samarbeid» (2023).",
]


def _milestones(milestones: pd.DataFrame, settings: Settings, today: dt.date) -> Section:
    """The three latest milestones passed, and what comes next (the deadline and the start)."""
    dated = milestones.assign(dag=pd.to_datetime(milestones["til"].fillna(milestones["fra"])).dt.date)
    passed = dated[dated["dag"] <= today].tail(3)
    upcoming = [(row.dag, str(row.hva)) for row in dated[dated["dag"] > today].itertuples()]
    upcoming += [
        (calendar.decision_deadline(settings), "Frist for likelydende vedtak i kommunestyrene"),
        (calendar.start_date(settings), "Samarbeidet starter (forslaget)"),
    ]
    upcoming = sorted(day_what for day_what in upcoming if day_what[0] > today)
    return Section(
        "Hvor studien står",
        [
            "Gjennomført: "
            + "; ".join(f"{row.hva} ({fmt.date(row.dag)})" for row in passed.itertuples())
            + ".",
            "Neste: " + "; ".join(f"{what} ({fmt.date(day)})" for day, what in upcoming[:3]) + ".",
        ],
    )


def _recommendation(option: dict, first_year: int, first_net: float, per_year: float, period: int) -> Section:
    return Section(
        "Anbefalingen",
        [
            f"Studien anbefaler alternativ {option['id']} «{option['navn']}», organisert som "
            f"{options.FORMS[option['form']]}. For regionen gir det en netto endring mot i dag på "
            f"{fmt.signed_kroner(round(first_net, -3))} i {first_year}, og i snitt "
            f"{fmt.signed_kroner(round(per_year, -3))} per år over analyseperioden på {period} år "
            "(positivt tall er merkostnad). Tallene bygger dels på estimater; spennene står i "
            "studierapporten.",
        ],
    )


def _decisions(result: followed.Followed) -> Section:
    decided = result.table[result.table["status"] != register.UNTREATED]
    tables = []
    if len(decided):
        frame = followed.shown(result).loc[decided.index]
        keep = [c for c in frame.columns if c in ("Kommune", "Status", "Dato", "Saksnummer", "Merknad")]
        tables.append(Table("Vedtak registrert så langt", frame[keep].astype(str)))
    over = result.table.loc[result.table["merknad"] == followed.AGAIN, "kommune"]
    paragraphs = [result.summary()]
    if len(over):
        paragraphs.append(
            f"Bidraget er over taket kommunestyret vedtok for {', '.join(over)}: saken må behandles på nytt "
            "der, eller kostnadene fordeles annerledes."
        )
    return Section("Vedtak i kommunestyrene", paragraphs, tables)


def _changes(found: letters.Changes, names: dict[str, str]) -> Section:
    if found.since is None:
        heading, lead = "Endringer", "Dette er det første infoskrivet fra studiens verktøy."
    else:
        heading, lead = (
            "Siden forrige infoskriv",
            f"Siden forrige infoskriv ({fmt.date(found.since.date())}):",
        )
    parts = []
    if len(found.imports):
        datasets = ", ".join(sorted(set(found.imports["datasett"])))
        parts.append(f"{fmt.count(len(found.imports), 'dataimport', 'dataimporter')} ({datasets})")
    if found.scenarios:
        parts.append(f"{fmt.count(len(found.scenarios), 'scenario', 'scenarioer')} lagret eller endret")
    if len(found.decisions):
        told = ", ".join(
            f"{names.get(r.kommunenummer, r.kommunenummer)} {r.status}" for r in found.decisions.itertuples()
        )
        parts.append(f"vedtak registrert: {told}")
    said = "; ".join(parts) + "." if parts else "ingen nye data, scenarioer eller vedtak."
    if lead.endswith("."):
        said = said[0].upper() + said[1:]
    text = f"{lead} {said}"
    return Section(heading, [text])


def letter(
    number: int,
    today: dt.date,
    milestones: pd.DataFrame,
    option: dict,
    first_net: float,
    per_year: float,
    result: followed.Followed,
    found: letters.Changes,
    names: dict[str, str],
) -> Document:
    """Infoskriv number `number`, dated `today`."""
    settings = result.settings
    return Document(
        file_stem=f"infoskriv-{number:02d}-{today.isoformat()}",
        title=f"Infoskriv nr. {number} – Brannsamarbeid Trøndelag",
        scenario="",
        date=fmt.date(today),
        link="",
        sections=[
            _milestones(milestones, settings, today),
            _recommendation(option, settings.forste_aar, first_net, per_year, settings.analyseperiode),
            _decisions(result),
            _changes(found, names),
        ],
        caveats=[
            "Bidragene er regnet med kommunene som ikke har sagt nei, fram til fristen for vedtak; "
            "etter fristen bare med dem som har sagt ja.",
        ],
        sources=SOURCES,
        draft=[],
    )


def from_database(con: duckdb.DuckDBPyConnection, settings: Settings, today: dt.date) -> Document:
    """The next letter from the state in `con`, for the package `settings` price (not yet kept:
    `letters.record` once it is written)."""
    package, comparison, _ = alternatives_store.packaged(con, settings)
    inputs = store.inputs(con)
    kommuner = queries.municipalities(con)
    result = followed.follow(package.settings, package.option, inputs, register.current(con, kommuner), today)
    ranking = analysis.rank(comparison, package.settings.kr_per_poeng).table.set_index("alternativ")
    region = consequences.region_summary(consequences.evaluate(package.settings, inputs).table)
    return letter(
        letters.next_number(con),
        today,
        queries.milestones(con),
        package.option,
        float(region["netto_endring_kr"].iloc[0]),
        float(ranking.loc[package.option["id"], "per_aar_kr"]),
        result,
        letters.changes(con, letters.previous(con)),
        dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True)),
    )
