"""Read and validate the source files in data/sources/.

Every problem is reported as a `SourceError` naming the file, the row (as a spreadsheet
shows it: the header is row 1) and the column, in Norwegian, so that whoever edits the
file can find and fix it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from brannsam import formatting as fmt

KOMMUNENUMMER = re.compile(r"\d{4}")


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
class Column:
    name: str
    kind: str = "text"  # text | int | float | kommunenummer | bool
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None


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


def _convert(spec: SourceSpec, col: Column, text: str, row: int, known: set[str] | None):
    value = text.strip()
    if value == "":
        if col.required:
            raise SourceError(spec.file, "verdien mangler.", row, col.name)
        return None
    if col.kind == "text":
        return value
    if col.kind == "kommunenummer":
        if not KOMMUNENUMMER.fullmatch(value):
            raise SourceError(spec.file, f"«{value}» er ikke et kommunenummer (fire sifre).", row, col.name)
        if known is not None and value not in known:
            raise SourceError(spec.file, f"ukjent kommunenummer «{value}».", row, col.name)
        return value
    if col.kind == "bool":
        if value.lower() not in {"ja", "nei", "true", "false"}:
            raise SourceError(spec.file, f"«{value}» skal være «ja» eller «nei».", row, col.name)
        return value.lower() in {"ja", "true"}
    try:
        number = int(value) if col.kind == "int" else float(value)
    except ValueError:
        kind = "et heltall" if col.kind == "int" else "et tall"
        raise SourceError(spec.file, f"«{value}» er ikke {kind}.", row, col.name) from None
    if col.minimum is not None and number < col.minimum:
        raise SourceError(
            spec.file,
            f"{value} er mindre enn laveste tillatte verdi {fmt.plain(col.minimum)}.",
            row,
            col.name,
        )
    if col.maximum is not None and number > col.maximum:
        raise SourceError(
            spec.file,
            f"{value} er større enn høyeste tillatte verdi {fmt.plain(col.maximum)}.",
            row,
            col.name,
        )
    return number


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
            col.name: _convert(spec, col, cells[index[col.name]], row_number, known_kommuner)
            for col in spec.columns
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
        Column("kommunenummer", "kommunenummer"),
        Column("kommunenavn"),
        Column("fylke"),
        Column("innbyggere", "int", minimum=0, maximum=2_000_000),
        Column("innbyggere_aar", "int", minimum=1900, maximum=2100),
        Column("areal_km2", "float", minimum=0.01, maximum=100_000),
        Column("senter_lat", "float", minimum=57, maximum=72),
        Column("senter_lon", "float", minimum=4, maximum=32),
        Column("kilde"),
    ),
    key=("kommunenummer",),
)


def service_spec(file: str) -> SourceSpec:
    """One municipality-to-fire-service mapping (one file per structure)."""
    return SourceSpec(
        file,
        (
            Column("brannvesen_navn"),
            Column("organisasjonsform"),
            Column("kommunenummer", "kommunenummer"),
            Column("kommunenavn"),
            Column("kilde"),
            Column("sikkerhet"),
        ),
        key=("kommunenummer",),
    )


BRANNSTASJONER = SourceSpec(
    "brannstasjoner.csv",
    (
        Column("navn"),
        Column("lat", "float", required=False, minimum=57, maximum=72),
        Column("lon", "float", required=False, minimum=4, maximum=32),
        Column("kommunenummer", "kommunenummer"),
        Column("heltid_deltid"),
        Column("kilde"),
        Column("koordinat_merknad", required=False),
        Column("dsb_navn", required=False),
        Column("dsb_stasjonstype", required=False),
        Column("dsb_kasernert", required=False),
    ),
    key=("navn", "kommunenummer"),
)

TETTSTEDER = SourceSpec(
    "tettsteder.csv",
    (
        Column("tettsted"),
        Column("kommunenummer", "kommunenummer"),
        Column("innbyggere", "int", minimum=0, maximum=2_000_000),
        Column("aar", "int", minimum=1900, maximum=2100),
        Column("lat", "float", required=False, minimum=57, maximum=72),
        Column("lon", "float", required=False, minimum=4, maximum=32),
        Column("kilde"),
    ),
    key=("tettsted", "kommunenummer"),
)

HENDELSER = SourceSpec(
    "hendelser.csv",
    (
        Column("kommunenummer", "kommunenummer"),
        Column("aar", "int", minimum=1900, maximum=2100),
        Column("hendelsestype"),
        Column("antall", "int", minimum=0, maximum=1_000_000),
        Column("kilde"),
    ),
    key=("kommunenummer", "aar", "hendelsestype"),
)

REGLER = SourceSpec(
    "regler.csv",
    (
        Column("regel_id"),
        Column("tittel"),
        Column("krav"),
        Column("terskel", required=False),
        Column("gammel_ref", required=False),
        Column("ny_ref", required=False),
        Column("status"),
        Column("kilde"),
        Column("tolkning"),
        Column("gjelder"),
        Column("samarbeidsomrade", required=False),
    ),
    key=("regel_id",),
)

KONTROLLTALL = SourceSpec(
    "kontrolltall.csv",
    (
        Column("gjelder"),
        Column("navn"),
        Column("aar", "int", minimum=1990, maximum=2100),
        Column("storrelse"),
        Column("verdi", "float", minimum=0),
        Column("enhet"),
        Column("kilde"),
        Column("merknad", required=False),
    ),
    key=("gjelder", "aar", "storrelse"),
)

SAMARBEIDSOMRADER = SourceSpec(
    "samarbeidsomrader.csv",
    (
        Column("omrade_id"),
        Column("navn"),
        Column("beskrivelse"),
        Column("samarbeid_i_dag", required=False),
        Column("egnede_former"),
        Column("begrunnelse"),
        Column("kilde"),
    ),
    key=("omrade_id",),
)

ORGANISASJONSFORMER = SourceSpec(
    "organisasjonsformer.csv",
    (
        Column("form_id"),
        Column("navn"),
        Column("lovgrunnlag"),
        Column("styring"),
        Column("arbeidsgiver"),
        Column("kostnadsdeling"),
        Column("begrensninger"),
        Column("fordeler"),
        Column("ulemper"),
        Column("ubekreftet", required=False),
    ),
    key=("form_id",),
)
