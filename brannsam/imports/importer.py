"""Import the fire services' real figures from a filled template (xlsx, or CSV as Norwegian
Excel saves it), safely: everything is validated first and every problem is reported at once
(sheet, row, column, in Norwegian); nothing is written until the user confirms, and then in one
transaction. Each accepted file is kept under data/imports/ and replayed by the build, in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from brannsam import formatting as fmt
from brannsam.data import columns
from brannsam.data.columns import Column
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.imports import files, rowdiff
from brannsam.imports.datasets import Dataset


@dataclass
class Parsed:
    dataset: Dataset | None
    frame: pd.DataFrame | None
    problems: list[str]
    sha256: str = ""
    where: str = ""  # «Ark «Kostnader»» or «Fila x.csv», to start messages with
    row_numbers: list[int] = field(default_factory=list)  # each frame row's row in the file

    @property
    def accepted(self) -> tuple[Dataset, pd.DataFrame]:
        """The dataset and rows of a file without problems (only such a file is written)."""
        if self.problems or self.dataset is None or self.frame is None:
            raise ValueError("a file with problems is never written")
        return self.dataset, self.frame


MAX_PROBLEMS = 100


def _convert(value: object, f: Column, where: str, known: dict[str, dict[str, str]], problems: list[str]):
    """The cell through the shared converter, as a file sent to us; a problem is collected with
    where it is, so every problem of the file is reported at once."""
    try:
        return columns.convert(value, f, known, untrusted=True)
    except columns.CellError as err:
        problems.append(f"{where}: {err}")
        return None


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
    sheet = files.read(filename, data, dataset)
    chosen, rows, problems, where = sheet.dataset, sheet.rows, sheet.problems, sheet.where
    if chosen is None or (not rows and problems):
        return Parsed(chosen, None, problems, digest)

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
    records: list[dict] = []
    seen: dict[tuple, int] = {}
    numbers: list[int] = []
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
    if not parsed.problems and parsed.dataset is not None and parsed.dataset.problems is not None:
        parsed.problems = capped(parsed.dataset.problems(con, parsed.frame, parsed.where, parsed.row_numbers))
        if parsed.problems:
            parsed.frame = None
    return parsed


def _current(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> pd.DataFrame:
    names = ", ".join(f.name for f in dataset.fields)
    estimated = "estimert" if dataset.estimates else "FALSE AS estimert"
    where = " WHERE NOT estimert" if dataset.beside_estimates else ""
    return con.execute(f"SELECT {names}, {estimated} FROM {dataset.table}{where}").df()


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
            for r in con.execute(
                "SELECT brannvesen_id FROM brannvesen WHERE struktur_id = ?", [DEFAULT_STRUCTURE]
            ).fetchall()
        },
        "samarbeidsomrade": {
            **{name.lower(): area for area, name in areas},
            **{area.lower(): area for area, _ in areas},
        },
    }


def reference(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> pd.DataFrame | None:
    """The valid ids and names for a template's third sheet."""
    if not dataset.reference_sql:
        return None
    wanted = {"structure": DEFAULT_STRUCTURE} if "$structure" in dataset.reference_sql else {}
    return con.execute(dataset.reference_sql, wanted).df()


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
