"""Downloads people open in Excel: xlsx with Norwegian headers, and CSV as Norwegian Excel
reads it (semicolon, decimal comma, UTF-8 with BOM); and the QR code a phone scans to join."""

from __future__ import annotations

import io
import re

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
NUMBER_FORMAT = "#,##0.0#"
COUNT_FORMAT = "#,##0"
WHOLE_FORMAT = "0"
# Shares as Excel's own per cent: the cell holds the fraction (0.125 shows as 12,5 %), so a sum or
# a product in the reader's sheet is right. The tables hold per cent (12.5), and are divided here.
PERCENT_FORMAT = "0.0 %"
WHOLE_COLUMNS = ("År", "Kommunenummer", "Kommunenr.", "aar", "kommunenummer")
# A typed value and its unit (the assumptions sheet): each cell formatted as its unit says.
UNIT_FORMATS = {"%": PERCENT_FORMAT, "år": WHOLE_FORMAT, "antall år": WHOLE_FORMAT}
MONEY_WORDS = ("kr", "Bidrag", "Netto", "Unngått", "Dagens kostnad", "Budsjett", "Nåverdi", "Beløp", "Verdi")


def _format_for(column: str, values: pd.Series) -> str:
    """The number format a column's name implies: years and municipality numbers plain, money in
    kroner, shares in per cent, other figures grouped (with decimals only where there are any)."""
    if column in WHOLE_COLUMNS:
        return WHOLE_FORMAT
    if "%" in column:
        return PERCENT_FORMAT
    if any(word in column for word in MONEY_WORDS):
        return KRONER_FORMAT
    given = pd.to_numeric(values, errors="coerce").dropna()
    return COUNT_FORMAT if (given == given.round()).all() else NUMBER_FORMAT


def _unit_format(unit: object) -> str:
    text = str(unit or "")
    if text.startswith("kr"):
        return KRONER_FORMAT
    return UNIT_FORMATS.get(text, NUMBER_FORMAT)


def _as_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Years and municipality numbers written as numbers, not text; per cent as fractions."""
    out = frame.copy()
    for column in out.columns:
        if "%" in str(column) and pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column] / 100
    for column in WHOLE_COLUMNS:
        if column not in out:
            continue
        values = out[column].replace("", pd.NA)
        given = values.dropna().astype(str)
        if len(given) and given.str.fullmatch(r"[1-9]\d{3}").all():  # «0301» would lose its zero
            out[column] = pd.to_numeric(values).astype("Int64")
    return out


def with_total(
    frame: pd.DataFrame, label: str, columns: list[str], given: dict[str, float] | None = None
) -> pd.DataFrame:
    """The frame with a «Sum» row under it, summing `columns` (blank elsewhere); `given` holds
    totals that are not the sum of the rows and must equal the page (the region's low and high:
    each municipality's low may come from another corner of the ranges)."""
    total = {c: (float("nan") if pd.api.types.is_numeric_dtype(frame[c]) else "") for c in frame.columns}
    total[label] = "Sum"
    total.update({column: frame[column].sum() for column in columns if column in frame})
    total.update({column: value for column, value in (given or {}).items() if column in frame})
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
            frame = _as_numbers(_text_mapped(frame, xml_safe))
            frame.to_excel(writer, sheet_name=name[:MAX_SHEET_NAME], index=False)
            sheet = writer.sheets[name[:MAX_SHEET_NAME]]
            for i, column in enumerate(frame.columns, start=1):
                if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(
                    frame[column]
                ):
                    number_format = _format_for(str(column), frame[column])
                    units = frame["Enhet"].tolist() if column == "Tall" and "Enhet" in frame else None
                    for row, (cell,) in enumerate(sheet.iter_rows(min_row=2, min_col=i, max_col=i)):
                        cell.number_format = _unit_format(units[row]) if units else number_format
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        if notes:
            pd.DataFrame({notes_title: [xml_safe(n) for n in notes]}).to_excel(
                writer, sheet_name=notes_title, index=False
            )
            writer.sheets[notes_title].column_dimensions["A"].width = 120
        text_cells_as_text(writer.book)
    return buffer.getvalue()


# What XML 1.0 (and so Excel and Word files) cannot hold: control characters but tab and line
# breaks, lone surrogates, and the non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: object) -> object:
    """A text with what XML cannot hold shown as «\ufffd»: a name that slipped past a check
    must never make a download fail; everything else unchanged."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    return value


def neutralised(value: object) -> object:
    """A text that a spreadsheet would run as a formula, prefixed with an apostrophe as
    spreadsheet users expect; everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _text_mapped(frame: pd.DataFrame, rule) -> pd.DataFrame:
    """The frame with `rule` applied to every text cell."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(rule)
    return out


def safe_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell `neutralised`: the one rule for every CSV Brannsam writes
    (the web's downloads and the command line's output)."""
    return _text_mapped(frame, neutralised)


def to_csv(frame: pd.DataFrame) -> bytes:
    return safe_text(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def qr_png(link: str) -> bytes:
    """The link as a QR code (PNG) that a phone reads from the back of a hall."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()
