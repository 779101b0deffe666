"""A download whose file cannot be made gives the user a file of the kind asked for that says in
Norwegian why, never the browser's English «Failed to generate file» (issue 49, point 9)."""

from __future__ import annotations

import errno
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from brannsam.documents import failed

ROOT = Path(__file__).resolve().parents[2]


def _broken(err: BaseException):
    def build() -> bytes:
        raise err

    return build


def test_excel_download_that_fails_says_why_in_norwegian():
    data = failed.guarded(_broken(OSError(errno.ENOSPC, "full")), "vedtak.xlsx")()
    text = openpyxl.load_workbook(io.BytesIO(data))["Feil"]["A1"].value
    assert text.startswith("Brannsam kunne ikke lage «vedtak.xlsx»: disken er full.")
    assert "serverloggen" in text


def test_word_and_pdf_downloads_that_fail_are_readable_documents_with_the_reason(tmp_path):
    word = failed.guarded(_broken(duckdb.IOException("locked")), "5001-Trondheim.docx")()
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word)).paragraphs]
    assert any("databasen kunne ikke leses" in p for p in paragraphs)
    pdf = failed.guarded(_broken(MemoryError()), "profil.pdf")()
    (tmp_path / "f.pdf").write_bytes(pdf)
    shown = subprocess.run(["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True).stdout
    assert "ikke nok minne" in " ".join(shown.split())


@pytest.mark.parametrize(("name", "kind"), [("vedlegg.zip", "zip"), ("risikobilde.csv", "text")])
def test_zip_and_text_downloads_that_fail_carry_the_message(name, kind):
    data = failed.guarded(_broken(ValueError("bug")), name)()
    text = (
        zipfile.ZipFile(io.BytesIO(data)).read("FEIL.txt").decode()
        if kind == "zip"
        else data.decode("utf-8-sig")
    )
    assert f"Brannsam kunne ikke lage «{name}»: en uventet feil i Brannsam." in text


def test_a_download_that_works_is_untouched():
    assert failed.guarded(lambda: b"PK-data", "x.xlsx")() == b"PK-data"


def test_every_download_button_goes_through_the_guard():
    """A page calling Streamlit's download button itself would bring the English message back."""
    sources = [*ROOT.glob("pages/**/*.py"), *ROOT.glob("brannsam/ui/*.py"), ROOT / "app.py"]
    direct = [
        str(path.relative_to(ROOT))
        for path in sources
        if path.name != "downloads.py" and re.search(r"\.download_button\(", path.read_text())
    ]
    assert direct == []
