"""The datasets the fire services can send us: their columns with Norwegian headers, types and
limits, and the Excel template for each (data sheet with one example row, a sheet that explains
every column, and a sheet with the valid ids and names to copy from)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from brannsam.cooperation.model import CRITERIA, MAX_ASSESSOR
from brannsam.data import columns, service_facts
from brannsam.data.columns import Column, bounded
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.imports import score_import, station_import
from brannsam.present import export

EXAMPLE_NOTE = "Eksempelrad: slett eller overskriv den."


@dataclass(frozen=True)
class Dataset:
    name: str
    sheet: str
    table: str
    key: tuple[str, ...]
    fields: tuple[Column, ...]
    example: dict = field(default_factory=dict)
    about: str = ""
    # Columns of the table the template does not ask for, with the value every row gets.
    constants: dict = field(default_factory=dict)
    # Real rows are kept beside the estimated ones (the key includes `estimert`) instead of
    # replacing them; the estimate then only gives way where a real figure exists.
    beside_estimates: bool = False
    # Whether the table has an `estimert` column (imported rows then replace estimates).
    estimates: bool = True
    # Whether the derived risk indicators must be recomputed after an import of it.
    feeds_risk: bool = True
    # Columns of which every row must fill at least one.
    at_least_one: tuple[str, ...] = ()
    # Dataset-specific steps where the generic ones do not fit (see importer):
    # compare(con, frame) -> frame with «endring»; write(con, frame) -> rows written;
    # problems(con, frame, where, row_numbers) -> problems only the database can show.
    compare: Callable | None = None
    write: Callable | None = None
    problems: Callable | None = None
    # The template's third sheet: valid ids and names (SQL, no parameters), and its name.
    reference_sql: str = ""
    reference_sheet: str = ""


MUNICIPALITIES_SQL = """
    SELECT kommunenummer AS "Kommunenummer", kommunenavn AS "Kommune" FROM kommune ORDER BY kommunenummer
"""
SERVICES_SQL = """
    SELECT brannvesen_id AS "Brannvesen-ID", navn AS "Brannvesen" FROM brannvesen
    WHERE struktur_id = $structure ORDER BY navn
