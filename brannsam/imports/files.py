"""Reading the rows of an uploaded file, xlsx or CSV as Norwegian Excel saves it, within limits
that keep a wrong or hostile file from taking the server's memory or time. What the rows mean
is `importer`'s business."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from brannsam import formatting as fmt
from brannsam.imports.datasets import DATASETS, Dataset

MAX_BYTES = 20 * 1024 * 1024  # as .streamlit/config.toml server.maxUploadSize
# Bounds no real filled template comes near (the station list, the largest, has 82 rows): a
# file beyond them is refused early, before it can take the server's memory or time.
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 50_000  # blank rows included
MAX_COLUMNS = 60
MAX_UNPACKED = 50 * 1024 * 1024
NOT_XLSX = "Fila er ikke et gyldig Excel-regneark (.xlsx). Lagre den som «Excel-arbeidsbok» og prøv igjen."
TOO_MANY_ROWS = (
    f"Fila har mer enn {fmt.number(MAX_ROWS)} rader med data. En utfylt mal har langt færre; "
    "del opp fila eller kontroller at det ikke er limt inn noe annet."
)


def _unpacked_problem(data: bytes) -> str | None:
    """Why a workbook is refused before it is opened: not a zip, or too big unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return NOT_XLSX
    if unpacked > MAX_UNPACKED:
        return (
            f"Fila pakker seg ut til {fmt.number(unpacked / 1024 / 1024)} MB; en utfylt mal er under "
            f"{fmt.number(MAX_UNPACKED // 1024 // 1024)} MB. Kontroller at det er riktig fil."
        )
    return None


def _chosen_sheet(sheetnames: list[str], dataset: str | None) -> tuple[Dataset | None, str | None]:
    """The one dataset sheet in the workbook (or the one asked for), or why there is none."""
    by_sheet = {d.sheet: d for d in DATASETS.values()}
    if dataset:
        found = [DATASETS[dataset].sheet] if DATASETS[dataset].sheet in sheetnames else []
    else:
        found = [name for name in sheetnames if name in by_sheet]
    if not found:
        wanted = DATASETS[dataset].sheet if dataset else " / ".join(by_sheet)
        return None, f"Fant ikke arket «{wanted}». Arkene i fila heter: {', '.join(sheetnames)}."
    if len(found) > 1:
        return None, (
            f"Fila har flere datasett ({', '.join(f'«{n}»' for n in found)}). Importer ett datasett "
            "per fil, eller velg datasettet i lista."
        )
    return by_sheet[found[0]], None


def _sheet_rows(sheet) -> tuple[list[list], list[str], bool]:
    """The sheet's rows as values, a problem per formula cell, and whether it has too many rows."""
    problems, rows, filled = [], [], 0
    for r, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        values = []
        for c, cell in enumerate(row, start=1):
            if cell.data_type == "f":
                problems.append(
                    f"Ark «{sheet.title}», rad {r}, kolonne {openpyxl.utils.get_column_letter(c)}: "
                    "cellen inneholder en formel. Lim inn verdier i stedet (Lim inn utvalg → Verdier)."
                )
            values.append(cell.value)
        filled += any(v not in (None, "") for v in values)
        if filled > MAX_ROWS + 1 or r > MAX_SCANNED_ROWS:
            return [], problems, True
        rows.append(values)
    return rows, problems, False


def xlsx_sheet(data: bytes, dataset: str | None) -> tuple[Dataset | None, list[list], list[str]]:
    """The dataset's sheet of a workbook, read streaming: (dataset, rows, problems)."""
    if problem := _unpacked_problem(data):
        return None, [], [problem]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None, [], [NOT_XLSX]
    try:
        chosen, problem = _chosen_sheet(book.sheetnames, dataset)
        if chosen is None:
            return None, [], [problem or NOT_XLSX]
        sheet = book[chosen.sheet]
        problems = []
        if sheet.sheet_state != "visible":
            problems.append(
                f"Arket «{chosen.sheet}» er skjult i fila. Vis det (høyreklikk på en arkfane → Vis) og "
                "kontroller det før du importerer: Brannsam importerer ikke data ingen har sett."
            )
        rows, cell_problems, too_many = _sheet_rows(sheet)
        if too_many:
            return chosen, [], [TOO_MANY_ROWS]
        return chosen, rows, problems + cell_problems
    finally:
        book.close()


