"""Import the fire services' real figures from a filled template (xlsx, or CSV as Norwegian
Excel saves it), safely: everything is validated first and every problem is reported at once
(sheet, row, column, in Norwegian); nothing is written until the user confirms, and then in one
transaction. Each accepted file is kept under data/imports/ and replayed by the build, in order.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd

from brannsam import columns, rowdiff
from brannsam import formatting as fmt
from brannsam.columns import Column
from brannsam.datasets import DATASETS, Dataset

MAX_BYTES = 20 * 1024 * 1024  # as .streamlit/config.toml server.maxUploadSize


@dataclass
class Parsed:
    dataset: Dataset | None
    frame: pd.DataFrame | None
    problems: list[str]
    sha256: str = ""
    where: str = ""  # «Ark «Kostnader»» or «Fila x.csv», to start messages with
    row_numbers: list[int] = field(default_factory=list)  # each frame row's row in the file


def _convert(value: object, f: Column, where: str, known: dict[str, dict[str, str]], problems: list[str]):
    try:
        return columns.convert(value, f, known, untrusted=True)
    except columns.CellError as err:
        problems.append(f"{where}: {err}")
        return None


# Bounds no real filled template comes near (the station list, the largest, has 82 rows): a
# file beyond them is refused early, before it can take the server's memory or time.
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 50_000  # blank rows included
MAX_COLUMNS = 60
MAX_UNPACKED = 50 * 1024 * 1024
MAX_PROBLEMS = 100
NOT_XLSX = "Fila er ikke et gyldig Excel-regneark (.xlsx). Lagre den som «Excel-arbeidsbok» og prøv igjen."
TOO_MANY_ROWS = (
    f"Fila har mer enn {fmt.number(MAX_ROWS)} rader med data. En utfylt mal har langt færre; "
    "del opp fila eller kontroller at det ikke er limt inn noe annet."
)


def _xlsx_sheet(data: bytes, dataset: str | None) -> tuple[Dataset | None, list[list], list[str]]:
    """The dataset's sheet of a workbook, read streaming: (dataset, rows, problems)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, [], [NOT_XLSX]
    if unpacked > MAX_UNPACKED:
        return (
            None,
            [],
            [
                f"Fila pakker seg ut til {fmt.number(unpacked / 1024 / 1024)} MB; en utfylt mal er under "
                f"{fmt.number(MAX_UNPACKED // 1024 // 1024)} MB. Kontroller at det er riktig fil."
            ],
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None, [], [NOT_XLSX]
    try:
        by_sheet = {d.sheet: d for d in DATASETS.values()}
        if dataset:
            chosen = DATASETS[dataset]
            found = [chosen.sheet] if chosen.sheet in book.sheetnames else []
        else:
            found = [name for name in book.sheetnames if name in by_sheet]
        if not found:
            wanted = DATASETS[dataset].sheet if dataset else " / ".join(by_sheet)
            return (
                None,
                [],
                [f"Fant ikke arket «{wanted}». Arkene i fila heter: {', '.join(book.sheetnames)}."],
            )
        if len(found) > 1:
            return (
                None,
                [],
                [
                    f"Fila har flere datasett ({', '.join(f'«{n}»' for n in found)}). Importer ett datasett "
                    "per fil, eller velg datasettet i lista."
                ],
            )
        chosen = by_sheet[found[0]]
        sheet = book[chosen.sheet]
        problems = []
        if sheet.sheet_state != "visible":
            problems.append(
                f"Arket «{chosen.sheet}» er skjult i fila. Vis det (høyreklikk på en arkfane → Vis) og "
                "kontroller det før du importerer: Brannsam importerer ikke data ingen har sett."
            )
        rows, filled = [], 0
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
                return chosen, [], [TOO_MANY_ROWS]
            rows.append(values)
        return chosen, rows, problems
    finally:
        book.close()


def _csv_text(data: bytes) -> str:
    """UTF-16 (with its BOM), UTF-8 (with or without BOM) or, failing that, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _rows_from_csv(text: str) -> tuple[list[list], list[str]]:
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


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096] or data[:8] == b"\x89PNG\r\n\x1a\n"


def capped(problems: list[str]) -> list[str]:
    """At most MAX_PROBLEMS messages, and how many more there were: a file of bad rows must not
    become a message too large for the browser."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"… og {fmt.number(len(problems) - MAX_PROBLEMS)} andre feil."]


def parse(filename: str, data: bytes, known: dict[str, dict[str, str]], dataset: str | None = None) -> Parsed:
    """Validate an uploaded file completely against the valid ids in `known` (see known_ids).
    The dataset is taken from the sheet name when not given. The problems are capped."""
    parsed = _parse(filename, data, known, dataset)
    parsed.problems = capped(parsed.problems)
    return parsed


def _parse(filename: str, data: bytes, known: dict[str, dict[str, str]], dataset: str | None) -> Parsed:
    digest = hashlib.sha256(data).hexdigest()
    if len(data) == 0:
        return Parsed(None, None, ["Fila er tom."], digest)
    if len(data) > MAX_BYTES:
        return Parsed(None, None, [f"Fila er større enn {MAX_BYTES // (1024 * 1024)} MB."], digest)
    suffix = Path(filename).suffix.lower()
    problems: list[str] = []
    if suffix == ".xlsx":
        chosen, rows, problems = _xlsx_sheet(data, dataset)
        if chosen is None or (not rows and problems):
            return Parsed(chosen, None, problems, digest)
        where = f"Ark «{chosen.sheet}»"
    elif suffix in {".csv", ".txt"}:
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if not utf16 and _looks_binary(data):
            return Parsed(None, None, ["Fila er ikke en tekstfil (CSV). Velg riktig fil."], digest)
        if not dataset:
            return Parsed(None, None, ["Velg hvilket datasett CSV-fila inneholder."], digest)
        chosen = DATASETS[dataset]
        text = _csv_text(data)
        if "\x00" in text:
            return Parsed(
                None,
                None,
                ["Fila inneholder NUL-tegn, så den er ikke en ren tekstfil (CSV). Velg riktig fil."],
                digest,
            )
        rows, problems = _rows_from_csv(text)
        if problems:
            return Parsed(chosen, None, problems, digest)
        where = f"Fila {filename}"
    else:
        return Parsed(
            None, None, [f"Filtypen «{suffix or 'ukjent'}» støttes ikke: bruk .xlsx eller .csv."], digest
        )

    # Blank rows are skipped, but every message names the row as the spreadsheet numbers it.
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(v not in (None, "") for v in r)]
    if not numbered:
        return Parsed(chosen, None, [f"{where}: arket er tomt."], digest)
    head, header_row = numbered[0]
    header = [str(h).strip() if h is not None else "" for h in header_row]
    expected = [f.header for f in chosen.fields]
    for missing in [h for h in expected if h not in header]:
        problems.append(f"{where}, rad {head}: kolonnen «{missing}» mangler.")
    for extra in [h for h in header if h and h not in expected]:
        problems.append(f"{where}, rad {head}: ukjent kolonne «{extra}» (forventet: {', '.join(expected)}).")
    if any(p.startswith(f"{where}, rad {head}:") for p in problems):
        return Parsed(chosen, None, problems, digest, where)

    index = {h: i for i, h in enumerate(header)}
    example = _example(chosen, known)
    records, seen, numbers = [], {}, []
    for r, row in numbered[1:]:
        record = {}
        for f in chosen.fields:
            cell = row[index[f.header]] if index[f.header] < len(row) else None
            record[f.name] = _convert(cell, f, f"{where}, rad {r}, kolonne «{f.header}»", known, problems)
        if chosen.at_least_one and all(record[c] is None for c in chosen.at_least_one):
            labels = [f.header for f in chosen.fields if f.name in chosen.at_least_one]
            problems.append(f"{where}, rad {r}: fyll inn minst én av kolonnene {', '.join(labels)}.")
        if record == example:
            problems.append(
                f"{where}, rad {r}: dette er eksempelraden fra malen. Slett den, eller skriv inn ekte tall."
            )
        key = tuple(record[k] for k in chosen.key)
        if None not in key:
            if key in seen:
                problems.append(
                    f"{where}, rad {r}: samme nøkkel som rad {seen[key]} ({', '.join(map(str, key))})."
                )
            seen[key] = r
        records.append(record)
        numbers.append(r)
    frame = pd.DataFrame(records, columns=[f.name for f in chosen.fields])
    return Parsed(chosen, None if problems else frame, problems, digest, where, numbers)


