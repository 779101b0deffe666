"""Key figures for the region and the study's milestones (Oversikt page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from brannsam import formatting as fmt


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    source: str
    year: int
    estimated: bool


@dataclass(frozen=True)
class Milestone:
    start: dt.date
    end: dt.date | None
    text: str

    def when(self) -> str:
        if self.end is None:
            return fmt.date(self.start)
        if self.start.month == self.end.month:
            return f"{self.start.day}.–{fmt.date(self.end)}"
        return f"{fmt.MONTHS[self.start.month - 1]}–{fmt.MONTHS[self.end.month - 1]} {self.end.year}"


def milestones(frame: pd.DataFrame) -> list[Milestone]:
    """The milestones file's rows as milestones (`queries.milestones`)."""
    return [
        Milestone(pd.Timestamp(r.fra).date(), None if pd.isna(r.til) else pd.Timestamp(r.til).date(), r.hva)
        for r in frame.itertuples(index=False)
    ]


def study_span(frame: pd.DataFrame) -> str:
    """«2024–2026»: the years the study's milestones cover (the sidebar's label)."""
    years = sorted({pd.Timestamp(v).year for v in frame["fra"]})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _sources(frame: pd.DataFrame) -> str:
    return "; ".join(sorted(set(frame["kilde"])))


def key_figures(
    kommuner: pd.DataFrame,
    services: pd.DataFrame,
    stations: pd.DataFrame,
    staffing: pd.DataFrame,
    costs: pd.DataFrame,
    structure_name: str,
) -> list[KeyFigure]:
    """The headline numbers, each with its source, year and whether it is an estimate."""
    arsverk = (
        staffing[
            [
                "arsverk_ledelse",
                "arsverk_forebyggende",
                "arsverk_beredskap_heltid",
                "arsverk_beredskap_deltid",
            ]
        ]
        .sum()
        .sum()
    )
    pop_year = int(kommuner["innbyggere_aar"].max())
    return [
        KeyFigure("Kommuner", fmt.number(len(kommuner)), "SSB/Kartverket, inndeling 2024", 2024, False),
        KeyFigure("Brannvesen", fmt.number(len(services)), structure_name, 2026, False),
        KeyFigure(
            "Innbyggere",
            fmt.number(kommuner["innbyggere"].sum()),
            "SSB folkemengde 1.1.2024",
            pop_year,
            False,
        ),
        KeyFigure(
            "Brannstasjoner",
            fmt.number(len(stations)),
            "DSB brannstasjonsregister og nyhetskilder",
            2026,
            False,
        ),
        KeyFigure(
            "Årsverk",
            fmt.number(arsverk),
            _sources(staffing),
            int(staffing["aar"].max()),
            bool(staffing["estimert"].any()),
        ),
        KeyFigure(
            "Netto driftsutgifter brann (338+339)",
            fmt.kroner(costs["netto_kr"].sum() / 1e6, 1).replace("kr", "mill. kr"),
            _sources(costs),
            int(costs["aar"].max()),
            bool(costs["estimert"].any()),
        ),
    ]


def service_table(services: pd.DataFrame, staffing: pd.DataFrame, population_year: int) -> pd.DataFrame:
    """Fire services with Norwegian headers, ready to show or export (inhabitants with their date)."""
    merged = services.merge(staffing, on="brannvesen_id", how="left")
    merged["arsverk"] = merged[
        ["arsverk_ledelse", "arsverk_forebyggende", "arsverk_beredskap_heltid", "arsverk_beredskap_deltid"]
    ].sum(axis=1, min_count=1)
    return pd.DataFrame(
        {
            "Brannvesen": merged["navn"],
            "Organisasjonsform": merged["organisasjonsform"],
            "Kommuner": merged["kommuner"],
            "Medlemskommuner": merged["medlemmer"],
            f"Innbyggere 1.1.{population_year}": merged["innbyggere"],
            "Stasjoner": merged["stasjoner"],
            "Årsverk (estimat)": merged["arsverk"].round(1),
        }
    )
