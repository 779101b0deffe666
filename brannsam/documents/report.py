"""A fire service's profile as the same kind of document as the council briefs (`document.Document`),
so `writers.py` writes it as Word and PDF (the region's report is `study_report.py`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from brannsam import formatting as fmt
from brannsam.documents.brief import SOURCES
from brannsam.documents.document import Document, Section, Table
from brannsam.risk import verdicts


def service_profile(profile, assessment: pd.DataFrame, structure_note: str, today: dt.date) -> Document:
    """A fire service's profile (`profile.service_profile`) and its regulation check as a document."""
    figures = profile.figures.drop(columns=["Kilde"]).astype(str)
    checks = assessment[["regel_id", "tittel", "vurdering", "verdi"]].rename(
        columns={"regel_id": "Regel", "tittel": "Krav", "vurdering": "Vurdering", "verdi": "Tall"}
    )
    unconfirmed = assessment[~verdicts.confirmed(assessment["status"])]
    return Document(
        file_stem=fmt.file_safe(profile.name),
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