"""

YEAR = bounded("aar", "int", columns.YEAR, header="År", help="Året tallene gjelder")
SOURCE = Column(
    header="Kilde",
    name="kilde",
    kind="text",
    help="Hvor tallene kommer fra, f.eks. «Regnskap 2024, Orkland kommune»",
)

DATASETS = {
    "bemanning": Dataset(
        "bemanning",
        "Bemanning",
        "bemanning",
        ("brannvesen_id",),
        (
            Column(
                header="Brannvesen-ID",
                name="brannvesen_id",
                kind="brannvesen",
                help="ID-en fra Brannsam, f.eks. brann-og-redning-orkland",
            ),
            YEAR,
            columns.arsverk("arsverk_ledelse", header="Årsverk ledelse"),
            columns.arsverk("arsverk_forebyggende", header="Årsverk forebyggende"),
            columns.arsverk("arsverk_beredskap_heltid", header="Årsverk beredskap heltid"),
            columns.arsverk("arsverk_beredskap_deltid", header="Årsverk beredskap deltid"),
            columns.arsverk("arsverk_feiing", header="Årsverk feiing"),
            Column(
                header="Brannsjef på heltid",
                name="brannsjef_heltid",
                kind="bool",
                required=False,
                help="ja eller nei",
            ),
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
        constants={"struktur_id": DEFAULT_STRUCTURE},
        reference_sql=SERVICES_SQL,
        reference_sheet="Brannvesen",
    ),
    "ledelse": Dataset(
        "ledelse",
        "Ledelse og analyser",
        "brannvesen_fakta",
        ("brannvesen_id",),
        (service_facts.SERVICE, *service_facts.FIELDS),
        {
            "Brannvesen-ID": "rindal-brannvesen",
            "År": 2025,
            "Brannsjef": "ja",
            "Leder forebyggende": "ja",
            "Leder beredskap": "nei",
            "Overordnet vakt": "kjøpt",
            "ROS-analyse (år)": 2023,
            "Forebyggende analyse (år)": 2024,
            "Beredskapsanalyse (år)": None,
            "Kilde": "Brannsjefen, e-post 2025",
        },
        "Lederroller, overordnet vakt og analysene (forskriften §§ 6–9 og 11). Erstatter det Brannsam "
        "har fra andre kilder for brannvesenet; et tomt felt betyr «vet ikke».",
        estimates=False,
        feeds_risk=False,
        reference_sql=SERVICES_SQL,
        reference_sheet="Brannvesen",
    ),
    "kostnader": Dataset(
        "kostnader",
        "Kostnader",
        "kostnad",
        ("kommunenummer",),
        (
            Column(
                header="Kommunenummer",
                name="kommunenummer",
                kind="kommunenummer",
                help="Fire sifre, f.eks. 5059",
            ),
            YEAR,
            bounded(
                "netto_338_kr",
                "int",
                columns.NET_COST_KR,
                header="Netto driftsutgifter 338 (kr)",
                help="Forebygging",
            ),
            bounded(
                "netto_339_kr",
                "int",
                columns.NET_COST_KR,
                header="Netto driftsutgifter 339 (kr)",
                help="Beredskap",
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
        reference_sql=MUNICIPALITIES_SQL,
        reference_sheet="Kommuner",
    ),
    "hendelser": Dataset(
        "hendelser",
        "Hendelser",
        "hendelse",
        ("kommunenummer", "aar", "hendelsestype"),
        (
            Column(header="Kommunenummer", name="kommunenummer", kind="kommunenummer"),
            YEAR,
            Column(
                header="Hendelsestype",
                name="hendelsestype",
                kind="text",
                help="Bruk «utrykninger (alle typer)» for totalen",
            ),
            bounded("antall", "int", columns.COUNT_PER_YEAR, header="Antall"),
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
        reference_sql=MUNICIPALITIES_SQL,
        reference_sheet="Kommuner",
    ),
    "stasjoner": Dataset(
        "stasjoner",
        "Stasjoner",
        "brannstasjon",
        ("kommunenummer", "navn"),
        (
            Column(
                header="Kommunenummer",
                name="kommunenummer",
                kind="kommunenummer",
                help="Kommunen stasjonen ligger i",
            ),
            Column(
                header="Stasjonsnavn",
                name="navn",
                kind="text",
                help="Skriv navnet nøyaktig som på arket «Stasjoner i dag» for å endre en stasjon; "
                "et nytt navn legger til en ny stasjon",
            ),
            Column(
                header="Breddegrad",
                name="lat",
                kind="float",
                required=False,
                minimum=columns.LATITUDE[0],
                maximum=columns.LATITUDE[1],
                help="Desimalgrader (WGS84), f.eks. 63,2850. Uten koordinater er stasjonen ikke med i "
                "responstidsmodellen",
            ),
            Column(
                header="Lengdegrad",
                name="lon",
                kind="float",
                required=False,
                minimum=columns.LONGITUDE[0],
                maximum=columns.LONGITUDE[1],
                help="Desimalgrader (WGS84), f.eks. 10,2860",
            ),
            Column(
                header="Kategori",
                name="kategori",
                kind="choice",
                help="Hvordan stasjonen er bemannet; døgnkasernert gir kortere utrykningstid i modellen",
                choices=station_import.CATEGORIES,
            ),
            Column(
                header="Nedlagt",
                name="nedlagt",
                kind="bool",
                required=False,
                help="«ja» fjerner stasjonen fra Brannsam; tomt eller «nei» beholder den",
            ),
            YEAR,
            SOURCE,
        ),
        {
            "Kommunenummer": "5028",
            "Stasjonsnavn": "Korsvegen brannstasjon",
            "Breddegrad": 63.159692,
            "Lengdegrad": 10.101301,
            "Kategori": "ikke kasernert",
            "Nedlagt": "nei",
            "År": 2025,
            "Kilde": "Gauldal brann og redning, stasjonsliste 2025",
        },
        "Brannstasjoner per kommune. En rad endrer stasjonen med samme kommune og navn, legger til "
        "en ny, eller fjerner den (Nedlagt = ja). Stasjoner som ikke står i fila, beholdes.",
        estimates=False,
        compare=station_import.compare,
        write=station_import.write,
        problems=station_import.problems,
        reference_sql=station_import.REFERENCE_SQL,
        reference_sheet="Stasjoner i dag",
    ),
    "samarbeidsvurdering": Dataset(
        "samarbeidsvurdering",
        "Samarbeidsvurdering",
        "samarbeidsvurdering_import",
        ("vurderer", "omrade_id"),
        (
            Column(
                header="Vurderer",
                name="vurderer",
                kind="text",
                help="Brannsjef, arbeidsgruppe eller kommune som vurderer",
                max_chars=MAX_ASSESSOR,
            ),
            Column(
                header="Samarbeidsområde",
                name="omrade_id",
                kind="samarbeidsomrade",
                help="ID eller navn fra arket «Samarbeidsområder»",
            ),
            *(
                Column(
                    header=label,
                    name=criterion,
                    kind="int",
                    required=False,
                    minimum=1,
                    maximum=5,
                    help="Poeng 1 (svakt) til 5 (sterkt); tomt = ikke vurdert",
                )
                for criterion, label in CRITERIA.items()
            ),
            Column(
                header="Forventet gevinst (kr/år)",
                name="gevinst_kr",
                kind="int",
                required=False,
                minimum=0,
                maximum=1_000_000_000,
                help="Forventet årlig gevinst i kroner, om dere har et anslag",
            ),
            SOURCE,
        ),
        {
            "Vurderer": "Arbeidsgruppe forebyggende",
            "Samarbeidsområde": "forebyggende",
            **dict.fromkeys(CRITERIA.values(), 3),
            "Forventet gevinst (kr/år)": 500_000,
            "Kilde": "Arbeidsmøte 12.3.2025",
        },
        "Poeng 1–5 per samarbeidsområde og kriterium, én rad per vurderer og område. En vurderer "
        "som importeres, får alle sine poeng fra importene; poeng lagt inn på siden Samarbeid for "
        "samme vurderer skjules (og kommer tilbake om importen angres).",
        estimates=False,
        feeds_risk=False,
        at_least_one=(*CRITERIA, "gevinst_kr"),
        compare=score_import.compare,
        reference_sql=score_import.REFERENCE_SQL,
        reference_sheet="Samarbeidsområder",
    ),
}


def template(name: str, reference: pd.DataFrame | None = None) -> bytes:
    """An xlsx template: the data sheet with headers and one example row, a sheet that explains
    each column, and (given `reference`, see importer.reference) the valid ids to copy from."""
    dataset = DATASETS[name]
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
            "Tillatte verdier": [_allowed(f) for f in dataset.fields],
            "Forklaring": [f.help for f in dataset.fields],
        }
    )
    sheets = {
        dataset.sheet: pd.DataFrame([dataset.example], columns=[f.header for f in dataset.fields]),
        "Forklaring": explain,
    }
    if reference is not None and dataset.reference_sheet:
        sheets[dataset.reference_sheet] = reference
    return export.to_excel(sheets, notes=[dataset.about, EXAMPLE_NOTE], notes_title="Om malen")


def _allowed(f: Column) -> str:
    if f.choices:
        return " / ".join(f.choices)
    if f.max_chars:
        return f"høyst {f.max_chars} tegn"
    return columns.allowed_range(f)
