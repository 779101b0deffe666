"""The document every Word and PDF file is written from: a title, sections of paragraphs,
tables and charts, caveats, sources and a draft decision. The council brief, the study's report
and a service's profile are each made as one (`brief.py`, `study_report.py`, `report.py`), and
`writers.py` writes any of them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


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
class Document:
    file_stem: str  # the file's name without its suffix, chosen by whoever makes the document
    title: str
    scenario: str
    date: str
    link: str
    sections: list[Section]
    caveats: list[str]
    sources: list[str]
    draft: list[str]

    def file_name(self, suffix: str) -> str:
        return f"{self.file_stem}.{suffix}"
