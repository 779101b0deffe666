"""A download that could not be made, said in Norwegian in the file the user asked for.

A download's file is made when its button is clicked, on a thread where the page can no longer
show a message; a failure there would reach the user only as the browser's «Failed to generate
file». So the builder is guarded: on any failure the user gets a file of the kind asked for that
says, in Norwegian, that it could not be made and why, and the details go to the server log."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import PurePath

import duckdb
from openpyxl import Workbook

from brannsam.documents import output_files
from brannsam.documents.document import Document, Section
from brannsam.documents.writers import WRITERS

log = logging.getLogger("brannsam")

TITLE = "Filen kunne ikke lages"


def reason(err: BaseException) -> str:
    """Why a file could not be made, as a user can act on it."""
    if isinstance(err, MemoryError):
        return "serveren hadde ikke nok minne"
    if isinstance(err, OSError):
        return output_files.reason(err)
    if isinstance(err, duckdb.Error):
        return "databasen kunne ikke leses"
    return "en uventet feil i Brannsam"


def message(file_name: str, err: BaseException) -> str:
    return (
        f"Brannsam kunne ikke lage «{file_name}»: {reason(err)}. Ingen tall i denne filen er gyldige. "
        "Feilen er skrevet i serverloggen; prøv igjen, og si fra til den som drifter appen om det "
        "skjer igjen."
    )


def failure_file(file_name: str, text: str) -> bytes:
    """A file of the kind `file_name` names (by its suffix) that holds only `text`: an Excel
    sheet, a Word or PDF page, a zip with one text file, or plain text."""
    kind = PurePath(file_name).suffix.lower().lstrip(".")
    try:
        if kind == "xlsx":
            book = Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.title = "Feil"
            sheet["A1"] = text
            sheet.column_dimensions["A"].width = 120
            buffer = io.BytesIO()
            book.save(buffer)
            return buffer.getvalue()
        if kind in WRITERS:
            page = Document(PurePath(file_name).stem, TITLE, "", "", "", [Section(TITLE, [text])], [], [], [])
            return WRITERS[kind](page)
        if kind == "zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("FEIL.txt", text)
            return buffer.getvalue()
    except Exception:
        log.exception("the failure file for %s could not be made either", file_name)
    return text.encode("utf-8-sig")


def guarded(build: Callable[[], bytes], file_name: str) -> Callable[[], bytes]:
    """`build`, but a failure gives `failure_file` with the reason instead of an exception."""

    def made() -> bytes:
        try:
            return build()
        except Exception as err:
            log.exception("download %s failed", file_name)
            return failure_file(file_name, message(file_name, err))

    return made
