"""Templates as a user fills them: the downloaded template with some cells of the example row
changed (the example row itself is refused, so a test must change at least one value)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from brannsam.imports import datasets


def filled(name: str, changes: dict | None = None, reference: pd.DataFrame | None = None) -> bytes:
    """`changes` by header: `filled("kostnader", {"Kommunenummer": "5001"})`. Without changes the
    source is set to «Ekte kilde»."""
    dataset = datasets.DATASETS[name]
    book = openpyxl.load_workbook(io.BytesIO(datasets.template(name, reference)))
    sheet = book[dataset.sheet]
    headers = [cell.value for cell in sheet[1]]
    for header, value in (changes or {"Kilde": "Ekte kilde"}).items():
        sheet.cell(row=2, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
