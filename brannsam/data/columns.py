"""One definition of a column and one converter for its cells, shared by the build (the source
files in data/sources/) and the import (the templates the fire services fill in), so a value
the build accepts is a value the import accepts, with the same limits and the same Norwegian
message.

The converter reports a problem without saying where it is (`CellError`); the caller names the
file, sheet, row and column, each in its own way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from brannsam import formatting as fmt

KINDS = ("text", "int", "float", "bool", "choice", "kommunenummer", "brannvesen", "samarbeidsomrade")
# The kinds whose values must be one of the known ids, and what to call them.
KNOWN_KINDS = {
    "kommunenummer": "kommunenummer",
    "brannvesen": "brannvesen-ID",
    "samarbeidsomrade": "samarbeidsområde",
}
KOMMUNENUMMER = re.compile(r"\d{4}")
# A cell of a file sent to us: longer text than this is refused unless the column sets its own.
MAX_TEXT = 300

# Limits shared by every column that holds the same quantity. The box is the Midt-Norge 110 area
# (62.2–65.3 °N, 8.2–14.3 °E) with a margin: a point outside it is a typo.
LATITUDE = (62.0, 65.5)
LONGITUDE = (8.0, 14.5)
YEAR = (1990, 2100)  # the oldest figure we hold is from 2010
INHABITANTS = (0, 2_000_000)
NET_COST_KR = (0, 5_000_000_000)
COUNT_PER_YEAR = (0, 100_000)  # incidents of one kind, or risk objects, in one municipality
PART_TIMERS = (0, 5000)
ARSVERK = {
    "arsverk_ledelse": (0, 100),
    "arsverk_forebyggende": (0, 500),
    "arsverk_forebyggende_inkl_feiing": (0, 500),
    "arsverk_beredskap_heltid": (0, 2000),
    "arsverk_beredskap_deltid": (0, 2000),
    "arsverk_feiing": (0, 500),
}


@dataclass(frozen=True, kw_only=True)
class Column:
    """A column: its database name, its kind, whether a value is required and its limits; for a
    template, also the Norwegian header and the help text."""

    name: str
    kind: str = "text"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    header: str = ""  # the Norwegian header in a template; a source file uses `name`
    help: str = ""
    choices: tuple[str, ...] = ()  # the allowed values of a «choice» column
    max_chars: int | None = None  # a text column's limit, where tighter than MAX_TEXT

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def label(self) -> str:
        return self.header or self.name


def bounded(name: str, kind: str, bounds: tuple[float, float], **options) -> Column:
    """A numeric column with (minimum, maximum) from one of the shared limits above."""
    return Column(name=name, kind=kind, minimum=bounds[0], maximum=bounds[1], **options)


def arsverk(name: str, **options) -> Column:
    """An optional count of årsverk, with the limit the build and the import share."""
    return bounded(name, "float", ARSVERK[name], required=False, **options)


class CellError(ValueError):
    """One cell that cannot be used; the message says why, in Norwegian, without saying where."""


def _is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and pd.isna(value))
    )


def _norwegian_number(text: str) -> float:
    """`1 234,5` / `1234.5` / `1.234,5` -> 1234.5; raises ValueError otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def _unseen(text: str) -> str | None:
    """The first invisible or control character in `text` (as U+XXXX), if any."""
    for char in text:
        if unicodedata.category(char) in {"Cc", "Cf"} and char not in "\t\n\r":
            return f"U+{ord(char):04X}"
    return None


def _unwritable(text: str) -> str | None:
    """The first character no Word or Excel file can hold (as U+XXXX): a lone surrogate, a
    non-character such as U+FFFF, or a code point Unicode has not assigned."""
    for char in text:
        if unicodedata.category(char) in {"Cs", "Cn"}:
            return f"U+{ord(char):04X}"
    return None


