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


# Number formats Excel shows in the reader's own locale (a Norwegian Excel: «1 234 567 kr»).
KRONER_FORMAT = '#,##0 "kr"'
NUMBER_FORMAT = "#,##0.##"
WHOLE_FORMAT = "0"
PERCENT_FORMAT = '0.0 "%"'  # the tables hold per cent already (12.5 means 12,5 %)
WHOLE_COLUMNS = ("År", "Kommunenummer", "aar", "kommunenummer")
MONEY_WORDS = ("kr", "Bidrag", "Netto", "Unngått", "Dagens kostnad", "Budsjett", "Nåverdi", "Beløp", "Verdi")


def _format_for(column: str) -> str:
    """The number format a column's name implies: years and municipality numbers plain, money in
    kroner, shares in per cent, other figures grouped."""
    if column in WHOLE_COLUMNS:
        return WHOLE_FORMAT
    if "%" in column:
        return PERCENT_FORMAT
    if any(word in column for word in MONEY_WORDS):
        return KRONER_FORMAT
    return NUMBER_FORMAT


def _as_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Years and municipality numbers written as numbers, not text."""
    out = frame.copy()
    for column in WHOLE_COLUMNS:
        if column not in out:
            continue
        values = out[column].replace("", pd.NA)
        given = values.dropna().astype(str)
        if len(given) and given.str.fullmatch(r"[1-9]\d{3}").all():  # «0301» would lose its zero
            out[column] = pd.to_numeric(values).astype("Int64")
    return out


def with_total(frame: pd.DataFrame, label: str, columns: list[str]) -> pd.DataFrame:
    """The frame with a «Sum» row under it, summing `columns` (blank elsewhere)."""
    total = {c: (float("nan") if pd.api.types.is_numeric_dtype(frame[c]) else "") for c in frame.columns}
    total[label] = "Sum"
    total.update({column: frame[column].sum() for column in columns if column in frame})
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def to_excel(
    sheets: dict[str, pd.DataFrame], notes: list[str] | None = None, notes_title: str = "Om tallene"
) -> bytes:
    """The one way Brannsam writes Excel: one sheet per dataframe (plus `notes_title` with source
    notes), columns sized to fit, the header row frozen, numbers as numbers in Norwegian formats
    (kroner, per cent, whole years); text stays text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame = _as_numbers(frame)
            frame.to_excel(writer, sheet_name=name[:MAX_SHEET_NAME], index=False)
            sheet = writer.sheets[name[:MAX_SHEET_NAME]]
            for i, column in enumerate(frame.columns, start=1):
                if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(
                    frame[column]
                ):
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = _format_for(str(column))
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
