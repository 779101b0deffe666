"""Norwegian number, money, percent and date formatting, used by every page and export.

Thousands are grouped with a no-break space so that a figure never wraps on a projector.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from typing_extensions import TypeIs

NBSP = "\u00a0"
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
MISSING = "–"


def _is_missing(value: float | int | None) -> TypeIs[None]:
    """None or NaN (a NaN is a float, but shown as missing all the same)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, decimals: int = 0) -> str:
    """`1234567.891, 1` -> `1 234 567,9` (no-break spaces, decimal comma, minus sign)."""
    if _is_missing(value):
        return MISSING
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if round(value, decimals) < 0:
        text = "\u2212" + text
    return text


def count(n: int, one: str, many: str) -> str:
    """`1 rad`, `2 rader`, `1 234 rader`."""
    return f"{number(n)}{NBSP}{one if n == 1 else many}"


def plain(value: float | int) -> str:
    """A limit or an entered value with the decimals it has: `5e9` -> `5 000 000 000`, `65.5` ->
    `65,5` (Python's `:g` would print `5e+09` and `65.5`)."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return number(value, len(text.split(".")[1]) if "." in text else 0)


def kroner(value: float | int | None, decimals: int = 0) -> str:
    """`1234567` -> `1 234 567 kr`."""
    if _is_missing(value):
        return MISSING
    return f"{number(value, decimals)}{NBSP}kr"


def signed_kroner(value: float | int | None) -> str:
    """Differences show their sign: `+12 000 kr`, `−3 400 kr`."""
    if _is_missing(value):
        return MISSING
    prefix = "+" if round(value) > 0 else ""
    return prefix + kroner(value)


def signed_millions(value: float | int | None) -> str:
    """Large differences in millions with their sign, for a figure whose label says «mill. kr»:
    `+14,0`, `−2,3`."""
    if _is_missing(value):
        return MISSING
    prefix = "+" if round(value / 1e5) > 0 else ""
    return prefix + number(value / 1e6, 1)


def rounded(value: float | int) -> float:
    """Three significant figures: an estimate to the krone claims a precision it does not have."""
    if value == 0 or _is_missing(value):
        return value
    digits = 2 - math.floor(math.log10(abs(value)))
    return round(value, min(digits, 0))


def approx_kroner(value: float | int | None, signed: bool = False) -> str:
    """`446702` -> `447 000 kr` (three significant figures), with a sign when asked."""
    if _is_missing(value):
        return MISSING
    shown = rounded(value)
    return signed_kroner(shown) if signed else kroner(shown)


def kroner_span(low: float | int | None, high: float | int | None, signed: bool = True) -> str:
    """A range in kroner, rounded like `approx_kroner`: `−156 000 til +220 000 kr`."""
    if _is_missing(low) or _is_missing(high):
        return MISSING
    first = approx_kroner(low, signed).removesuffix(f"{NBSP}kr")
    return f"{first} til {approx_kroner(high, signed)}"


def millions_span(low: float | int | None, high: float | int | None) -> str:
    """A range in millions with signs, for a figure whose label says «mill. kr»: `+6,3 til +21,2`."""
    if _is_missing(low) or _is_missing(high):
        return MISSING
    return f"{signed_millions(low)} til {signed_millions(high)}"


def percent(share: float | None, decimals: int = 1) -> str:
    """A share (0.125) as `12,5 %`."""
    if _is_missing(share):
        return MISSING
    return f"{number(share * 100, decimals)}{NBSP}%"


def signed_percent(share: float | None, decimals: int = 1) -> str:
    if _is_missing(share):
        return MISSING
    prefix = "+" if round(share * 100, decimals) > 0 else ""
    return prefix + percent(share, decimals)


def date(value: dt.date) -> str:
    """`2024-01-23` -> `23. januar 2024`."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


# Inline markup, links and images, directives (`:red[…]`), autolinks (`http:`, `www.`), math;
# `+`, `-` and `=` only matter at the start of a line (lists, headings), and every text here is
# one line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~:$.]|^[-+=])")


# Streamlit turns bare addresses into links after escapes are resolved; an invisible word joiner
# after the scheme (and after «@») keeps an address in user text from becoming a link.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=\\?[:.])|(@)")
WORD_JOINER = "\u2060"


def markdown_text(text: object) -> str:
    """Text from users, files or URLs, escaped so that markdown shows it as written: a name
    like `![x](http://host/p.png)` stays text instead of becoming an image or a link."""
    one_line = re.sub(r"[ \t\r\n\f\v]+", " ", str(text)).strip()  # no-break spaces stay
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, escaped)


def visible(text: str) -> str:
    """A text with its control and invisible characters shown as «U+XXXX», for a message that
    names what the user typed."""
    return "".join(f"U+{ord(c):04X}" if unicodedata.category(c) in {"Cc", "Cf"} else c for c in str(text))


def file_safe(name: str) -> str:
    """A name for a file: letters (æøå too) and digits kept, the rest one hyphen: «Indre Fosen»
    -> «Indre-Fosen»."""
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-_") or "fil"