def text_problem(value: object, limit: int) -> str | None:
    """What is wrong with a name a user typed, in Norwegian (None when it can be used): the one
    check every text from a user passes, the same the import makes of a cell."""
    if not isinstance(value, str):
        return "er ikke en tekst"
    if len(value) > limit:
        return f"er {len(value)} tegn, høyst {limit} er tillatt"
    if hidden := _unseen(value):
        return f"har et usynlig tegn eller styretegn ({hidden}); skriv den inn på nytt"
    if broken := _unwritable(value):
        return f"har et tegn som ikke kan skrives i Word eller Excel ({broken}); skriv den inn på nytt"
    return None


def convert(
    value: object, column: Column, known: dict[str, dict[str, str]] | None = None, *, untrusted: bool = False
) -> object:
    """The cell's value as the database stores it, or `None` for an empty optional cell.

    `known` maps each id kind to {lower-case text: id}; without an entry for a kind only the
    format is checked. `untrusted` (a file sent to us) also limits text length and refuses
    invisible characters, which our own source files may contain in names.
    """
    if _is_blank(value):
        if column.required:
            raise CellError("verdien mangler.")
        return None
    if isinstance(value, str):
        value = value.strip()
        if untrusted:
            limit = column.max_chars or MAX_TEXT
            if len(value) > limit:
                raise CellError(f"teksten er {len(value)} tegn, høyst {limit} er tillatt.")
            if hidden := _unseen(value):
                raise CellError(
                    f"teksten har et usynlig tegn eller styretegn ({hidden}), så den kan se ut som en "
                    "annen. Skriv den inn på nytt."
                )
            if broken := _unwritable(value):
                raise CellError(
                    f"teksten har et tegn som ikke kan skrives i Word eller Excel ({broken}). Skriv den inn "
                    "på nytt."
                )
    if column.kind == "text":
        return str(value)
    if column.kind in KNOWN_KINDS:
        return _known_id(value, column.kind, (known or {}).get(column.kind))
    if column.kind in {"choice", "bool"}:
        text = str(value).lower()
        allowed = column.choices if column.kind == "choice" else ("ja", "nei")
        if text not in allowed:
            wanted = "«ja» eller «nei»" if column.kind == "bool" else "en av: " + ", ".join(allowed)
            raise CellError(f"«{value}» skal være {wanted}.")
        return text == "ja" if column.kind == "bool" else text
    return _number(value, column)


def _known_id(value: object, kind: str, ids: dict[str, str] | None) -> str:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    text = str(value)
    if number and kind == "kommunenummer" and isinstance(value, (int, float)):
        text = str(int(value)).zfill(4)
    if kind == "kommunenummer" and not KOMMUNENUMMER.fullmatch(text):
        raise CellError(f"«{text}» er ikke et kommunenummer (fire sifre).")
    if ids is None:
        return text
    found = ids.get(text.lower())
    if found is None:
        raise CellError(f"ukjent {KNOWN_KINDS[kind]} «{text}».")
    return found


def _number(value: object, column: Column) -> int | float:
    try:
        number = float(value) if isinstance(value, (int, float)) else _norwegian_number(str(value))
    except ValueError:
        raise CellError(f"«{value}» er ikke et tall.") from None
    if column.kind == "int" and not float(number).is_integer():
        # A number from Excel is shown as the user typed it in Norwegian: «2023,5», not «2023.5».
        shown = str(value).replace(".", ",") if isinstance(value, float) else value
        raise CellError(f"«{shown}» må være et helt tall.")
    low, high = column.minimum, column.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(f"{fmt.plain(number)} er utenfor det tillatte området {allowed_range(column)}.")
    return int(number) if column.kind == "int" else number


def allowed_range(column: Column) -> str:
    """«0–100», «minst 0» or «høyst 5», as the template and the messages say it."""
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"{fmt.plain(low)}–{fmt.plain(high)}"
    if low is not None:
        return f"minst {fmt.plain(low)}"
    return f"høyst {fmt.plain(high)}" if high is not None else ""
