"""Read and validate the source files in data/sources/.

Every problem is reported as a `SourceError` naming the file, the row (as a spreadsheet
shows it: the header is row 1) and the column, in Norwegian, so that whoever edits the
file can find and fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from brannsam.data import columns, service_facts, settlements
from brannsam.data.columns import Column, bounded


class SourceError(Exception):
    """A source file that cannot be used, with where and why in Norwegian."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        self.file, self.message, self.row, self.column = file, message, row, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [f"Feil i kildefila {self.file}"]
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolonne «{self.column}»")
        return ", ".join(where) + f": {self.message}"


@dataclass(frozen=True)
class SourceSpec:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            path.name,
            f"fila er ikke gyldig UTF-8 (lagre den som «CSV UTF-8»). Ugyldig byte 0x{raw[err.start]:02x}.",
            row=row,
        ) from None


def _convert(spec: SourceSpec, col: Column, text: str, row: int, known: dict[str, dict[str, str]]):
    try:
        return columns.convert(text, col, known)
    except columns.CellError as err:
        raise SourceError(spec.file, str(err), row, col.name) from None


def read_csv(spec: SourceSpec, directory: Path, known_kommuner: set[str] | None = None) -> pd.DataFrame:
    """Read one CSV source, check every cell against its spec, and return a dataframe."""
    path = directory / spec.file
    if not path.exists():
        raise SourceError(spec.file, "fila finnes ikke.")
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    header = next(reader, None)
    if not header:
        raise SourceError(spec.file, "fila er tom.")
    header = [h.strip() for h in header]
    for col in spec.columns:
        if col.name not in header:
            raise SourceError(spec.file, "kolonnen mangler i overskriftsraden.", 1, col.name)
    index = {name: i for i, name in enumerate(header)}
    known = {} if known_kommuner is None else {"kommunenummer": {k: k for k in known_kommuner}}
    records: list[dict] = []
    seen: dict[tuple, int] = {}
    for row_number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise SourceError(
                spec.file, f"raden har {len(cells)} felt, overskriften har {len(header)}.", row_number
            )
        record = {
            col.name: _convert(spec, col, cells[index[col.name]], row_number, known) for col in spec.columns
        }
        if spec.key:
            key = tuple(record[k] for k in spec.key)
            if key in seen:
                raise SourceError(
                    spec.file,
                    f"dobbel nøkkel {', '.join(map(str, key))} (også på rad {seen[key]}).",
                    row_number,
                    spec.key[0],
                )
            seen[key] = row_number
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[c.name for c in spec.columns])


def read_borders(file: str, directory: Path, known_kommuner: set[str]) -> dict[str, dict]:
    """Municipality polygons as {kommunenummer: GeoJSON feature}; every municipality must have one."""
    path = directory / file
    if not path.exists():
        raise SourceError(file, "fila finnes ikke.")
    try:
        data = json.loads(_decode(path))
    except json.JSONDecodeError as err:
        raise SourceError(file, f"ugyldig GeoJSON ({err.msg}).", err.lineno) from None
    features: dict[str, dict] = {}
    for number, feature in enumerate(data.get("features", []), start=1):
        nr = str(feature.get("properties", {}).get("kommunenummer", ""))
        if nr not in known_kommuner:
            raise SourceError(file, f"objekt nr. {number} har ukjent kommunenummer «{nr}».")
        if feature.get("geometry", {}).get("type") not in {"Polygon", "MultiPolygon"}:
            raise SourceError(file, f"objekt nr. {number} ({nr}) er ikke et polygon.")
        features[nr] = feature
    missing = sorted(known_kommuner - features.keys())
    if missing:
        raise SourceError(file, f"mangler grense for kommune {', '.join(missing)}.")
    return features


KOMMUNER = SourceSpec(
    "kommuner.csv",
    (
        Column(name="kommunenummer", kind="kommunenummer"),
        Column(name="kommunenavn"),
        Column(name="fylke"),
        bounded("innbyggere", "int", columns.INHABITANTS),
        bounded("innbyggere_aar", "int", columns.YEAR),
        Column(name="areal_km2", kind="float", minimum=0.01, maximum=100_000),
        bounded("senter_lat", "float", columns.LATITUDE),
        bounded("senter_lon", "float", columns.LONGITUDE),
        Column(name="kilde"),
    ),
    key=("kommunenummer",),
)


