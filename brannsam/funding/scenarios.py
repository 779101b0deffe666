"""A scenario's identity outside the app: its settings packed into one URL parameter so that a
copied link reproduces them on another laptop, the short code a saved scenario is found by, and
the checks a scenario's name and references pass before it is stored. Both the link and the code
derive from the settings' one canonical form (`Settings.canonical`)."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import zlib

from brannsam.data import columns
from brannsam.funding import options
from brannsam.funding.settings import ScenarioError, Settings


class ScenarioExists(ScenarioError):
    """Saving would replace a scenario someone saved before: the caller must confirm."""


# A link holds a few kilobytes of settings; more than this is not a scenario (zip-bomb guard).
MAX_LINK_CHARS = 20_000
MAX_DECODED_BYTES = 200_000


def encode(settings: Settings) -> str:
    """The settings as the `?oppsett=` parameter: their canonical form, compressed."""
    return _packed(settings.canonical)


@functools.lru_cache(maxsize=256)
def _packed(canonical: str) -> str:
    """Compressing is the costly part of a link (a slider move asks for the same one several
    times), so each canonical form is packed once."""
    return base64.urlsafe_b64encode(zlib.compress(canonical.encode(), 9)).decode().rstrip("=")


def decode(text: str) -> Settings:
    invalid = ScenarioError("Lenken inneholder ikke et gyldig scenario.")
    if len(text) > MAX_LINK_CHARS:
        raise invalid
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise invalid
        data = json.loads(raw)
    except (ValueError, zlib.error) as err:
        raise invalid from err
    return Settings.from_dict(data)


MAX_URL = 200
CODE_LENGTH = 10
CODE_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def short_code(settings: Settings) -> str:
    """A short code for a stored scenario's settings (the first ten characters of their hash): the
    database keeps the settings, so a link of a few dozen characters finds them again."""
    return base64.b32encode(hashlib.sha256(settings.canonical.encode()).digest()).decode()[:CODE_LENGTH]


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and set(text) <= CODE_ALPHABET


def short_link(settings: Settings, base_url: str) -> str:
    """`link`, shortened to `?kode=` for settings saved as a scenario (the caller knows they are)."""
    long = link(settings, base_url)
    return long.split("?", 1)[0] + f"?kode={short_code(settings)}"


def link(settings: Settings, base_url: str) -> str:
    """The address that reproduces `settings` on the funding page under `base_url` (see
    `paths.public_url`). An address that is no plain http(s) address is refused in Norwegian
    rather than written into a council's document."""
    base = base_url.strip().rstrip("/")
    if (problem := columns.text_problem(base, MAX_URL)) or not re.fullmatch(r"https?://[^\s<>\"]+", base):
        raise ScenarioError(
            f"Adressen i BRANNSAM_URL kan ikke brukes i lenken ({problem or 'ikke en http(s)-adresse'})."
        )
    return f"{base}/finansiering?oppsett={encode(settings)}"


MAX_NAME = 80
# Names the comparison table uses for its own columns.
RESERVED_NAMES = {"kommune", "kommunenummer"}


def check_name(name: str) -> str:
    name = " ".join(name.split()) if isinstance(name, str) else name
    if not name:
        raise ScenarioError("Gi scenarioet et navn.")
    if problem := columns.text_problem(name, MAX_NAME):
        raise ScenarioError(f"Navnet {problem}.")
    if name.lower() in RESERVED_NAMES:
        raise ScenarioError(f"«{name}» brukes som kolonnenavn i sammenligningen; velg et annet navn.")
    return name


def check_references(settings: Settings, known: set[str], stations: set[str] | None = None) -> None:
    """Every municipality a scenario names (left out, local extras) must be one of the region's,
    someone must join, and (given the region's `stations`) every duty-officer zone of an edited
    alternative must have a station as its base: a scenario that fails this is never stored."""
    named = [*settings.uten, *(str(row.get("kommunenummer")) for row in settings.tilvalg)]
    unknown = [nr for nr in named if nr not in known]
    if unknown:
        raise ScenarioError(f"Scenarioet nevner kommunenummer {unknown[0]}, som ikke er en av kommunene.")
    if known and set(settings.uten) >= known:
        raise ScenarioError("Minst én kommune må være med i samarbeidet.")
    if stations is not None and settings.alternativer:
        problems = [p for o in settings.alternativer for p in options.validate(o, stations=stations)]
        if problems:
            raise ScenarioError("Alternativene kan ikke brukes: " + " ".join(problems[:3]))
