"""Building test files and importing them, shared by the import tests."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import openpyxl

from brannsam.pipeline import importing

TABLES = ("kostnad", "bemanning", "hendelse", "risikoindikator", "importlogg")


def content(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def xlsx(rows: list[list], sheet: str = "Kostnader") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["Kommunenummer", "År", "Netto driftsutgifter 338 (kr)", "Netto driftsutgifter 339 (kr)", "Kilde"]


def workbook(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    book.create_sheet("Synlig")  # a workbook needs one visible sheet
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def many_rows(n: int) -> list[list]:
    return [HEADER] + [["5059", 2024, 1, 2, "x"]] * n


GOOD = [
    HEADER,
    ["5059", 2024, 2_500_000, 21_000_000, "KOSTRA 2024"],
    ["5001", 2024, 30_000_000, 190_000_000, "KOSTRA 2024"],
]


def try_import(db: Path, store: Path, name: str, data: bytes, dataset: str | None = None) -> list[str]:
    con = duckdb.connect(str(db))
    try:
        importing.accept(con, name, data, "test", store, dataset)
        return []
    except importing.ImportRejected as err:
        return err.problems
    finally:
        con.close()
