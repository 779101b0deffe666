"""The datasets the fire services can send us: their columns with Norwegian headers, types and
limits, and the Excel template for each (data sheet with one example row, and a sheet that
explains every column)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

EXAMPLE_NOTE = "Eksempelrad: slett eller overskriv den."


@dataclass(frozen=True)
class Field:
    header: str  # Norwegian column header in the template
    column: str  # database column
    kind: str  # text | int | float | kommunenummer | brannvesen | bool
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


@dataclass(frozen=True)
class Dataset:
    name: str
    sheet: str
    table: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    example: dict = field(default_factory=dict)
    about: str = ""
    # Columns of the table the template does not ask for, with the value every row gets.
    constants: dict = field(default_factory=dict)
    # Real rows are kept beside the estimated ones (the key includes `estimert`) instead of
    # replacing them; the estimate then only gives way where a real figure exists.
    beside_estimates: bool = False


YEAR = Field("År", "aar", "int", minimum=2000, maximum=2100, help="Året tallene gjelder")
SOURCE = Field(
    "Kilde", "kilde", "text", help="Hvor tallene kommer fra, f.eks. «Regnskap 2024, Orkland kommune»"
)

DATASETS = {
    "bemanning": Dataset(
        "bemanning",
        "Bemanning",
        "bemanning",
        ("brannvesen_id",),
        (
            Field(
                "Brannvesen-ID",
                "brannvesen_id",
                "brannvesen",
                help="ID-en fra Brannsam, f.eks. brann-og-redning-orkland",
            ),
            YEAR,
            Field("Årsverk ledelse", "arsverk_ledelse", "float", False, 0, 100),
            Field("Årsverk forebyggende", "arsverk_forebyggende", "float", False, 0, 500),
            Field("Årsverk beredskap heltid", "arsverk_beredskap_heltid", "float", False, 0, 2000),
            Field("Årsverk beredskap deltid", "arsverk_beredskap_deltid", "float", False, 0, 2000),
            Field("Årsverk feiing", "arsverk_feiing", "float", False, 0, 500),
            Field("Brannsjef på heltid", "brannsjef_heltid", "bool", False, help="ja eller nei"),
            SOURCE,
        ),
        {
            "Brannvesen-ID": "rindal-brannvesen",
            "År": 2024,
            "Årsverk ledelse": 0.5,
            "Årsverk forebyggende": 0.4,
            "Årsverk beredskap heltid": 0,
            "Årsverk beredskap deltid": 1.2,
            "Årsverk feiing": 0.5,
            "Brannsjef på heltid": "nei",
            "Kilde": "Brannvesenets årsrapport 2024",
        },
        "Årsverk per brannvesen. Erstatter Brannsams estimat for brannvesenet.",
        constants={"struktur_id": "dsb"},
    ),
    "kostnader": Dataset(
        "kostnader",
        "Kostnader",
        "kostnad",
        ("kommunenummer",),
        (
            Field("Kommunenummer", "kommunenummer", "kommunenummer", help="Fire sifre, f.eks. 5059"),
            YEAR,
            Field(
                "Netto driftsutgifter 338 (kr)", "netto_338_kr", "int", True, 0, 5_000_000_000, "Forebygging"
            ),
            Field(
                "Netto driftsutgifter 339 (kr)", "netto_339_kr", "int", True, 0, 5_000_000_000, "Beredskap"
            ),
            SOURCE,
        ),
        {
            "Kommunenummer": "5059",
            "År": 2024,
            "Netto driftsutgifter 338 (kr)": 2_500_000,
            "Netto driftsutgifter 339 (kr)": 21_000_000,
            "Kilde": "KOSTRA 2024 (SSB tabell 12367)",
        },
        "Netto driftsutgifter per kommune (KOSTRA funksjon 338 og 339). Erstatter estimatet for kommunen.",
    ),
    "hendelser": Dataset(
        "hendelser",
        "Hendelser",
        "hendelse",
        ("kommunenummer", "aar", "hendelsestype"),
        (
            Field("Kommunenummer", "kommunenummer", "kommunenummer"),
            YEAR,
            Field(
                "Hendelsestype", "hendelsestype", "text", help="Bruk «utrykninger (alle typer)» for totalen"
            ),
            Field("Antall", "antall", "int", True, 0, 100_000),
            SOURCE,
        ),
        {
            "Kommunenummer": "5035",
            "År": 2024,
            "Hendelsestype": "utrykninger (alle typer)",
            "Antall": 310,
            "Kilde": "BRIS 2024",
        },
        "Antall hendelser per kommune, år og type. Brukes foran estimatet.",
        beside_estimates=True,
    ),
}


def template(name: str) -> bytes:
    """An xlsx template: the data sheet with headers and one example row, and a sheet that
    explains each column."""
    dataset = DATASETS[name]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame([dataset.example], columns=[f.header for f in dataset.fields]).to_excel(
            writer, sheet_name=dataset.sheet, index=False
        )
        explain = pd.DataFrame(
            {
                "Kolonne": [f.header for f in dataset.fields],
                "Påkrevd": ["ja" if f.required else "nei" for f in dataset.fields],
                "Type": [
                    {"int": "helt tall", "float": "tall (desimalkomma går fint)", "bool": "ja/nei"}.get(
                        f.kind, "tekst"
                    )
                    for f in dataset.fields
                ],
                "Tillatte verdier": [
                    f"{f.minimum:g}–{f.maximum:g}" if f.minimum is not None and f.maximum is not None else ""
                    for f in dataset.fields
                ],
                "Forklaring": [f.help for f in dataset.fields],
            }
        )
        explain.to_excel(writer, sheet_name="Forklaring", index=False)
        pd.DataFrame({"Om malen": [dataset.about, EXAMPLE_NOTE]}).to_excel(
            writer, sheet_name="Forklaring", index=False, startrow=len(explain) + 2
        )
        for sheet in writer.sheets.values():
            for column in sheet.columns:
                sheet.column_dimensions[column[0].column_letter].width = 32
    return buffer.getvalue()