def _example(dataset: Dataset, known: dict[str, dict[str, str]]) -> dict | None:
    """The template's example row as `parse` reads it: left in by mistake, it would pass for
    real figures, so it is refused."""
    scratch: list[str] = []
    example = dataset.example
    record = {f.name: _convert(example.get(f.header), f, "", known, scratch) for f in dataset.fields}
    return None if scratch else record


def validate(
    con: duckdb.DuckDBPyConnection, filename: str, data: bytes, dataset: str | None = None
) -> Parsed:
    """`parse` against the database's known ids, then the dataset's own checks that need the
    database (e.g. a station to remove must exist). The app, the CLI and the build's replay of
    kept imports all go through here, so they accept and refuse the same files."""
    parsed = parse(filename, data, known_ids(con), dataset)
    if not parsed.problems and parsed.dataset.problems is not None:
        parsed.problems = capped(parsed.dataset.problems(con, parsed.frame, parsed.where, parsed.row_numbers))
        if parsed.problems:
            parsed.frame = None
    return parsed


def _current(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> pd.DataFrame:
    columns = ", ".join(f.name for f in dataset.fields)
    estimated = "estimert" if dataset.estimates else "FALSE AS estimert"
    where = " WHERE NOT estimert" if dataset.beside_estimates else ""
    return con.execute(f"SELECT {columns}, {estimated} FROM {dataset.table}{where}").df()


def preview(con: duckdb.DuckDBPyConnection, dataset: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Each imported row marked «ny», «endret», «uendret» or «erstatter estimat» (or what the
    dataset's own comparison says) against the database."""
    if dataset.compare is not None:
        return dataset.compare(con, frame)
    others = [f.name for f in dataset.fields if f.name not in dataset.key]
    return frame.assign(endring=rowdiff.changes(_current(con, dataset), frame, list(dataset.key), others))


def with_headers(dataset: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """A preview with the template's Norwegian headers, as the user knows the columns."""
    return frame.rename(columns={f.name: f.header for f in dataset.fields} | {"endring": "Endring"})


def apply(con: duckdb.DuckDBPyConnection, dataset: Dataset, frame: pd.DataFrame) -> int:
    """Write the rows (no transaction handling here: the caller wraps the whole import).
    Each row replaces the row with the same key: the estimate, or the real figure imported
    before (only the real one where the dataset keeps real rows beside the estimates)."""
    if dataset.write is not None:
        return dataset.write(con, frame)
    rows = frame.assign(**({"estimert": False} if dataset.estimates else {}), **dataset.constants)
    match = " AND ".join(f"{k} = ?" for k in dataset.key)
    if dataset.beside_estimates:
        match += " AND NOT estimert"
    keys = [list(r) for r in rows[list(dataset.key)].itertuples(index=False)]
    con.executemany(f"DELETE FROM {dataset.table} WHERE {match}", keys)
    columns = list(rows.columns)
    con.register("_import", rows)
    con.execute(
        f"INSERT INTO {dataset.table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _import"
    )
    con.unregister("_import")
    return len(rows)


def known_ids(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Per kind of id: what a file may write (lower case) -> the id. Areas may be given by name."""
    areas = con.execute("SELECT omrade_id, navn FROM samarbeidsomrade").fetchall()
    return {
        "kommunenummer": {r[0]: r[0] for r in con.execute("SELECT kommunenummer FROM kommune").fetchall()},
        "brannvesen": {
            r[0].lower(): r[0]
            for r in con.execute("SELECT brannvesen_id FROM brannvesen WHERE struktur_id = 'dsb'").fetchall()
        },
        "samarbeidsomrade": {
            **{name.lower(): area for area, name in areas},
            **{area.lower(): area for area, _ in areas},
        },
    }


def reference(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> pd.DataFrame | None:
    """The valid ids and names for a template's third sheet."""
    return con.execute(dataset.reference_sql).df() if dataset.reference_sql else None


def stored_name(number: int, dataset: str, filename: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(filename).name)[:80]
    return f"{number:04d}_{dataset}_{safe}"


def stored_files(directory: Path) -> list[Path]:
    """Accepted imports in the order they were made (none while the folder does not exist)."""
    if not directory.exists():
        return []
    return sorted(p for p in directory.glob("[0-9][0-9][0-9][0-9]_*") if p.is_file())


def next_number(directory: Path) -> int:
    """One above the highest number used so far, undone imports (in angret/) included, so an
    import never takes the name of an earlier one."""
    used = [p for d in (directory, directory / "angret") for p in stored_files(d)]
    return max((int(p.name[:4]) for p in used), default=0) + 1


def dataset_of(path: Path) -> str:
    return path.name.split("_", 2)[1]


def log_row(
    con: duckdb.DuckDBPyConnection, user: str, filename: str, sha: str, dataset: str, rows: int
) -> int:
    next_id = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM importlogg").fetchall()[0][0]
    con.execute(
        "INSERT INTO importlogg VALUES (?, ?, ?, ?, ?, ?, ?)",
        [next_id, dt.datetime.now(), user, filename, sha, dataset, rows],
    )
    return next_id
