"""Downloads people open in Excel: xlsx with Norwegian headers, and CSV as Norwegian Excel
reads it (semicolon, decimal comma, UTF-8 with BOM)."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.utils import get_column_letter

MAX_SHEET_NAME = 31


def to_excel(sheets: dict[str, pd.DataFrame], notes: list[str] | None = None) -> bytes:
    """One sheet per dataframe (plus «Om tallene» with source notes), columns sized to fit."""
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
            pd.DataFrame({"Om tallene": notes}).to_excel(writer, sheet_name="Om tallene", index=False)
            writer.sheets["Om tallene"].column_dimensions["A"].width = 120
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
