"""Downloads people open in Excel: xlsx with Norwegian headers, and CSV as Norwegian Excel
reads it (semicolon, decimal comma, UTF-8 with BOM); and the QR code a phone scans to join."""

from __future__ import annotations

import io

import pandas as pd
import segno
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

MAX_SHEET_NAME = 31


# What a spreadsheet reads as the start of a formula (OWASP «CSV injection»).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cells_as_text(book: Workbook) -> None:
    """openpyxl turns every string that starts with «=» into a live formula: a name such as
    `=HYPERLINK(…)` typed into the app would run in whoever opens the download. Brannsam writes
    no formulas, so every such cell is written back as the text it is."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def to_excel(
    sheets: dict[str, pd.DataFrame], notes: list[str] | None = None, notes_title: str = "Om tallene"
) -> bytes:
    """The one way Brannsam writes Excel: one sheet per dataframe (plus `notes_title` with source
    notes), columns sized to fit, the header row frozen; text stays text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:MAX_SHEET_NAME], index=False)
            sheet = writer.sheets[name[:MAX_SHEET_NAME]]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        if notes:
            pd.DataFrame({notes_title: notes}).to_excel(writer, sheet_name=notes_title, index=False)
            writer.sheets[notes_title].column_dimensions["A"].width = 120
        text_cells_as_text(writer.book)
    return buffer.getvalue()


def neutralised(value: object) -> object:
    """A text that a spreadsheet would run as a formula, prefixed with an apostrophe as
    spreadsheet users expect; everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralised)
    return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def qr_png(link: str) -> bytes:
    """The link as a QR code (PNG) that a phone reads from the back of a hall."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()