def service_spec(file: str) -> SourceSpec:
    """One municipality-to-fire-service mapping (one file per structure)."""
    return SourceSpec(
        file,
        (
            Column(name="brannvesen_navn"),
            Column(name="organisasjonsform"),
            Column(name="kommunenummer", kind="kommunenummer"),
            Column(name="kommunenavn"),
            Column(name="kilde"),
            Column(name="sikkerhet"),
        ),
        key=("kommunenummer",),
    )


BRANNSTASJONER = SourceSpec(
    "brannstasjoner.csv",
    (
        Column(name="navn"),
        bounded("lat", "float", columns.LATITUDE, required=False),
        bounded("lon", "float", columns.LONGITUDE, required=False),
        Column(name="kommunenummer", kind="kommunenummer"),
        Column(name="heltid_deltid"),
        Column(name="kilde"),
        Column(name="koordinat_merknad", required=False),
        Column(name="dsb_navn", required=False),
        Column(name="dsb_stasjonstype", required=False),
        Column(name="dsb_kasernert", required=False),
    ),
    key=("navn", "kommunenummer"),
)

# Staffing the services themselves or the press published for one station or a group of stations:
# part-time persons, or positions on duty around the clock (a group's figure is their total).
BEMANNING_PUBLISERT = SourceSpec(
    "bemanning_publisert.csv",
    (
        Column(name="stasjoner"),
        Column(name="kommunenummer", kind="kommunenummer"),
        Column(name="deltid_personer", kind="int", minimum=0, maximum=200, required=False),
        Column(name="vakt_dognet", kind="int", minimum=0, maximum=200, required=False),
        bounded("aar", "int", columns.YEAR, required=False),
        Column(name="kilde"),
        Column(name="merknad"),
    ),
    key=("stasjoner",),
)


def check_published_staffing(published: pd.DataFrame, stations: pd.DataFrame) -> None:
    """Every station a published figure names is in the station file, in that municipality."""
    known = set(zip(stations["navn"], stations["kommunenummer"], strict=True))
    for row, (names, nr) in enumerate(
        zip(published["stasjoner"], published["kommunenummer"], strict=True), start=2
    ):
        for name in names.split(";"):
            if (name, nr) not in known:
                raise SourceError(
                    BEMANNING_PUBLISERT.file,
                    f"stasjonen «{name}» finnes ikke i brannstasjoner.csv for kommune {nr}.",
                    row,
                    "stasjoner",
                )


# A settlement with its published size and, where known, its point (both settlement files).
SETTLEMENT = (
    Column(name="tettsted"),
    Column(name="kommunenummer", kind="kommunenummer"),
    bounded("innbyggere", "int", columns.INHABITANTS),
    bounded("aar", "int", columns.YEAR),
    bounded("lat", "float", columns.LATITUDE, required=False),
    bounded("lon", "float", columns.LONGITUDE, required=False),
)

TETTSTEDER = SourceSpec(
    "tettsteder.csv", (*SETTLEMENT, Column(name="kilde")), key=("tettsted", "kommunenummer")
)

TETTSTEDER_PUBLISERTE = SourceSpec(
    "tettsteder_publiserte.csv",
    (
        *SETTLEMENT,
        Column(name="koordinat_kilde"),
        Column(name="kilde"),
        # Listed settlements a newer published figure includes (SSB merges settlements that grow
        # together), separated by «;»: they are not counted a second time.
        Column(name="omfatter", required=False),
    ),
    key=("tettsted", "kommunenummer"),
)


def read_settlements(directory: Path, known: set[str]) -> pd.DataFrame:
    """Every settlement with a published size: the listed ones with the newer published figures
    laid over them (`settlements.merged`)."""
    return settlements.merged(
        read_csv(TETTSTEDER, directory, known), read_csv(TETTSTEDER_PUBLISERTE, directory, known)
    )


HENDELSER = SourceSpec(
    "hendelser.csv",
    (
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("aar", "int", columns.YEAR),
        Column(name="hendelsestype"),
        bounded("antall", "int", columns.COUNT_PER_YEAR),
        Column(name="kilde"),
    ),
    key=("kommunenummer", "aar", "hendelsestype"),
)

