"""A text that slipped past every check (a non-character, a control character) never makes a
download fail: Excel, Word and PDF show it as «\ufffd» (issue 49, point 9)."""

from __future__ import annotations

import io

import docx
import openpyxl
import pandas as pd

from brannsam.documents import writers
from brannsam.documents.document import Document, Section, Table
from brannsam.present import export

BAD = "Kari\uffff \x01Nordmann\ufffe"


def test_excel_with_text_xml_cannot_hold_is_written_and_readable():
    data = export.to_excel({"Ark": pd.DataFrame({"Navn": [BAD], "Tall": [1.5]})}, notes=[BAD])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Ark"]["A2"].value == "Kari\ufffd \ufffdNordmann\ufffd"
    assert book["Ark"]["B2"].value == 1.5


def test_word_and_pdf_with_text_xml_cannot_hold_are_written():
    brief = Document(
        file_stem="test",
        title=BAD,
        scenario=BAD,
        date="7. desember 2026",
        link="http://x",
        sections=[Section(BAD, [BAD], [Table(BAD, pd.DataFrame({BAD: [BAD]}), BAD)])],
        caveats=[BAD],
        sources=[BAD],
        draft=[BAD],
    )
    word = docx.Document(io.BytesIO(writers.to_docx(brief)))
    assert any("Kari\ufffd \ufffdNordmann\ufffd" in p.text for p in word.paragraphs)
    assert writers.to_pdf(brief).startswith(b"%PDF")