def named_sheet(filename: str, data: bytes, sheet_name: str) -> tuple[list[list], list[str]]:
    """The rows of one named sheet of a workbook, or of a CSV file, within the same limits as a
    dataset import: (rows, problems), with no rows when the problems make them unusable. For
    templates that are not datasets (the councils' decisions)."""
    if len(data) == 0:
        return [], ["Fila er tom."]
    if len(data) > MAX_BYTES:
        return [], [f"Fila er større enn {MAX_BYTES // (1024 * 1024)} MB."]
    suffix = Path(filename).suffix.lower()
    if suffix in {".csv", ".txt"}:
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and looks_binary(data):
            return [], ["Fila er ikke en tekstfil (CSV). Velg riktig fil."]
        return rows_from_csv(csv_text(data).replace("\x00", ""))
    if suffix != ".xlsx":
        return [], [f"Filtypen «{suffix or 'ukjent'}» støttes ikke: bruk .xlsx eller .csv."]
    if problem := _unpacked_problem(data):
        return [], [problem]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return [], [NOT_XLSX]
    try:
        if sheet_name not in book.sheetnames:
            return [], [f"Fant ikke arket «{sheet_name}». Arkene i fila heter: {', '.join(book.sheetnames)}."]
        rows, problems, too_many = _sheet_rows(book[sheet_name])
        return ([], [TOO_MANY_ROWS]) if too_many else (rows, problems)
    finally:
        book.close()


def csv_text(data: bytes) -> str:
    """UTF-16 (with its BOM), UTF-8 (with or without BOM) or, failing that, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def rows_from_csv(text: str) -> tuple[list[list], list[str]]:
    """Semicolon or comma; (rows, problems) with the row count and field size bounded."""
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                return [], [TOO_MANY_ROWS]
    except csv.Error:
        return [], [
            f"Fila kan ikke leses som CSV ved linje {reader.line_num}: et felt er for langt (over "
            f"{fmt.number(csv.field_size_limit())} tegn) eller har et anførselstegn som ikke er lukket."
        ]
    return rows, []


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096] or data[:8] == b"\x89PNG\r\n\x1a\n"


@dataclass
class Sheet:
    """The dataset a file holds (None when it cannot be told), its rows as the spreadsheet
    numbers them, the problems found while reading, and how messages name it."""

    dataset: Dataset | None
    rows: list[list] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    where: str = ""


def read(filename: str, data: bytes, dataset: str | None) -> Sheet:
    """The rows of an xlsx or CSV file; problems that make the rows unusable come with no rows."""
    if len(data) == 0:
        return Sheet(None, problems=["Fila er tom."])
    if len(data) > MAX_BYTES:
        return Sheet(None, problems=[f"Fila er større enn {MAX_BYTES // (1024 * 1024)} MB."])
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        chosen, rows, problems = xlsx_sheet(data, dataset)
        return Sheet(chosen, rows, problems, f"Ark «{chosen.sheet}»" if chosen else "")
    if suffix not in {".csv", ".txt"}:
        return Sheet(None, problems=[f"Filtypen «{suffix or 'ukjent'}» støttes ikke: bruk .xlsx eller .csv."])
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and looks_binary(data):
        return Sheet(None, problems=["Fila er ikke en tekstfil (CSV). Velg riktig fil."])
    if not dataset:
        return Sheet(None, problems=["Velg hvilket datasett CSV-fila inneholder."])
    text = csv_text(data)
    if "\x00" in text:
        return Sheet(
            None,
            problems=["Fila inneholder NUL-tegn, så den er ikke en ren tekstfil (CSV). Velg riktig fil."],
        )
    rows, problems = rows_from_csv(text)
    return Sheet(DATASETS[dataset], rows, problems, f"Fila {filename}")