REGLER = SourceSpec(
    "regler.csv",
    (
        Column(name="regel_id"),
        Column(name="tittel"),
        Column(name="krav"),
        Column(name="terskel", required=False),
        Column(name="gammel_ref", required=False),
        Column(name="ny_ref", required=False),
        Column(name="status"),
        Column(name="kilde"),
        Column(name="tolkning"),
        Column(name="gjelder"),
        Column(name="samarbeidsomrade", required=False),
        # What a rule's threshold rests on, as a user reads it: the regulation or DSB's guidance,
        # or «antakelse» where no public source confirms it.
        Column(name="terskel_grunnlag", required=False),
    ),
    key=("regel_id",),
)

KONTROLLTALL = SourceSpec(
    "kontrolltall.csv",
    (
        Column(name="gjelder"),
        Column(name="navn"),
        bounded("aar", "int", columns.YEAR),
        Column(name="storrelse"),
        Column(name="verdi", kind="float", minimum=0),
        Column(name="enhet"),
        Column(name="kilde"),
        Column(name="merknad", required=False),
    ),
    key=("gjelder", "aar", "storrelse"),
)


# R1's «konsentrert/tett bebyggelse» beyond the size reading: places the project leader lists.
TETT_BEBYGGELSE = SourceSpec(
    "tett_bebyggelse.csv",
    (
        Column(name="tettsted"),
        Column(name="kommunenummer", kind="kommunenummer"),
        Column(name="begrunnelse"),
        Column(name="kilde"),
    ),
    key=("tettsted", "kommunenummer"),
)


def check_dense_places(listed: pd.DataFrame, places: pd.DataFrame) -> None:
    """Every place R1's list names is a settlement the settlement files know."""
    known = set(zip(places["tettsted"], places["kommunenummer"], strict=True))
    for row, key in enumerate(zip(listed["tettsted"], listed["kommunenummer"], strict=True), start=2):
        if key not in known:
            raise SourceError(
                TETT_BEBYGGELSE.file,
                f"tettstedet «{key[0]}» finnes ikke i tettstedsfilene for kommune {key[1]}.",
                row,
                "tettsted",
            )


BRANNVESEN_FAKTA = SourceSpec(
    "brannvesen_fakta.csv",
    # A source file may leave the year empty where its sources are undated (each analysis carries
    # its own year); a service's own report (the import) must give one.
    (
        Column(name="brannvesen_id"),
        bounded("aar", "int", columns.YEAR, required=False),
        *(f for f in service_facts.FIELDS if f.name != "aar"),
    ),
    key=("brannvesen_id",),
)

SAMARBEIDSOMRADER = SourceSpec(
    "samarbeidsomrader.csv",
    (
        Column(name="omrade_id"),
        Column(name="navn"),
        Column(name="beskrivelse"),
        Column(name="samarbeid_i_dag", required=False),
        Column(name="egnede_former"),
        Column(name="begrunnelse"),
        Column(name="kilde"),
    ),
    key=("omrade_id",),
)

ORGANISASJONSFORMER = SourceSpec(
    "organisasjonsformer.csv",
    (
        Column(name="form_id"),
        Column(name="navn"),
        Column(name="lovgrunnlag"),
        Column(name="styring"),
        Column(name="arbeidsgiver"),
        Column(name="kostnadsdeling"),
        Column(name="begrensninger"),
        Column(name="fordeler"),
        Column(name="ulemper"),
        Column(name="ubekreftet", required=False),
    ),
    key=("form_id",),
)

# The study's milestones: the project leader edits this file when a date is set or moved.
MILEPAELER = SourceSpec(
    "milepaeler.csv",
    (
        Column(name="fra"),
        Column(name="til", required=False),
        Column(name="hva"),
        Column(name="kilde"),
    ),
    key=("fra", "hva"),
)


def read_milestones(directory: Path) -> pd.DataFrame:
    """The milestones with their dates checked (YYYY-MM-DD; an end, if given, not before the start)."""
    frame = read_csv(MILEPAELER, directory)
    for row, (start, end) in enumerate(zip(frame["fra"], frame["til"], strict=True), start=2):
        for column, value in (("fra", start), ("til", end)):
            if column == "til" and (value is None or pd.isna(value) or not str(value).strip()):
                continue
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise SourceError(
                    MILEPAELER.file, f"«{value}» er ikke en dato som 2027-03-15.", row, column
                ) from None
        if isinstance(end, str) and end.strip() and end < start:
            raise SourceError(MILEPAELER.file, "sluttdatoen er før startdatoen.", row, "til")
    return frame
